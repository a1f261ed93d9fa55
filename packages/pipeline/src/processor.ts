/**
 * The processor: consumes the Readings stream and maintains State — latest values, hour buckets,
 * feed freshness, province indicators and alerts. The merges are core's pure functions; this file
 * only decodes a batch, reads what it needs, calls them and writes.
 *
 * It works on the whole batch rather than record by record: readings are grouped by province ×
 * metric and each group costs one read-merge-write per item it touches (an hour bucket, a panel),
 * whatever the number of readings. Every merge is idempotent (see `foldHourBucket` for how hour
 * buckets stay exact under replays), so replaying any batch, or part of one, any number of times
 * leaves State identical. Failures are reported per record (`batchItemFailures`): a failing group
 * fails only its records. Records given up on are `setAside` in their hour buckets first, so
 * `ioc dlq replay` adds each exactly once.
 */
import {
  type Alert,
  type AlertRule,
  alertIdsTouched,
  applyAlertVerdict,
  type BucketReading,
  computeKpis,
  decideAlert,
  foldHourBucket,
  type HourBucket,
  hourStart,
  hoursForDropRules,
  type LatestPanel,
  lastSeenBySource,
  latestByCommune,
  mergeFeeds,
  mergeLatestPanel,
  mergeRollup,
  metricVerdicts,
  type PanelReading,
  type RegistryStore,
  type StateStore,
  setAsideInHourBucket,
  vnDayStart,
} from "@ioc/core";
import { ENTITY, readingCodec } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

/** How long the processor keeps the alert rules it read. */
export const RULES_TTL_MS = 15_000;
/** How long the processor keeps a province's registry (names and populations change rarely). */
const PROVINCE_TTL_MS = 300_000;

/**
 * A batch as the processor receives it. `shardId` names the stream shard the records come from:
 * Lambda includes it in tumbling-window events (the Processing stack sets a window for that
 * reason) and the local poller always does. `replay` marks a dead-letter replay.
 */
export type ProcessorEvent = DynamoDBStreamEvent & {
  shardId?: string;
  window?: { start: string; end: string };
  state?: Record<string, string>;
  replay?: boolean;
};
/** The processor's answer; tumbling-window invocations must return a `state`. */
export type ProcessorResponse = DynamoDBBatchResponse & { state?: Record<string, string> };

/** What the processor needs. */
export interface ProcessorDeps {
  state: StateStore;
  registry: Pick<RegistryStore, "getProvince">;
  rules: { list(): Promise<AlertRule[]> };
  clock: () => number;
  /** Powertools' Logger fits; so does the local console logger. */
  logger: { debug(message: string, ...extra: unknown[]): void; error(message: string, ...extra: unknown[]): void };
  /** Groups processed at once; bounded to be polite to the table. */
  concurrency?: number;
}

/** A Readings record as the processor folds it: the stored reading and its stream position. */
export interface StreamReading extends BucketReading, PanelReading {
  sourceId: string;
  province: string;
  metric: string;
  receivedAt: number;
}

/**
 * Decodes a Readings stream record with the reading codec; undefined for records to skip
 * (removals, TTL expiries, other entities). A malformed image throws `MalformedItemError`.
 */
export function toStreamReading(record: DynamoDBRecord): StreamReading | undefined {
  const image = newImageOf(record);
  if (image?.entity !== ENTITY.reading) return undefined;
  const r = readingCodec.fromImage(image);
  return {
    seq: record.dynamodb?.SequenceNumber ?? "",
    sourceId: r.sourceId,
    readingKey: `${r.sourceId}/${r.readingId}`,
    province: r.province,
    commune: r.commune,
    metric: r.metric,
    value: r.value,
    observedAt: r.observedAt,
    receivedAt: r.receivedAt ?? r.observedAt,
  };
}

/** Where a batch's positions are remembered and whether it is a dead-letter replay. */
interface BatchOrigin {
  shard: string;
  replay: boolean;
}

