/**
 * One codec per stored entity, declared once (as ElectroDB declares an entity): its entity name,
 * its key (from `keys.ts`), the schema of its item, `toItem` for every writer and `fromImage` for
 * every reader — the repositories here and the stream consumers (processor, broadcaster,
 * scheduler), which decode DynamoDB stream images with the same codec that wrote the item.
 */
import {
  type Alert,
  type AlertRule,
  type ApiKeyRecord,
  type Commune,
  communeSchema,
  type Feeds,
  HOURLY_RETENTION_DAYS,
  type HourBucket,
  type Kpi,
  type LatestPanel,
  type LegacyCodeEntry,
  RETENTION_DAYS,
  type Rollup,
  type SavedScenario,
  type Source,
  scenarioSchema,
  type ValidReading,
} from "@ioc/core";
import * as z from "zod/mini";
import {
  alertKey,
  apiKeyKey,
  communeKey,
  deadLetterKey,
  ENTITY,
  feedsKey,
  hourBucketKey,
  latestPanelKey,
  legacyCodeKey,
  readingKey,
  rollupKey,
  ruleKey,
  scenarioByIdKey,
  sourceKey,
} from "./keys.js";

/** The name an item carries in its `entity` attribute. */
export type EntityName = (typeof ENTITY)[keyof typeof ENTITY];
/** A DynamoDB key as the tables declare it. */
export type ItemKey = { pk: string; sk: string };

/** A stored item (or a stream image) that its entity's schema refuses: retrying cannot help. */
export class MalformedItemError extends Error {
  readonly code = "malformed-item";
  constructor(
    readonly entity: EntityName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MalformedItemError";
  }
}

/** How one entity is stored. */
export interface EntityCodec<T> {
  readonly entity: EntityName;
  /** The item's primary key, when the value names it (else every writer gives the key). */
  keyOf(value: T): ItemKey;
  /** The item to write (unmarshalled), under `key` (default: the primary key). */
  toItem(value: T, key?: ItemKey): Record<string, unknown>;
  /** Decodes an unmarshalled item or stream image; throws `MalformedItemError` when it does not fit. */
  fromImage(image: Record<string, unknown>): T;
}

/** Declares a codec (history-codecs.ts uses it too): the schema decodes stored attributes; `toAttributes` encodes (identity by default). */
export function defineCodec<T>(spec: {
  entity: EntityName;
  schema: z.ZodMiniType<T>;
  keyOf?: (value: T) => ItemKey;
  toAttributes?: (value: T) => Record<string, unknown>;
}): EntityCodec<T> {
  const { entity, schema } = spec;
  const keyOf =
    spec.keyOf ??
    (() => {
      throw new Error(`a ${entity} item's key is not in its value: give it to toItem`);
    });
  const toAttributes = spec.toAttributes ?? ((value: T) => value as Record<string, unknown>);
  return {
    entity,
    keyOf,
    toItem: (value, key = keyOf(value)) => ({ ...key, entity, ...toAttributes(value) }),
    fromImage(image) {
      const parsed = schema.safeParse(image);
      if (parsed.success) return parsed.data;
      throw new MalformedItemError(
        entity,
        `${entity} ${String(image.pk)}/${String(image.sk)}: ${parsed.error.issues
          .map((i) => `${i.path.join(".") || "item"} ${i.message}`)
          .join("; ")}`,
        { cause: parsed.error },
      );
    },
  };
}

