/**
 * The processor: consumes the Readings stream and maintains State — latest values, hour and day
 * buckets, feed freshness, province indicators and alerts.
 *
 * It works on the whole batch rather than record by record: readings are grouped by province ×
 * metric and each group costs one read-merge-write per item it touches (a panel, an hour bucket,
 * a day bucket), whatever the number of readings. Every merge is idempotent — latest values are
 * newest-wins, buckets hold values keyed by reading, alerts follow the merged state — so replaying
 * any batch, or part of one, any number of times leaves State identical. Failures are reported per
 * record (`batchItemFailures`): a failing group fails only its own records.
 */
import {
  type AlertRule,
  alertMessage,
  clear,
  computeKpis,
  fire,
  type Province,
  type RegistryStore,
  ruleFires,
  supersedes,
  vnDayStart,
} from "@ioc/core";
import type { DayBucket, HourBucket, LatestPanel, StateStore } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

const HOUR = 3_600_000;

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

  /** Merges one province × metric group; returns the merged panel and the hour buckets it touched. */
  const processGroup = async (province: string, metric: string, readings: StreamReading[]) => {
    const hours = groupBy(readings, (r) => String(Math.floor(r.observedAt / HOUR) * HOUR));
    const buckets = new Map<number, HourBucket>();
    for (const [hourKey, inHour] of hours) {
      const hourStart = Number(hourKey);
      const bucket = await deps.state.mergeHourBucket(province, metric, hourStart, (current) => {
        const values: HourBucket["values"] = { ...(current?.values ?? {}) };
        let changed = !current;
        for (const r of inHour) {
          const perCommune = { ...(values[r.commune] ?? {}) };
          values[r.commune] = perCommune;
          if (!perCommune[r.readingKey]) {
            perCommune[r.readingKey] = [r.value, r.observedAt];
            changed = true;
          }
        }
        return { next: { province, metric, hourStart, values }, changed };
      });
      buckets.set(hourStart, bucket);
    }

    // Day buckets are recomputed from the (exact) hour buckets, never incremented.
    const days = groupBy([...buckets.values()], (b) => String(vnDayStart(b.hourStart)));
    for (const [dayKey, dayHours] of days) {
      const dayStart = Number(dayKey);
      await deps.state.mergeDayBucket(province, metric, dayStart, (current) => {
        const stats: DayBucket["stats"] = { ...(current?.stats ?? {}) };
        let changed = !current;
        for (const bucket of dayHours) {
          const hh = String((bucket.hourStart - dayStart) / HOUR);
          const touched = new Set(
            readings.filter((r) => Math.floor(r.observedAt / HOUR) * HOUR === bucket.hourStart).map((r) => r.commune),
          );
          for (const commune of touched) {
            const vals = Object.values(bucket.values[commune] ?? {}).map(([v]) => v);
            if (vals.length === 0) continue;
            const next: [number, number, number, number] = [
              vals.length,
              vals.reduce((s, v) => s + v, 0),
              Math.min(...vals),
              Math.max(...vals),
            ];
            const before = stats[commune]?.[hh];
            if (!before || before.some((x, i) => x !== next[i])) {
              stats[commune] = { ...(stats[commune] ?? {}), [hh]: next };
              changed = true;
            }
          }
        }
        return { next: { province, metric, dayStart, stats }, changed };
      });
    }
    // The latest-value panel goes last: its write is what clients hear about, so by then the
    // series behind it (hour and day buckets) is already in place.
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
    known: Map<string, import("@ioc/core").Alert>,
    names: Map<string, string>,
  ) => {
    const now = deps.clock();
    for (const rule of rules) {
      if (!rule.enabled || rule.condition.kind === "stale" || rule.condition.metric !== metric) continue;
      for (const commune of communes) {
        const entry = panel.values[commune];
        if (!entry) continue;
        const history: Array<{ value: number; observedAt: number }> = [];
        if (rule.condition.kind === "drop") {
          const windowStart = entry.t - rule.condition.windowMinutes * 60_000;
          for (let hour = Math.floor(windowStart / HOUR) * HOUR; hour <= entry.t; hour += HOUR) {
            let bucket = buckets.get(hour);
            if (!bucket && !buckets.has(hour)) {
              // Fetched once per batch, not once per commune.
              bucket = await deps.state.getHourBucket(province, metric, hour);
              buckets.set(hour, bucket);
            }
            for (const [v, t] of Object.values(bucket?.values[commune] ?? {}))
              if (t >= windowStart && t <= entry.t) history.push({ value: v, observedAt: t });
          }
        }
        const firing = ruleFires(rule, entry.v, history, entry.t);
        const id = `${rule.id}:${commune}`;
        const existing = known.get(id);
        const active = existing && existing.status !== "resolved";
        if (!firing && !active) continue; // nothing to clear, nothing to open: no read, no write
        if (firing && active && existing.value === entry.v) continue;
        const subject = names.get(commune) ?? commune;
        await deps.state.mergeAlert(province, id, (current) => {
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
                Math.max(now, entry.t),
              )
            : clear(current, now);
          if (!next) return { next: current as import("@ioc/core").Alert, changed: false };
          const changed = !current || current.status !== next.status || current.value !== next.value;
          return { next, changed };
        });
      }
    }
  };

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
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
      const rules = await deps.rules.list();
      const byProvince = groupBy(readings, (r) => r.province);
      for (const [province, provinceReadings] of byProvince) {
        try {
          await processProvince(province, provinceReadings, rules, failed);
        } catch (error) {
          deps.logger.error("province step failed; its records will be retried", { province, error: String(error) });
          for (const r of provinceReadings) failed.add(r.seq);
        }
      }
    }
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  async function processProvince(province: string, readings: StreamReading[], rules: AlertRule[], failed: Set<string>) {
    const registry = await provinceOf(province);
    const names = new Map((registry?.communes ?? []).map((c) => [c.code, c.name]));
    const known = new Map((await deps.state.listAlerts(province)).map((a) => [a.id, a]));
    const panels = new Map<string, LatestPanel>();
    const groups = [...groupBy(readings, (r) => r.metric)];
    await forEachLimited(groups, concurrency, async ([metric, inGroup]) => {
      try {
        const { panel, buckets } = await processGroup(province, metric, inGroup);
        panels.set(metric, panel);
        await evaluateAlerts(
          province,
          metric,
          new Set(inGroup.map((r) => r.commune)),
          panel,
          buckets,
          rules,
          known,
          names,
        );
      } catch (error) {
        deps.logger.error("group failed; its records will be retried", { province, metric, error: String(error) });
        for (const r of inGroup) failed.add(r.seq);
      }
    });

    const lastSeen = new Map<string, number>();
    for (const r of readings) lastSeen.set(r.sourceId, Math.max(lastSeen.get(r.sourceId) ?? 0, r.receivedAt));
    await deps.state.mergeFeeds(province, (current) => {
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
