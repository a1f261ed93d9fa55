/**
 * Every DynamoDB key of the product, declared once. Tables use generic `pk`/`sk` attributes and
 * entity-prefixed values, so one table can hold several entities without collisions.
 */

/** Readings table: one item per (source, reading id), which is what makes ingest idempotent. */
export const readingKey = (sourceId: string, readingId: string) => ({
  pk: `SRC#${sourceId}#R#${readingId}`,
  sk: "READING",
});

/**
 * State table: one metric's latest values for every commune of a province (a "panel"). Coarse on
 * purpose: the processor writes one item per metric per batch, not one per reading.
 */
export const latestPanelKey = (province: string, metric: string) => ({
  pk: latestPartition(province),
  sk: `M#${metric}`,
});
/** The partition holding every latest-value panel of a province. */
export const latestPartition = (province: string) => `P#${province}#LATEST`;

/**
 * State table: a province × metric × hour bucket of per-commune statistics. A day's series is the
 * day's hour buckets read together (one query on the partition), so nothing bigger is rewritten.
 */
export const hourBucketKey = (province: string, metric: string, hourStart: number) => ({
  pk: hourBucketPartition(province, metric),
  sk: new Date(hourStart).toISOString(),
});
/** The partition holding a province × metric's hour buckets, in time order. */
export const hourBucketPartition = (province: string, metric: string) => `P#${province}#M#${metric}#H`;
/** State table: when each source of a province last reported. */
export const feedsKey = (province: string) => ({ pk: `P#${province}#FEEDS`, sk: "FEEDS" });
/** State table: a province's indicators on a day (today's is rewritten as data arrives). */
export const rollupKey = (province: string, dayStart: number) => ({
  pk: `P#${province}#ROLLUP`,
  sk: new Date(dayStart).toISOString(),
});
/** State table: one alert (rule × subject) with its history. */
export const alertKey = (province: string, alertId: string) => ({ pk: alertPartition(province), sk: `A#${alertId}` });
/** The partition holding a province's alerts. */
export const alertPartition = (province: string) => `P#${province}#ALERT`;

/** Control table: a province's alert rule (national templates live in code, not here). */
export const ruleKey = (province: string, ruleId: string) => ({ pk: rulePartition(province), sk: `R#${ruleId}` });
/** The partition of one province's alert rules. */
export const rulePartition = (province: string) => `RULES#${province}`;
/**
 * Control table: the partition of the global rules stored before rules had a province. Read once
 * by `migrateGlobalRules` on start, which copies them into provinces and empties it.
 */
export const RULES_PK = "RULES";
/** Control table: a global rule of the layout before provinces (read and deleted by the migration). */
export const legacyRuleKey = (ruleId: string) => ({ pk: RULES_PK, sk: `R#${ruleId}` });
/** Control table: a stream record that failed every attempt, kept for `ioc dlq list|replay`. */
export const deadLetterKey = (consumer: string, at: number, eventId: string) => ({
  pk: deadLetterPartition(consumer),
  sk: `${new Date(at).toISOString()}#${eventId}`,
});
/** The partition of a consumer's dead letters. */
export const deadLetterPartition = (consumer: string) => `DLQ#${consumer}`;

/** Control table: a province's registry header. */
export const provinceKey = (province: string) => ({ pk: `P#${province}`, sk: "META" });
/**
 * Control table: one commune of a version of a province's registry. An import writes a whole new
 * version, then points the header at it in one write, so readers never see half an import.
 * Version 0 is the layout before versions existed.
 */
export const communeKey = (province: string, commune: string, version = 0) => ({
  pk: `P#${province}`,
  sk: `${communeSkPrefix(version)}${commune}`,
});
/** Prefix of one registry version's commune sort keys within a province partition. */
export const communeSkPrefix = (version: number) => (version === 0 ? "COMMUNE#" : `V#${version}#COMMUNE#`);

/** Control table: a commune code's province, for scope checks across provinces. */
export const communeIndexKey = (commune: string) => ({ pk: `CODE#${commune}`, sk: "COMMUNE" });

