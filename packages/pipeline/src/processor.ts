/**
 * The processor: consumes the Readings stream and maintains State — latest values, hour buckets,
 * feed freshness, province indicators, history (days) and alerts. The merges are core's pure functions; this file
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
  computeKpis,
  type DayValues,
  decideAlert,
  foldDayValues,
  foldHourBucket,
  type HourBucket,
  hourStart,
  hoursForDropRules,
  type LatestPanel,
  lastSeenBySource,
  latestByCommune,
  mergeFeeds,
  mergeLatestPanel,
  mergeProvinceMonth,
  mergeRollup,
  metricVerdicts,
  monthOf,
  provinceDayValue,
  type RegistryStore,
  type RuleSource,
  type StateStore,
  setAsideInDay,
  setAsideInHourBucket,
  vnDayStart,
} from "@ioc/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { forEachLimited, groupBy, keptFor } from "./batching.js";
import { decodeReadings, type StreamReading } from "./reading-records.js";

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
  /** The rules in force per province: a rule judges only the readings of its own province. */
  rules: RuleSource;
  clock: () => number;
  /** Powertools' Logger fits; so does the local console logger. */
  logger: { debug(message: string, ...extra: unknown[]): void; error(message: string, ...extra: unknown[]): void };
  /** Groups processed at once; bounded to be polite to the table. */
  concurrency?: number;
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
  // Rules change rarely (an admin edits them); read each province's at most every RULES_TTL_MS,
  // not per batch.
  const rulesOf = keptFor(clock, RULES_TTL_MS, (province: string) => deps.rules.listFor(province));

  const handle = async (event: ProcessorEvent): Promise<ProcessorResponse> => {
    const origin = originOf(event);
    const { readings, failed } = decodeReadings(event.Records, (record, error) =>
      logger.error("malformed record", { sequenceNumber: record.dynamodb?.SequenceNumber, error: String(error) }),
    );
    if (readings.length > 0) {
      for (const [province, inProvince] of groupBy(readings, (r) => r.province)) {
        try {
          await processProvince(province, inProvince, await rulesOf(province), failed, origin);
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
    const { readings } = decodeReadings(event.Records, () => undefined);
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
    // Days keep their own positions (history outlives hour buckets): set aside there as well.
    const days = groupBy(
      readings.filter((r) => r.seq),
      (r) => `${r.province}|${r.metric}|${vnDayStart(r.observedAt)}`,
    );
    for (const group of days.values()) {
      const { province, metric, observedAt } = group[0] as StreamReading;
      const at = { province, metric, dayStart: vnDayStart(observedAt) };
      const seqs = group.map((r) => r.seq);
      await state.mergeDayValues(province, metric, at.dayStart, (c) => setAsideInDay(c, at, seqs, shard));
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
    const days: DayValues[] = [];
    const merging = forEachLimited([...groupBy(readings, (r) => r.metric)], concurrency, async ([metric, group]) => {
      try {
        const { panel, buckets, merged } = await mergeGroup(province, metric, group, origin);
        panels.set(metric, panel);
        days.push(...merged);
        await writeAlerts(panel, new Set(group.map((r) => r.commune)), buckets, rules, await known, names);
      } catch (error) {
        logger.error("group failed; its records will be retried", { province, metric, error: String(error) });
        for (const r of group) failed.add(r.seq);
      }
    });
    // Feed freshness does not depend on the groups: both in flight at once.
    const lastSeen = lastSeenBySource(readings);
    await Promise.all([merging, state.mergeFeeds(province, (c) => mergeFeeds(c, province, lastSeen))]);
    // The rollup and the province's days are separate items: written at once, not one after the other.
    await Promise.all([
      registry && panels.size > 0 ? writeRollup(province, registry.communes, panels) : undefined,
      registry && days.length > 0 ? writeProvinceDays(province, registry.communes, days) : undefined,
    ]);
  }

  /** The province's indicators of today, from the panels this batch merged. */
  async function writeRollup(
    province: string,
    communes: Parameters<typeof computeKpis>[0],
    panels: Map<string, LatestPanel>,
  ) {
    const now = clock();
    const day = vnDayStart(now);
    const kpis = computeKpis(communes, latestByCommune(panels.values()), new Date(now));
    const touched = kpis.filter((k) => panels.has(k.metric));
    await state.mergeRollup(province, day, (c) => mergeRollup(c, province, day, touched));
  }

  /**
   * The province's daily values of the days the groups merged, recomputed from the merged day
   * items (a set, so a replay rewrites nothing): one write per province and month per batch,
   * whatever the metrics, which keeps State writes per reading low.
   */
  async function writeProvinceDays(
    province: string,
    communes: ReadonlyArray<{ code: string; population: number }>,
    days: readonly DayValues[],
  ) {
    const points = days.map((d) => ({ metric: d.metric, dayStart: d.dayStart, point: provinceDayValue(d, communes) }));
    for (const [month, inMonth] of groupBy(points, (p) => monthOf(p.dayStart).month)) {
      await state.mergeProvinceMonth(province, month, (c) => mergeProvinceMonth(c, province, month, inMonth));
    }
  }

  /** Folds one province × metric group into its hour buckets, then its latest-value panel. */
  async function mergeGroup(province: string, metric: string, readings: StreamReading[], origin: BatchOrigin) {
    const buckets = new Map<number, HourBucket | undefined>();
    const mergeBuckets = async () => {
      for (const [hour, inHour] of groupBy(readings, (r) => hourStart(r.observedAt))) {
        const at = { province, metric, hourStart: hour };
        buckets.set(
          hour,
          await state.mergeHourBucket(province, metric, hour, (c) => foldHourBucket(c, at, inHour, origin)),
        );
      }
    };
    // The day's values (history), one item per day the group touches, with the same positions.
    const merged: DayValues[] = [];
    const mergeDays = async () => {
      for (const [dayStart, inDay] of groupBy(readings, (r) => vnDayStart(r.observedAt))) {
        const at = { province, metric, dayStart };
        merged.push(await state.mergeDayValues(province, metric, dayStart, (c) => foldDayValues(c, at, inDay, origin)));
      }
    };
    // Hour buckets and days are separate items with the same positions: merged at once, so a
    // batch waits for one round trip there instead of two (bench:pipeline).
    await Promise.all([mergeBuckets(), mergeDays()]);
    // The panel goes last: its write is what clients hear about, so by then the series behind it
    // (the hour buckets, the days) is already in place.
    const panel = await state.mergeLatestPanel(province, metric, (c) =>
      mergeLatestPanel(c, province, metric, readings),
    );
    return { panel, buckets, merged };
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
