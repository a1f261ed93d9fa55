import { NATIONAL_AUDIT_CHAIN } from "@ioc/core";
import { createProcessor } from "@ioc/pipeline";
import { createDeadLetterStore, createRuleStore, createStateStore, type DeadLetter } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { type CliCommand, type CliContext, CliError, say } from "../cli-context.js";
import { recordCliAudit } from "./audit.js";

const CONSUMERS = ["processor", "broadcaster"] as const;

function consumerOf(context: CliContext): (typeof CONSUMERS)[number] {
  const value = context.options.consumer ?? "processor";
  if (typeof value !== "string" || !(CONSUMERS as readonly string[]).includes(value)) {
    throw new CliError(
      { vi: `--consumer phải là ${CONSUMERS.join(" hoặc ")}`, en: `--consumer must be ${CONSUMERS.join(" or ")}` },
      2,
    );
  }
  return value as (typeof CONSUMERS)[number];
}

/** `ioc dlq list`: stream records set aside after failing every attempt. */
export const dlqList: CliCommand = {
  summary: { vi: "Liệt kê bản ghi lỗi đã tách riêng (dead-letter)", en: "List dead-lettered stream records" },
  usage: "ioc dlq list [--consumer processor|broadcaster]",
  async run(context: CliContext) {
    const consumer = consumerOf(context);
    const letters = await createDeadLetterStore(context.dynamo).list(consumer);
    const { io, lang } = context;
    if (letters.length === 0) {
      io.out(say(lang, { vi: `Không có bản ghi lỗi nào của ${consumer}.`, en: `No dead letters for ${consumer}.` }));
      return;
    }
    io.out(say(lang, { vi: "THỜI ĐIỂM\tMÃ SỰ KIỆN\tLỖI", en: "AT\tEVENT ID\tERROR" }));
    for (const l of letters) io.out(`${new Date(l.at).toISOString()}\t${l.eventId}\t${l.error}`);
  },
};

/**
 * `ioc dlq replay`: runs the processor's dead letters through the same handler again and removes
 * each that now succeeds (the handler is idempotent, so a replay never doubles anything).
 */
export const dlqReplay: CliCommand = {
  summary: { vi: "Xử lý lại bản ghi lỗi qua bộ xử lý", en: "Replay dead letters through the processor" },
  usage: "ioc dlq replay [--consumer processor] [--id <event id>]",
  async run(context: CliContext) {
    const consumer = consumerOf(context);
    const { io, lang } = context;
    if (consumer !== "processor") {
      throw new CliError({
        vi: "Chỉ xử lý lại được bản ghi của processor; bảng điều khiển tự đồng bộ lại khi thiếu tin của broadcaster.",
        en: "Only processor dead letters can be replayed; dashboards resync by snapshot when broadcaster messages are missing.",
      });
    }
    const store = createDeadLetterStore(context.dynamo);
    const only = typeof context.options.id === "string" ? context.options.id : undefined;
    const letters = (await store.list(consumer)).filter((l) => !only || l.eventId === only);
    if (only && letters.length === 0) {
      throw new CliError({ vi: `Không có bản ghi lỗi ${only}.`, en: `No dead letter ${only}.` });
    }
    const handler = createProcessor({
      state: createStateStore(context.dynamo),
      registry: context.stores.registry,
      rules: createRuleStore(context.dynamo),
      clock: context.clock,
      logger: { debug() {}, error: (m: string) => io.err(m) },
    });
    let replayed = 0;
    const failed: DeadLetter[] = [];
    for (const letter of letters) {
      const record = JSON.parse(letter.record) as DynamoDBRecord;
      // Under its shard and marked as a replay: only what was set aside is folded in again.
      const result = await handler({
        Records: [record],
        replay: true,
        ...(letter.shardId ? { shardId: letter.shardId } : {}),
      });
      if (result.batchItemFailures.length === 0) {
        await store.remove(letter);
        replayed++;
      } else failed.push(letter);
    }
    await recordCliAudit(context, {
      province: NATIONAL_AUDIT_CHAIN,
      action: "dlq.replay",
      objectType: "dead-letters",
      objectId: "processor",
      after: { replayed, failed: failed.map((f) => f.eventId) },
    });
    io.out(
      say(lang, {
        vi: `Đã xử lý lại ${replayed} bản ghi; ${failed.length} bản ghi vẫn lỗi và được giữ lại.`,
        en: `Replayed ${replayed} record(s); ${failed.length} still fail and are kept.`,
      }),
    );
    if (failed.length > 0)
      throw new CliError({
        vi: `Vẫn lỗi: ${failed.map((f) => f.eventId).join(", ")}`,
        en: `Still failing: ${failed.map((f) => f.eventId).join(", ")}`,
      });
  },
};