/** Control table: a data source (a provincial system that pushes readings). */
export const sourceKey = (sourceId: string) => ({ pk: `SOURCE#${sourceId}`, sk: "META" });
/** Control table: the partition listing every source. */
export const SOURCE_LIST_PK = "SOURCES";
/** Control table: a source's entry in the source list. */
export const sourceListKey = (sourceId: string) => ({ pk: SOURCE_LIST_PK, sk: `SOURCE#${sourceId}` });
/** Control table: an API key, addressed by its SHA-256 hash; the key itself is never stored. */
export const apiKeyKey = (keyHash: string) => ({ pk: `KEY#${keyHash}`, sk: "KEY" });
/** Control table: a key listed under its source, for listing and revoking by key id. */
export const sourceKeyListKey = (sourceId: string, keyId: string) => ({ pk: `SOURCE#${sourceId}`, sk: `KEY#${keyId}` });

/** Control table: what a pre-2025 commune code became. */
export const legacyCodeKey = (oldCode: string) => ({ pk: `LEGACY#${oldCode}`, sk: "MAP" });

/** Control table: a saved scenario under its owner, so "my scenarios" is one query. */
export const scenarioKey = (owner: string, id: string) => ({ pk: scenarioPartition(owner), sk: `S#${id}` });
/** The partition of one user's scenarios. */
export const scenarioPartition = (owner: string) => `SCENARIO#${owner}`;
/**
 * Control table: the same scenario addressed by id alone, because a shared link carries only the
 * id. Scenarios are never edited after saving, so the two copies cannot drift.
 */
export const scenarioByIdKey = (id: string) => ({ pk: `SCENARIO-ID#${id}`, sk: "SCENARIO" });

/** Control table: a source's ingest count in one rate window (epoch seconds of its start). */
export const rateWindowKey = (sourceId: string, windowStart: number) => ({
  pk: `RATE#${sourceId}`,
  sk: `W#${windowStart}`,
});

/** Control table: how far a local stream poller has read a shard. */
export const checkpointKey = (consumer: string, shardId: string) => ({
  pk: `CHECKPOINT#${consumer}`,
  sk: `SHARD#${shardId}`,
});

/**
 * Connections table (AWS only; the local hub keeps these in memory): a connection subscribed to a
 * province. One partition per province is what the broadcaster queries to fan a message out.
 */
export const subscriptionKey = (province: string, connectionId: string) => ({
  pk: subscriptionPartition(province),
  sk: `${CONNECTION_SK_PREFIX}${connectionId}`,
});
/** The partition listing every connection subscribed to a province. */
export const subscriptionPartition = (province: string) => `P#${province}`;
/** Prefix of connection sort keys within a province partition (the sequence counter shares it). */
export const CONNECTION_SK_PREFIX = "CONN#";

/**
 * Connections table: the reverse item of a connection, written on `$connect`, so `$disconnect`
 * (which knows only the connection id) can find and delete the subscription.
 */
export const connectionKey = (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: "META" });

/** Connections table: a province's live message counter, the source of its monotonic `seq`. */
export const liveSequenceKey = (province: string) => ({ pk: subscriptionPartition(province), sk: "SEQ" });

/** Connections table: one recent live message of a province, kept so a reconnecting client can resume. */
export const liveMessageKey = (province: string, seq: number) => ({
  pk: liveMessagePartition(province),
  sk: liveMessageSort(seq),
});
/** The partition holding a province's recent live messages. */
export const liveMessagePartition = (province: string) => `P#${province}#LIVE`;
/** Zero-padded so that sort-key order is numeric order. */
export const liveMessageSort = (seq: number) => `SEQ#${String(seq).padStart(15, "0")}`;

/** Entity names stored in each item's `entity` attribute, so stream consumers can tell items apart. */
export const ENTITY = {
  reading: "reading",
  latestPanel: "latest-panel",
  hourBucket: "hour-bucket",
  feeds: "feeds",
  rollup: "rollup",
  alert: "alert",
  rule: "rule",
  deadLetter: "dead-letter",
  province: "province",
  commune: "commune",
  communeIndex: "commune-index",
  legacyCode: "legacy-code",
  scenario: "scenario",
  rateWindow: "rate-window",
  source: "source",
  apiKey: "api-key",
  checkpoint: "checkpoint",
  connection: "connection",
  subscription: "subscription",
  liveSequence: "live-sequence",
  liveMessage: "live-message",
  dayValues: "day-values",
  provinceMonth: "province-month",
  auditRecord: "audit-record",
} as const;
