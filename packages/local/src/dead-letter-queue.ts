/**
 * The local `DeadLetterQueue` the API lists and replays through (issue 13 item 1): the Control
 * table's dead letters of the processor, replayed by the same processor the stream poller runs,
 * exactly as `ioc dlq replay` does. One process holds both locally; on AWS the API hands a
 * replay to the processor function instead (see packages/api/src/deadletter-routes.ts).
 */
import {
  attemptsOf,
  type DeadLetterItem,
  type DeadLetterQueue,
  type DeadLetterReplay,
  type RegistryStore,
  summariseStreamRecord,
} from "@ioc/core";
import { createProcessor } from "@ioc/pipeline";
import { createDeadLetterStore, createRuleStore, createStateStore, type DeadLetter, type DynamoDeps } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";

/** What the queue reads and replays with. */
export interface LocalDeadLetterQueueDeps extends DynamoDeps {
  registry: Pick<RegistryStore, "getProvince">;
  clock: () => number;
}

const CONSUMER = "processor";

/** A stored dead letter as the port lists it. */
export function deadLetterItemOf(letter: DeadLetter): DeadLetterItem {
  const attempts = attemptsOf(letter.error);
  return {
    id: letter.eventId,
    at: letter.at,
    reason: letter.error,
    ...(attempts === undefined ? {} : { attempts }),
    summary: summariseStreamRecord(letter.record),
  };
}

/** The processor's dead letters in the Control table, replayed in this process. */
export function createLocalDeadLetterQueue(deps: LocalDeadLetterQueueDeps): DeadLetterQueue {
  const store = createDeadLetterStore(deps);
  const state = createStateStore(deps);
  const rules = createRuleStore(deps);
  return {
    async list() {
      return (await store.list(CONSUMER)).map(deadLetterItemOf).sort((a, b) => b.at - a.at);
    },
    async replay(id): Promise<DeadLetterReplay | undefined> {
      const letter = (await store.list(CONSUMER)).find((l) => l.eventId === id);
      if (!letter) return undefined;
      // A processor of its own for each replay, so what it logs about this record is the reason.
      const errors: string[] = [];
      const handler = createProcessor({
        state,
        registry: deps.registry,
        rules,
        clock: deps.clock,
        logger: {
          debug() {},
          error: (message: string, extra?: unknown) => {
            const detail = (extra as { error?: unknown } | undefined)?.error;
            errors.push(detail === undefined ? message : `${message}: ${String(detail)}`);
          },
        },
      });
      let record: DynamoDBRecord;
      try {
        record = JSON.parse(letter.record) as DynamoDBRecord;
      } catch (error) {
        return { outcome: "failed", reason: `the stored record is not JSON: ${String(error)}` };
      }
      // Under its shard and marked as a replay: only what was set aside is folded in again.
      const result = await handler({
        Records: [record],
        replay: true,
        ...(letter.shardId ? { shardId: letter.shardId } : {}),
      });
      if (result.batchItemFailures.length > 0)
        return { outcome: "failed", reason: errors.join("; ") || "the processor refused it again" };
      await store.remove(letter);
      return { outcome: "replayed" };
    },
  };
}
