/**
 * The processor: consumes the Readings stream and maintains State — latest values, hour buckets,
 * feed freshness, province indicators and alerts.
 *
 * It works on the whole batch rather than record by record: readings are grouped by province ×
 * metric and each group costs one read-merge-write per item it touches (an hour bucket, a panel),
 * whatever the number of readings. Every merge is idempotent, so replaying any
 * batch, or part of one, any number of times leaves State identical:
 *  - latest values are newest-wins;
 *  - hour buckets fold a record in only if its stream sequence number is past the last one the
 *    bucket folded in from that shard (a shard delivers records in order the first time; anything
 *    at or below is a replay), and keep no per-reading keys, so they stay small at any rate;
 *  - a day's series is read from its hour buckets, nothing is derived and rewritten;
 *  - alerts follow the merged state.
 * Failures are reported per record (`batchItemFailures`): a failing group fails only its records.
 * Records given up on are `setAside` in their hour buckets first, so `ioc dlq replay` adds each
 * exactly once.
 */
import {
  type Alert,
  type AlertRule,
  alertMessage,
  clear,
  computeKpis,
  fire,
  holdMsOf,
  hourStart,
  type Province,
  type RegistryStore,
  ruleFires,
  supersedes,
  vnDayStart,
} from "@ioc/core";
import type { HourBucket, LatestPanel, StateStore } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

const HOUR = 3_600_000;
/** Width of the slots whose peaks an hour bucket keeps for "drop within a window" rules. */
export const PEAK_SLOT_MS = 5 * 60_000;
/** How long the processor keeps the alert rules it read. */
export const RULES_TTL_MS = 15_000;
/** How often a firing alert's shown value may be refreshed. */
export const ALERT_REFRESH_MS = 60_000;

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

/** Whether stream sequence number `a` comes after `b` (decimal strings, any length). */
export function sequenceAfter(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  return x.length !== y.length ? x.length > y.length : x > y;
}

/** The shard key under which a batch's positions are remembered. */
function shardOf(event: ProcessorEvent): string {
  // Without a shard id the whole stream is treated as one ordered shard (true of DynamoDB Local,
  // whose streams have one shard per table).
  return event.shardId ?? event.Records[0]?.eventSourceARN ?? "stream";
}

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

/** A malformed Readings record: it can never succeed, so retries will not help. */
export class MalformedReadingRecordError extends Error {
  readonly code = "malformed-reading-record";
}

interface StreamReading {
  seq: string;
  sourceId: string;
  readingKey: string;
  province: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: number;
  receivedAt: number;
}