const text = z.object({ vi: z.string(), en: z.string() });
const stats = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** A reading as the Readings table holds it (the processor's input). */
export interface StoredReading {
  sourceId: string;
  readingId: string;
  province: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: number;
  /** Absent on items written before it was recorded. */
  receivedAt?: number;
  /** The pre-2025 code the source sent, when it sent one. */
  legacyCode?: string;
}

/** Readings: one item per (source, reading id); expires with the retention window. */
export const readingCodec = defineCodec<StoredReading>({
  entity: ENTITY.reading,
  schema: z.object({
    sourceId: z.string(),
    readingId: z.string(),
    province: z.string(),
    commune: z.string(),
    metric: z.string(),
    value: z.number(),
    observedAt: z.number(),
    receivedAt: z.optional(z.number()),
    legacyCode: z.optional(z.string()),
  }),
  keyOf: (r) => readingKey(r.sourceId, r.readingId),
  // TTL: the reading expires with the retention window; the removal is ignored downstream.
  toAttributes: (r) => ({ ...r, expiresAt: Math.floor(r.observedAt / 1000) + RETENTION_DAYS * 86_400 }),
});

/** The stored form of a validated reading received at `receivedAt`. */
export function storedReadingOf(reading: ValidReading, receivedAt: number): StoredReading {
  return {
    sourceId: reading.sourceId,
    readingId: reading.id,
    province: reading.provinceCode,
    commune: reading.commune,
    metric: reading.metric,
    value: reading.value,
    observedAt: reading.observedAt,
    receivedAt,
    ...(reading.legacyCode === undefined ? {} : { legacyCode: reading.legacyCode }),
  };
}

/** State: a province × metric's latest values. */
export const latestPanelCodec = defineCodec<LatestPanel>({
  entity: ENTITY.latestPanel,
  schema: z.object({
    province: z.string(),
    metric: z.string(),
    values: z.record(z.string(), z.object({ v: z.number(), t: z.number(), k: z.string() })),
  }),
  keyOf: (p) => latestPanelKey(p.province, p.metric),
});

/** State: a province × metric × hour of per-commune statistics. */
export const hourBucketCodec = defineCodec<HourBucket>({
  entity: ENTITY.hourBucket,
  schema: z.object({
    province: z.string(),
    metric: z.string(),
    hourStart: z.number(),
    // A projected read of one commune has no `stats` at all when that commune has none.
    stats: z._default(z.record(z.string(), stats), {}),
    peaks: z._default(z.record(z.string(), z.record(z.string(), z.number())), {}),
    applied: z._default(z.record(z.string(), z.string()), {}),
    setAside: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  keyOf: (b) => hourBucketKey(b.province, b.metric, b.hourStart),
  // TTL: the hourly view lasts 90 days; days outlive it in day items (history-codecs.ts). The
  // removal reaches the State stream, which the broadcaster ignores (not a panel or an alert).
  toAttributes: (b) => ({ ...b, expiresAt: Math.floor(b.hourStart / 1000) + HOURLY_RETENTION_DAYS * 86_400 }),
});

/** State: when each source of a province last reported. */
export const feedsCodec = defineCodec<Feeds>({
  entity: ENTITY.feeds,
  schema: z.object({ province: z.string(), lastSeen: z.record(z.string(), z.number()) }),
  keyOf: (f) => feedsKey(f.province),
});

const kpiSchema: z.ZodMiniType<Kpi> = z.object({
  metric: z.string(),
  label: text,
  unit: z.string(),
  value: z.optional(z.number()),
  reporting: z.number(),
  communes: z.number(),
  target: z.optional(z.object({ level: z.enum(["province", "commune"]), year: z.number(), value: z.number() })),
  attainment: z.optional(z.number()),
  status: z.enum(["on-track", "at-risk", "off-track", "no-target", "no-data"]),
  lagging: z.array(z.object({ code: z.string(), name: z.string(), value: z.number() })),
});

/** State: a province's indicators on one day. */
export const rollupCodec = defineCodec<Rollup>({
  entity: ENTITY.rollup,
  schema: z.object({ province: z.string(), dayStart: z.number(), kpis: z.record(z.string(), kpiSchema) }),
  keyOf: (r) => rollupKey(r.province, r.dayStart),
});

const severity = z.enum(["critical", "warning", "info"]);

/** State: one alert (rule × subject) with its history. */
export const alertCodec = defineCodec<Alert>({
  entity: ENTITY.alert,
  schema: z.object({
    id: z.string(),
    ruleId: z.string(),
    severity,
    status: z.enum(["open", "acknowledged", "resolved"]),
    province: z.string(),
    commune: z.optional(z.string()),
    sourceId: z.optional(z.string()),
    metric: z.optional(z.string()),
    value: z.optional(z.number()),
    message: text,
    openedAt: z.number(),
    lastSeenAt: z.number(),
    occurrences: z.number(),
    acknowledgedBy: z.optional(z.string()),
    acknowledgedAt: z.optional(z.number()),
    resolvedAt: z.optional(z.number()),
    resolvedBy: z.optional(z.string()),
    escalated: z.boolean(),
    history: z.array(
      z.object({
        at: z.number(),
        action: z.enum([
          "opened",
          "reopened",
          "acknowledged",
          "resolved",
          "auto-resolved",
          "escalated",
          "updated",
          "assigned",
          "snoozed",
          "unsnoozed",
        ]),
        by: z.optional(z.string()),
        note: z.optional(z.string()),
        value: z.optional(z.number()),
      }),
    ),
    // Ops fields (alert-ops.ts); absent on alerts nobody assigned or snoozed.
    assignee: z.optional(z.string()),
    assignedAt: z.optional(z.number()),
    snoozedUntil: z.optional(z.number()),
    snoozeReason: z.optional(z.string()),
  }),
  keyOf: (a) => alertKey(a.province, a.id),
});

/** Control: a data source (stored under its own key and in the source list). */
export const sourceCodec = defineCodec<Source>({
  entity: ENTITY.source,
  schema: z.object({
    id: z.string(),
    name: z.string(),
    provinceCode: z.string(),
    metricPrefixes: z._default(z.array(z.string()), []),
    cadenceSeconds: z.number(),
    rateLimitPerMinute: z._default(z.number(), 60_000),
    createdAt: z.optional(z.number()),
    enabled: z.optional(z.boolean()),
  }),
  keyOf: (s) => sourceKey(s.id),
});

/** Control: an API key's record (stored under its hash and under its source). */
export const apiKeyCodec = defineCodec<ApiKeyRecord>({
  entity: ENTITY.apiKey,
  schema: z.object({
    keyId: z.string(),
    keyHash: z.string(),
    sourceId: z.string(),
    status: z.enum(["active", "revoked"]),
    createdAt: z.number(),
    revokedAt: z.optional(z.number()),
    lastUsedAt: z.optional(z.number()),
  }),
  keyOf: (k) => apiKeyKey(k.keyHash),
});

/** JSON text of a whole value in a `data` attribute, decoded then checked by `schema`. */
/** A schema of an item kept whole as JSON in its `data` attribute. */
export const jsonData = <T>(schema: z.ZodMiniType<T>) =>
  z.pipe(
    z.pipe(
      z.object({ data: z.string() }),
      z.transform(({ data }: { data: string }, ctx) => {
        try {
          return JSON.parse(data) as unknown;
        } catch {
          // Mini's transform has no `addIssue`: the issue classic's would push.
          ctx.issues.push({ code: "custom", message: "data is not JSON", path: ["data"], input: ctx.value });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

/**
 * Control: a saved scenario, kept whole as JSON (its sites are a union the table need not see),
 * with `id` and `createdAt` beside it. Stored under its owner and by id.
 */
export const scenarioCodec = defineCodec<SavedScenario>({
  entity: ENTITY.scenario,
  schema: jsonData(
    z.object({
      id: z.string(),
      owner: z.string(),
      ownerName: z.string(),
      province: z.string(),
      createdAt: z.number(),
      scenario: scenarioSchema,
    }),
  ),
  keyOf: (s) => scenarioByIdKey(s.id),
  toAttributes: (s) => ({ id: s.id, createdAt: s.createdAt, data: JSON.stringify(s) }),
});

const ruleSchema = z.object({
  id: z.string(),
  // Absent on rules stored before rules had a province (the global partition the migration reads).
  province: z.optional(z.string()),
  name: text,
  severity,
  condition: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("threshold"), metric: z.string(), op: z.enum(["above", "below"]), value: z.number() }),
    z.object({ kind: z.literal("target"), metric: z.string() }),
    z.object({ kind: z.literal("drop"), metric: z.string(), percent: z.number(), windowMinutes: z.number() }),
    z.object({ kind: z.literal("stale"), factor: z.number() }),
  ]),
  enabled: z.boolean(),
  escalateAfterMinutes: z.optional(z.number()),
  holdMinutes: z.optional(z.number()),
});

/** A rule written without the province it belongs to: every stored rule has one. */
export class RuleWithoutProvinceError extends Error {
  readonly code = "rule-without-province";
  constructor(ruleId: string) {
    super(`rule ${ruleId} has no province; only national templates (in code) have none`);
    this.name = "RuleWithoutProvinceError";
  }
}

/** Control: a province's alert rule, kept whole as JSON, under its province's partition. */
export const ruleCodec = defineCodec<AlertRule>({
  entity: ENTITY.rule,
  schema: jsonData(ruleSchema),
  keyOf: (r) => {
    if (r.province === undefined) throw new RuleWithoutProvinceError(r.id);
    return ruleKey(r.province, r.id);
  },
  toAttributes: (r) => ({ data: JSON.stringify(r) }),
});

/**
 * Control: one commune of a registry version, kept whole as JSON (its geometry is large and
 * nested). The primary key is version 0's; a versioned import writes under `communeKey(…, version)`.
 */
export const communeCodec = defineCodec<Commune>({
  entity: ENTITY.commune,
  schema: jsonData(communeSchema),
  keyOf: (c) => communeKey(c.provinceCode, c.code),
  toAttributes: (c) => ({ data: JSON.stringify(c) }),
});

/** A province's registry header: which registry version readers follow (the code is in the key). */
export interface ProvinceHeader {
  name: string;
  synthetic: boolean;
  communeCount: number;
  /** 0: the layout before versions existed. */
  version: number;
}

/** Control: a province's registry header, under `provinceKey(code)`. */
export const provinceHeaderCodec = defineCodec<ProvinceHeader>({
  entity: ENTITY.province,
  schema: z.object({
    name: z.string(),
    synthetic: z._default(z.boolean(), false),
    communeCount: z._default(z.number(), 0),
    version: z._default(z.number(), 0),
  }),
});

/** Control: a commune code's province, under `communeIndexKey(commune)`. */
export const communeIndexCodec = defineCodec<{ province: string }>({
  entity: ENTITY.communeIndex,
  schema: z.object({ province: z.string() }),
});

/** Control: what a pre-2025 commune code became, kept whole as JSON beside its old code. */
export const legacyCodeCodec = defineCodec<LegacyCodeEntry>({
  entity: ENTITY.legacyCode,
  schema: jsonData(
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("full"), oldCode: z.string(), name: z.string(), newCode: z.string() }),
      z.object({ type: z.literal("partial"), oldCode: z.string(), name: z.string(), candidates: z.array(z.string()) }),
    ]),
  ),
  keyOf: (e) => legacyCodeKey(e.oldCode),
  toAttributes: (e) => ({ oldCode: e.oldCode, data: JSON.stringify(e) }),
});

/** A stream record that failed every attempt. */
export interface DeadLetter {
  consumer: string;
  at: number;
  eventId: string;
  error: string;
  /** The Lambda-shaped record, JSON. */
  record: string;
  /** The stream shard it came from; a replay needs it to find what was set aside. */
  shardId?: string;
}

/** Control: a dead letter, kept for `ioc dlq list|replay`. */
export const deadLetterCodec = defineCodec<DeadLetter>({
  entity: ENTITY.deadLetter,
  schema: z.object({
    consumer: z.string(),
    at: z.number(),
    eventId: z.string(),
    error: z.string(),
    record: z.string(),
    shardId: z.optional(z.string()),
  }),
  keyOf: (l) => deadLetterKey(l.consumer, l.at, l.eventId),
});

/** How far a local stream poller has read a shard. */
export interface Checkpoint {
  sequenceNumber?: string;
  ended: boolean;
}

/** Control: a local poller's checkpoint, under `checkpointKey(consumer, shard)`. */
export const checkpointCodec = defineCodec<Checkpoint>({
  entity: ENTITY.checkpoint,
  schema: z.object({ sequenceNumber: z.optional(z.string()), ended: z._default(z.boolean(), false) }),
});
