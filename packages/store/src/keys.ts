/**
 * Every DynamoDB key of the product, declared once. Tables use generic `pk`/`sk` attributes and
 * entity-prefixed values, so one table can hold several entities without collisions.
 */

/** Readings table: one item per (source, reading id), which is what makes ingest idempotent. */
export const readingKey = (sourceId: string, readingId: string) => ({
  pk: `SRC#${sourceId}#R#${readingId}`,
  sk: "READING",
});

/** State table: a commune's latest value of a metric; one partition lists a province. */
export const latestKey = (province: string, commune: string, metric: string) => ({
  pk: latestPartition(province),
  sk: `C#${commune}#M#${metric}`,
});
/** The partition holding every latest value of a province. */
export const latestPartition = (province: string) => `P#${province}#LATEST`;

/** Control table: a province's registry header. */
export const provinceKey = (province: string) => ({ pk: `P#${province}`, sk: "META" });
/** Control table: one commune of a province's registry. */
export const communeKey = (province: string, commune: string) => ({
  pk: `P#${province}`,
  sk: `COMMUNE#${commune}`,
});
/** Prefix of commune sort keys within a province partition. */
export const COMMUNE_SK_PREFIX = "COMMUNE#";

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
  latest: "latest",
  province: "province",
  commune: "commune",
  communeIndex: "commune-index",
  legacyCode: "legacy-code",
  rateWindow: "rate-window",
  source: "source",
  apiKey: "api-key",
  checkpoint: "checkpoint",
  connection: "connection",
  subscription: "subscription",
  liveSequence: "live-sequence",
  liveMessage: "live-message",
} as const;