function originOf(event: ProcessorEvent): BatchOrigin {
  // Without a shard id the whole stream is treated as one ordered shard (true of DynamoDB Local,
  // whose streams have one shard per table).
  return { shard: event.shardId ?? event.Records[0]?.eventSourceARN ?? "stream", replay: event.replay === true };
}

/** Builds the Readings-stream handler; the Lambda entry point and the local poller both call it. */
export function createProcessor(deps: ProcessorDeps) {
  const { state, clock, logger } = deps;
  const concurrency = deps.concurrency ?? 6;
  const provinceOf = keptFor(clock, PROVINCE_TTL_MS, (code: string) => deps.registry.getProvince(code));
  // Rules change rarely (an admin edits them); read them at most every RULES_TTL_MS, not per batch.
  const rulesNow = keptFor(clock, RULES_TTL_MS, (_: "rules") => deps.rules.list());

  const handle = async (event: ProcessorEvent): Promise<ProcessorResponse> => {
    const origin = originOf(event);
    const { readings, failed } = decode(event.Records, (record, error) =>
      logger.error("malformed record", { sequenceNumber: record.dynamodb?.SequenceNumber, error: String(error) }),
    );
    if (readings.length > 0) {
      const rules = await rulesNow("rules");
      for (const [province, inProvince] of groupBy(readings, (r) => r.province)) {
        try {
          await processProvince(province, inProvince, rules, failed, origin);
        } catch (error) {
          logger.error("province step failed; its records will be retried", { province, error: String(error) });
          for (const r of inProvince) failed.add(r.seq);
        }
      }
    }
    const response: ProcessorResponse = {
      batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })),
    };
    // A tumbling-window invocation without a state counts as failed; the processor keeps none.
    if (event.window) response.state = {};
    return response;
  };

  /**
   * Records the stream is about to give up on (they go to the dead-letter store next) are listed
   * as set aside in their hour buckets, so a dead-letter replay folds each in exactly once.
   * Must complete before the shard moves on. Malformed records never reach a bucket: skipped.
   */
  const setAside = async (event: ProcessorEvent): Promise<void> => {
    const { shard } = originOf(event);
    const { readings } = decode(event.Records, () => undefined);
    const groups = groupBy(
      readings.filter((r) => r.seq),
      (r) => `${r.province}|${r.metric}|${hourStart(r.observedAt)}`,
    );
    for (const group of groups.values()) {
      const { province, metric, observedAt } = group[0] as StreamReading;
      const at = { province, metric, hourStart: hourStart(observedAt) };
      const seqs = group.map((r) => r.seq);
      await state.mergeHourBucket(province, metric, at.hourStart, (c) => setAsideInHourBucket(c, at, seqs, shard));
    }
  };

  return Object.assign(handle, { setAside });

  async function processProvince(
    province: string,
    readings: StreamReading[],
    rules: AlertRule[],
    failed: Set<string>,
    origin: BatchOrigin,
  ) {
    const registry = await provinceOf(province);
    const names = new Map((registry?.communes ?? []).map((c) => [c.code, c.name]));
    // Only the alerts this batch could open, update or clear, not the province's whole history.
    const ids = alertIdsTouched(rules, readings);
    // Fetched while the groups merge their buckets; each group awaits it before its alerts.
    const known = ids.size > 0 ? state.getAlerts(province, [...ids]) : Promise.resolve(new Map<string, Alert>());
    known.catch(() => undefined); // a failure surfaces in the groups that await it
    const panels = new Map<string, LatestPanel>();
    const merging = forEachLimited([...groupBy(readings, (r) => r.metric)], concurrency, async ([metric, group]) => {
      try {
        const { panel, buckets } = await mergeGroup(province, metric, group, origin);
        panels.set(metric, panel);
        await writeAlerts(panel, new Set(group.map((r) => r.commune)), buckets, rules, await known, names);
      } catch (error) {
        logger.error("group failed; its records will be retried", { province, metric, error: String(error) });
        for (const r of group) failed.add(r.seq);
      }
    });
    // Feed freshness does not depend on the groups: both in flight at once.
    const lastSeen = lastSeenBySource(readings);
    await Promise.all([merging, state.mergeFeeds(province, (c) => mergeFeeds(c, province, lastSeen))]);
    if (registry && panels.size > 0) {
      const now = clock();
      const day = vnDayStart(now);
      const kpis = computeKpis(registry.communes, latestByCommune(panels.values()), new Date(now));
      const touched = kpis.filter((k) => panels.has(k.metric));
      await state.mergeRollup(province, day, (c) => mergeRollup(c, province, day, touched));
    }
  }

  /** Folds one province × metric group into its hour buckets, then its latest-value panel. */
  async function mergeGroup(province: string, metric: string, readings: StreamReading[], origin: BatchOrigin) {
    const buckets = new Map<number, HourBucket | undefined>();
    for (const [hour, inHour] of groupBy(readings, (r) => hourStart(r.observedAt))) {
      const at = { province, metric, hourStart: hour };
      buckets.set(
        hour,
        await state.mergeHourBucket(province, metric, hour, (c) => foldHourBucket(c, at, inHour, origin)),
      );
    }
    // The panel goes last: its write is what clients hear about, so by then the series behind it
    // (the hour buckets) is already in place.
    const panel = await state.mergeLatestPanel(province, metric, (c) =>
      mergeLatestPanel(c, province, metric, readings),
    );
    return { panel, buckets };
  }

  /** Opens, refreshes or clears the alerts of the communes a group touched, from the merged state. */
  async function writeAlerts(
    panel: LatestPanel,
    communes: Set<string>,
    buckets: Map<number, HourBucket | undefined>,
    rules: AlertRule[],
    known: Map<string, Alert>,
    names: Map<string, string>,
  ) {
    // "Drop" rules read the window's hour buckets: each fetched once per batch, not per commune.
    const missing = hoursForDropRules(rules, panel, communes).filter((hour) => !buckets.has(hour));
    await Promise.all(
      missing.map(async (hour) => buckets.set(hour, await state.getHourBucket(panel.province, panel.metric, hour))),
    );
    const verdicts = metricVerdicts({ rules, panel, communes, bucketOf: (h) => buckets.get(h), names, now: clock() });
    // An alert to hold, or one steady and not due a refresh, costs no write.
    const writes = verdicts.filter((v) => ["fire", "refresh", "clear"].includes(decideAlert(known.get(v.input.id), v)));
    await forEachLimited(writes, concurrency, async (v) => {
      await state.mergeAlert(panel.province, v.input.id, (c) => applyAlertVerdict(c, v));
    });
  }
}

/** Decodes a batch's records: the readings to fold, and the records that can never succeed. */
function decode(
  records: readonly DynamoDBRecord[],
  onMalformed: (record: DynamoDBRecord, error: unknown) => void,
): { readings: StreamReading[]; failed: Set<string> } {
  const readings: StreamReading[] = [];
  const failed = new Set<string>();
  for (const record of records) {
    try {
      const reading = toStreamReading(record);
      if (reading) readings.push(reading);
    } catch (error) {
      onMalformed(record, error);
      failed.add(record.dynamodb?.SequenceNumber ?? "");
    }
  }
  return { readings, failed };
}

/** Memoises `load` per key for `ttlMs` of `clock`; a failed load is forgotten at once. */
function keptFor<K, V>(clock: () => number, ttlMs: number, load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const kept = new Map<K, { at: number; value: Promise<V> }>();
  return (key) => {
    const now = clock();
    const hit = kept.get(key);
    // A clock that went backwards (tests, skew) counts as expired.
    if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value;
    const value = load(key);
    value.catch(() => kept.delete(key));
    kept.set(key, { at: now, value });
    return value;
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
