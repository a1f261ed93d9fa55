/**
 * `ioc audit verify [--province NN]`: walks each audit chain from its first record and reports
 * the first gap (a removed record), edited record or broken link exactly, with a non-zero exit;
 * otherwise the counts. Also `recordCliAudit`, with which the admin commands record themselves.
 */
import { type AuditEntry, type AuditRecord, type ChainVerdict, verifyChain } from "@ioc/core";
import { MalformedItemError } from "@ioc/store";
import { type CliCommand, type CliContext, CliError, say } from "../cli-context.js";

/** Records an admin command in the audit trail, as `cli:<operator>` with role `cli`. */
export async function recordCliAudit(
  context: CliContext,
  facts: Pick<AuditEntry, "province" | "action" | "objectType" | "objectId" | "before" | "after">,
): Promise<void> {
  await context.stores.audit.append({
    ...facts,
    at: context.clock(),
    actor: `cli:${context.operator ?? "unknown"}`,
    role: "cli",
    userAgent: "ioc-cli",
  });
}

const PROBLEM_TEXT = {
  gap: { vi: "thiếu bản ghi (bị xóa?)", en: "a record is missing (removed?)" },
  edited: {
    vi: "bản ghi bị sửa: băm không khớp nội dung",
    en: "a record was edited: its hash does not match its content",
  },
  "broken-link": {
    vi: "mắt xích đứt: bản ghi không trỏ đến băm của bản ghi trước",
    en: "broken link: the record does not point at the previous record's hash",
  },
  "wrong-chain": { vi: "bản ghi thuộc chuỗi khác", en: "the record belongs to another chain" },
  malformed: {
    vi: "bản ghi có thuộc tính lạ hoặc thiếu (bị sửa)",
    en: "the record has unknown or missing attributes (edited)",
  },
} as const;

/** `ioc audit verify`. */
export const auditVerify: CliCommand = {
  summary: {
    vi: "Kiểm tra chuỗi nhật ký: phát hiện bản ghi bị xóa hoặc bị sửa",
    en: "Verify the audit chains: find removed or edited records",
  },
  usage: "ioc audit verify [--province <2 digits>]",
  async run(context: CliContext) {
    const { io, lang, options, stores } = context;
    const province = typeof options.province === "string" ? options.province.trim() : undefined;
    const chains = province ? [province] : await stores.audit.listChains();
    if (chains.length === 0) {
      io.out(say(lang, { vi: "Chưa có bản ghi nhật ký nào.", en: "No audit records yet." }));
      return;
    }
    const faults: string[] = [];
    let total = 0;
    for (const chain of chains) {
      const read: AuditRecord[] = [];
      let verdict: ChainVerdict | { ok: false; malformed: string; seq: number; records: number };
      try {
        for await (const record of stores.audit.readChain(chain)) read.push(record);
        verdict = verifyChain(chain, read);
      } catch (error) {
        if (!(error instanceof MalformedItemError)) throw error;
        // The chain up to the unreadable record is checked first, so an earlier fault is still named first.
        const before = verifyChain(chain, read);
        verdict = before.ok
          ? { ok: false, malformed: error.message, seq: before.lastSeq + 1, records: before.records }
          : before;
      }
      if (verdict.ok) {
        total += verdict.records;
        io.out(
          say(lang, {
            vi: `✔ Tỉnh ${chain}: ${verdict.records} bản ghi, chuỗi nguyên vẹn (băm cuối ${verdict.lastHash.slice(0, 12)}…).`,
            en: `✔ Province ${chain}: ${verdict.records} records, chain intact (last hash ${verdict.lastHash.slice(0, 12)}…).`,
          }),
        );
        continue;
      }
      const text = "malformed" in verdict ? PROBLEM_TEXT.malformed : PROBLEM_TEXT[verdict.problem];
      const detail =
        "malformed" in verdict
          ? verdict.malformed
          : say(lang, {
              vi: `mong đợi ${verdict.expected}, thấy ${verdict.found}`,
              en: `expected ${verdict.expected}, found ${verdict.found}`,
            });
      faults.push(
        say(lang, {
          vi: `Tỉnh ${chain}, bản ghi số ${verdict.seq}: ${text.vi} (${detail}); ${verdict.records} bản ghi trước đó hợp lệ.`,
          en: `Province ${chain}, record ${verdict.seq}: ${text.en} (${detail}); the ${verdict.records} records before it are valid.`,
        }),
      );
    }
    if (faults.length > 0) throw new CliError({ vi: faults.join("\n✖ "), en: faults.join("\n✖ ") });
    io.out(
      say(lang, {
        vi: `Tổng cộng ${total} bản ghi trong ${chains.length} chuỗi, không có lỗi.`,
        en: `${total} records in ${chains.length} chains, no faults.`,
      }),
    );
  },
};
