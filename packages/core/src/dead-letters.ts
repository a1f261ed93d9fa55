/**
 * Dead letters as an administrator sees them (issue 13 item 1): stream records the pipeline set
 * aside after failing every attempt, summarised from the record itself (which province, commune,
 * metric and value it carried), and the port an API replays them through. The port hides where
 * they are kept (the Control table locally, SQS on AWS) and what replays them.
 */
import type { Principal } from "./roles.js";

/** What a stream record carried, read from its image; every field may be missing in a poison record. */
export interface DeadLetterSummary {
  /** INSERT, MODIFY or REMOVE. */
  eventName?: string;
  entity?: string;
  sourceId?: string;
  readingId?: string;
  province?: string;
  commune?: string;
  metric?: string;
  /** The reading's value; absent when that is why it failed. */
  value?: number;
  /** Epoch ms of the observation. */
  observedAt?: number;
}

/** A dead letter of the processor, as the port lists it. */
export interface DeadLetterItem {
  /** The stream event id: what a replay names. */
  id: string;
  /** Epoch ms it was set aside. */
  at: number;
  /** Why it was set aside, as the consumer reported it. */
  reason: string;
  /** Attempts made before it was set aside, when known. */
  attempts?: number;
  summary: DeadLetterSummary;
}

/** What a replay did: folded in and removed, or failed again and kept (with why). */
export type DeadLetterReplay = { outcome: "replayed" } | { outcome: "failed"; reason: string };

/** Where dead letters are listed and replayed from. */
export interface DeadLetterQueue {
  /** Every dead letter of the processor, newest first. */
  list(): Promise<DeadLetterItem[]>;
  /** Replays one; undefined when there is no dead letter with this id. */
  replay(id: string): Promise<DeadLetterReplay | undefined>;
}

type Attribute = { S?: string; N?: string; BOOL?: boolean; NULL?: boolean };
type StreamRecordJson = {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, Attribute>; OldImage?: Record<string, Attribute> };
};

const text = (a: Attribute | undefined) => (typeof a?.S === "string" ? a.S : undefined);
const num = (a: Attribute | undefined) => {
  const n = typeof a?.N === "string" ? Number(a.N) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The summary of a Lambda-shaped DynamoDB stream record (JSON text); what cannot be read is left
 * out, so a record broken in any way still lists. Decodes S and N attributes itself: core takes
 * no AWS SDK.
 */
export function summariseStreamRecord(recordJson: string): DeadLetterSummary {
  let record: StreamRecordJson;
  try {
    record = JSON.parse(recordJson) as StreamRecordJson;
  } catch {
    return {};
  }
  if (typeof record !== "object" || record === null) return {};
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage ?? {};
  const fields: DeadLetterSummary = {
    eventName: typeof record.eventName === "string" ? record.eventName : undefined,
    entity: text(image.entity),
    sourceId: text(image.sourceId),
    readingId: text(image.readingId),
    province: text(image.province),
    commune: text(image.commune),
    metric: text(image.metric),
    value: num(image.value),
    observedAt: num(image.observedAt),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as DeadLetterSummary;
}

/** The attempt count a consumer wrote into its reason ("failed 3 attempts"), if any. */
export function attemptsOf(reason: string): number | undefined {
  const match = /failed (\d+) attempts?/.exec(reason);
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether `principal`, working on `province`, sees a dead letter: one of that province, or one
 * naming no province at all (a record too broken to say) for a user of every province only.
 */
export function deadLetterVisible(item: DeadLetterItem, principal: Principal, province: string): boolean {
  if (item.summary.province === undefined) return principal.provinces.includes("*");
  return item.summary.province === province;
}