/** Parses a Readings stream record; undefined for records to skip (removals, TTL, other entities). */
export function toStreamReading(record: DynamoDBRecord): StreamReading | undefined {
  const image = newImageOf(record);
  if (image?.entity !== "reading") return undefined;
  const { province, commune, metric, value, observedAt, sourceId, readingId, receivedAt } = image;
  if (
    typeof province !== "string" ||
    typeof commune !== "string" ||
    typeof metric !== "string" ||
    typeof value !== "number" ||
    typeof observedAt !== "number" ||
    typeof sourceId !== "string" ||
    typeof readingId !== "string"
  ) {
    throw new MalformedReadingRecordError(
      `reading ${String(sourceId)}/${String(readingId)} lacks province, commune, metric, value or observedAt`,
    );
  }
  return {
    seq: record.dynamodb?.SequenceNumber ?? "",
    sourceId,
    readingKey: `${sourceId}/${readingId}`,
    province,
    commune,
    metric,
    value,
    observedAt,
    receivedAt: typeof receivedAt === "number" ? receivedAt : observedAt,
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

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Builds the Readings-stream handler; the Lambda entry point and the local poller both call it. */
export function createProcessor(deps: ProcessorDeps) {
  const concurrency = deps.concurrency ?? 6;
  const provinces = new Map<string, { at: number; value: Promise<Province | undefined> }>();
  const provinceOf = (code: string) => {
    const hit = provinces.get(code);
    if (hit && deps.clock() - hit.at < 300_000) return hit.value;
    const value = deps.registry.getProvince(code);
    value.catch(() => provinces.delete(code));
    provinces.set(code, { at: deps.clock(), value });
    return value;
  };

  // Rules change rarely (an admin edits them); read them at most every RULES_TTL_MS, not per batch.
  let rulesCache: { at: number; value: Promise<AlertRule[]> } | undefined;
  const rulesNow = () => {
    if (rulesCache && deps.clock() - rulesCache.at < RULES_TTL_MS && deps.clock() >= rulesCache.at)
      return rulesCache.value;
    const value = deps.rules.list();
    value.catch(() => {
      rulesCache = undefined;
    });
    rulesCache = { at: deps.clock(), value };
    return value;
  };

  /**
   * Merges one province × metric group; returns the merged panel and the hour buckets it touched.
   * `replay` folds in only what was set aside in `shard` (a dead-letter replay).
   */
  const processGroup = async (
    province: string,
    metric: string,
    readings: StreamReading[],
    shard: string,
    replay: boolean,
  ) => {
    const hours = groupBy(readings, (r) => String(hourStart(r.observedAt)));
    const buckets = new Map<number, HourBucket>();
    for (const [hourKey, inHour] of hours) {
      const start = Number(hourKey);
      const bucket = await deps.state.mergeHourBucket(province, metric, start, (current) => {
        const stats: HourBucket["stats"] = { ...(current?.stats ?? {}) };
        const peaks: HourBucket["peaks"] = { ...(current?.peaks ?? {}) };
        const applied = { ...(current?.applied ?? {}) };
        const setAside = { ...(current?.setAside ?? {}) };
        const high = applied[shard];
        const waiting = new Set(setAside[shard] ?? []);
        const seen = new Set<string>();
        let top = high;
        let changed = !current;
        for (const r of inHour) {
          if (seen.has(r.seq)) continue;
          seen.add(r.seq);
          const fresh = replay ? waiting.delete(r.seq) : sequenceAfter(r.seq, high);
          if (!fresh) continue;
          if (!replay && sequenceAfter(r.seq, top)) top = r.seq;
          const s = stats[r.commune];
          stats[r.commune] = s
            ? [s[0] + 1, s[1] + r.value, Math.min(s[2], r.value), Math.max(s[3], r.value)]
            : [1, r.value, r.value, r.value];
          const slot = String(Math.floor((r.observedAt - start) / PEAK_SLOT_MS));
          const slots = { ...(peaks[r.commune] ?? {}) };
          if (!((slots[slot] ?? Number.NEGATIVE_INFINITY) >= r.value)) slots[slot] = r.value;
          peaks[r.commune] = slots;
          changed = true;
        }
        if (top !== undefined && top !== high) applied[shard] = top;
        if (replay) {
          if (waiting.size > 0) setAside[shard] = [...waiting];
          else delete setAside[shard];
        }
        const next: HourBucket = { province, metric, hourStart: start, stats, peaks, applied };
        if (Object.keys(setAside).length > 0) next.setAside = setAside;
        return { next, changed };
      });
      buckets.set(start, bucket);
    }

    // The latest-value panel goes last: its write is what clients hear about, so by then the
    // series behind it (the hour buckets) is already in place.
    const panel = await deps.state.mergeLatestPanel(province, metric, (current) => {
      const values = { ...(current?.values ?? {}) };
      let changed = !current;
      for (const r of readings) {
        const existing = values[r.commune];
        if (
          supersedes(
            { observedAt: r.observedAt, readingKey: r.readingKey },
            existing && { observedAt: existing.t, readingKey: existing.k },
          )
        ) {
          values[r.commune] = { v: r.value, t: r.observedAt, k: r.readingKey };
          changed = true;
        }
      }
      return { next: { province, metric, values } satisfies LatestPanel, changed };
    });

    return { panel, buckets };
  };

  /** Opens, updates or clears alerts for the communes a group touched, from the merged state. */
  const evaluateAlerts = async (
    province: string,
    metric: string,
    communes: Set<string>,
    panel: LatestPanel,
    buckets: Map<number, HourBucket | undefined>,
    rules: AlertRule[],
    known: Map<string, Alert>,
    names: Map<string, string>,
  ) => {
    const now = deps.clock();
    const writes: Array<() => Promise<unknown>> = [];
    for (const rule of rules) {
      if (!rule.enabled || rule.condition.kind === "stale" || rule.condition.metric !== metric) continue;
      for (const commune of communes) {
        const entry = panel.values[commune];
        if (!entry) continue;
        const history: Array<{ value: number; observedAt: number }> = [];
        if (rule.condition.kind === "drop") {
          const windowStart = entry.t - rule.condition.windowMinutes * 60_000;
          for (let hour = hourStart(windowStart); hour <= entry.t; hour += HOUR) {
            let bucket = buckets.get(hour);
            if (!bucket && !buckets.has(hour)) {
              // Fetched once per batch, not once per commune.
              bucket = await deps.state.getHourBucket(province, metric, hour);
              buckets.set(hour, bucket);
            }
            // The window is resolved to 5-minute slots: a slot that overlaps it counts whole.
            for (const [slot, peak] of Object.entries(bucket?.peaks?.[commune] ?? {})) {
              const slotStart = hour + Number(slot) * PEAK_SLOT_MS;
              if (slotStart + PEAK_SLOT_MS > windowStart && slotStart <= entry.t)
                history.push({ value: peak, observedAt: Math.max(slotStart, windowStart) });
            }
          }
        }
        const firing = ruleFires(rule, entry.v, history, entry.t);
        const id = `${rule.id}:${commune}`;
        const existing = known.get(id);
        const active = existing && existing.status !== "resolved";
        if (!firing && !active) continue; // nothing to clear, nothing to open: no read, no write
        const at = Math.max(now, entry.t);
        // A firing alert shows the latest value, refreshed at most once a minute: rewriting it on
        // every reading would make alerts most of State's writes at high rates.
        const refreshDue = (alert: Alert) => alert.value !== entry.v && at - alert.lastSeenAt >= ALERT_REFRESH_MS;
        if (firing && active && !refreshDue(existing)) continue;
        // Cleared, but still within its hold time: it stays open, nothing to write.
        if (!firing && active && at - existing.openedAt < holdMsOf(rule)) continue;
        const subject = names.get(commune) ?? commune;
        writes.push(() =>
          deps.state.mergeAlert(province, id, (current) => {
            const next = firing
              ? fire(
                  current,
                  {
                    id,
                    ruleId: rule.id,
                    severity: rule.severity,
                    province,
                    commune,
                    metric,
                    value: entry.v,
                    message: alertMessage(rule, subject, entry.v),
                  },
                  at,
                )
              : clear(current, at, holdMsOf(rule));
            if (!next) return { next: current as Alert, changed: false };
            const changed = !current || current.status !== next.status || refreshDue(current);
            return { next, changed };
          }),
        );
      }
    }
    await forEachLimited(writes, concurrency, async (write) => {
      await write();
    });
  };

  const handle = async (event: ProcessorEvent): Promise<ProcessorResponse> => {
    const shard = shardOf(event);
    const replay = event.replay === true;
    const failed = new Set<string>();
    const readings: StreamReading[] = [];
    for (const record of event.Records) {
      try {
        const reading = toStreamReading(record);
        if (reading) readings.push(reading);
      } catch (error) {
        deps.logger.error("malformed record", {
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: String(error),
        });
        failed.add(record.dynamodb?.SequenceNumber ?? "");
      }
    }
    if (readings.length > 0) {
      const rules = await rulesNow();
      const byProvince = groupBy(readings, (r) => r.province);
      for (const [province, provinceReadings] of byProvince) {
        try {
          await processProvince(province, provinceReadings, rules, failed, shard, replay);
        } catch (error) {
          deps.logger.error("province step failed; its records will be retried", { province, error: String(error) });
          for (const r of provinceReadings) failed.add(r.seq);
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
   * Records the stream is about to give up on (they go to the dead-letter store next): each one
   * not yet folded into its hour bucket is listed there as set aside, so that a dead-letter replay
   * folds it in exactly once — even after later records moved the bucket's position past it.
   * Must complete before the shard moves on.
   */
  const setAside = async (event: ProcessorEvent): Promise<void> => {
    const shard = shardOf(event);
    const readings: StreamReading[] = [];
    for (const record of event.Records) {
      try {
        const reading = toStreamReading(record);
        if (reading?.seq) readings.push(reading);
      } catch {
        // Malformed: it never reaches a bucket, so there is nothing to set aside.
      }
    }
    const groups = groupBy(readings, (r) => `${r.province}|${r.metric}|${hourStart(r.observedAt)}`);
    for (const group of groups.values()) {
      const { province, metric, observedAt } = group[0] as StreamReading;
      const hour = hourStart(observedAt);
      await deps.state.mergeHourBucket(province, metric, hour, (current) => {
        const next: HourBucket = current
          ? { ...current, setAside: { ...(current.setAside ?? {}) } }
          : { province, metric, hourStart: hour, stats: {}, peaks: {}, applied: {}, setAside: {} };
        const list = [...(next.setAside?.[shard] ?? [])];
        let changed = false;
        for (const r of group) {
          if (sequenceAfter(r.seq, next.applied[shard]) && !list.includes(r.seq)) {
            list.push(r.seq);
            changed = true;
          }
        }
        if (changed) (next.setAside as Record<string, string[]>)[shard] = list;
        return { next, changed };
      });
    }
  };

  return Object.assign(handle, { setAside });

  async function processProvince(
    province: string,
    readings: StreamReading[],
    rules: AlertRule[],
    failed: Set<string>,
    shard: string,
    replay: boolean,
  ) {
    const registry = await provinceOf(province);
    const names = new Map((registry?.communes ?? []).map((c) => [c.code, c.name]));
    // Only the alerts this batch could open, update or clear (rule × touched commune), not the
    // province's whole alert history, so the cost follows the batch.
    const ids = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled || rule.condition.kind === "stale") continue;
      const metric = rule.condition.metric;
      for (const r of readings) if (r.metric === metric) ids.add(`${rule.id}:${r.commune}`);
    }
    // Fetched while the groups merge their buckets; each group awaits it before its alerts.
    const known = ids.size > 0 ? deps.state.getAlerts(province, [...ids]) : Promise.resolve(new Map<string, Alert>());
    known.catch(() => undefined); // a failure surfaces in the groups that await it
    const panels = new Map<string, LatestPanel>();
    const groups = [...groupBy(readings, (r) => r.metric)];
    const merging = forEachLimited(groups, concurrency, async ([metric, inGroup]) => {
      try {
        const { panel, buckets } = await processGroup(province, metric, inGroup, shard, replay);
        panels.set(metric, panel);
        await evaluateAlerts(
          province,
          metric,
          new Set(inGroup.map((r) => r.commune)),
          panel,
          buckets,
          rules,
          await known,
          names,
        );
      } catch (error) {
        deps.logger.error("group failed; its records will be retried", { province, metric, error: String(error) });
        for (const r of inGroup) failed.add(r.seq);
      }
    });

    const lastSeen = new Map<string, number>();
    for (const r of readings) lastSeen.set(r.sourceId, Math.max(lastSeen.get(r.sourceId) ?? 0, r.receivedAt));
    const feeds = deps.state.mergeFeeds(province, (current) => {
      const next = { province, lastSeen: { ...(current?.lastSeen ?? {}) } };
      let changed = !current;
      for (const [source, at] of lastSeen) {
        if ((next.lastSeen[source] ?? 0) < at) {
          next.lastSeen[source] = at;
          changed = true;
        }
      }
      return { next, changed };
    });
    // Feed freshness does not depend on the groups: both in flight at once.
    await Promise.all([merging, feeds]);

    if (registry && panels.size > 0) {
      const latest = new Map<string, Map<string, { value: number; observedAt: number }>>();
      for (const panel of panels.values()) {
        for (const [commune, e] of Object.entries(panel.values)) {
          const perCommune = latest.get(commune) ?? new Map();
          perCommune.set(panel.metric, { value: e.v, observedAt: e.t });
          latest.set(commune, perCommune);
        }
      }
      const now = deps.clock();
      const kpis = computeKpis(registry.communes, latest, new Date(now)).filter((k) => panels.has(k.metric));
      await deps.state.mergeRollup(province, vnDayStart(now), (current) => {
        const next = { province, dayStart: vnDayStart(now), kpis: { ...(current?.kpis ?? {}) } };
        let changed = !current;
        for (const kpi of kpis) {
          if (JSON.stringify(next.kpis[kpi.metric]) !== JSON.stringify(kpi)) {
            next.kpis[kpi.metric] = kpi;
            changed = true;
          }
        }
        return { next, changed };
      });
    }
  }
}
