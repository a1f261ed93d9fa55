/**
 * An in-memory State store for the pipeline's tests: a fake of the `StateStore` port (never of
 * DynamoDB), with the same merge contract — a merge's result is kept only when it changed.
 * `writes` counts what was written, per kind, as the benchmarks count State writes.
 */
import type {
  Alert,
  DayBucket,
  DayValues,
  Feeds,
  HourBucket,
  LatestPanel,
  Merged,
  ProvinceMonth,
  Rollup,
  StateStore,
} from "@ioc/core";
import { vnDayStart } from "@ioc/core";

/** The fake and what it holds, for assertions. */
export interface MemoryStateStore extends StateStore {
  readonly panels: Map<string, LatestPanel>;
  readonly buckets: Map<string, HourBucket>;
  readonly feeds: Map<string, Feeds>;
  readonly rollups: Map<string, Rollup>;
  readonly alerts: Map<string, Alert>;
  readonly days: Map<string, DayValues>;
  readonly months: Map<string, ProvinceMonth>;
  readonly writes: Record<"panel" | "bucket" | "feeds" | "rollup" | "alert" | "day" | "month", number>;
}

/** A fresh, empty in-memory State store. */
export function createMemoryStateStore(): MemoryStateStore {
  const panels = new Map<string, LatestPanel>();
  const buckets = new Map<string, HourBucket>();
  const feeds = new Map<string, Feeds>();
  const rollups = new Map<string, Rollup>();
  const alerts = new Map<string, Alert>();
  const days = new Map<string, DayValues>();
  const months = new Map<string, ProvinceMonth>();
  const writes = { panel: 0, bucket: 0, feeds: 0, rollup: 0, alert: 0, day: 0, month: 0 };
  const merge = async <T, N extends T | undefined>(
    kind: keyof typeof writes,
    items: Map<string, T>,
    id: string,
    fn: (current: T | undefined) => Merged<N>,
  ): Promise<N> => {
    // A structured copy, as a read from a table would give: a merge cannot alias what is stored.
    const current = items.get(id);
    const { next, changed } = fn(current === undefined ? undefined : structuredClone(current));
    if (changed && next !== undefined) {
      items.set(id, structuredClone(next));
      writes[kind]++;
    }
    return next;
  };
  return {
    panels,
    buckets,
    feeds,
    rollups,
    alerts,
    days,
    months,
    writes,
    mergeLatestPanel: (p, m, fn) => merge("panel", panels, `${p}|${m}`, fn),
    mergeHourBucket: (p, m, h, fn) => merge("bucket", buckets, `${p}|${m}|${h}`, fn),
    mergeFeeds: (p, fn) => merge("feeds", feeds, p, fn),
    mergeRollup: (p, d, fn) => merge("rollup", rollups, `${p}|${d}`, fn),
    mergeAlert: (p, id, fn) => merge("alert", alerts, `${p}|${id}`, fn),
    mergeDayValues: (p, m, d, fn) => merge("day", days, `${p}|${m}|${d}`, fn),
    mergeProvinceMonth: (p, month, fn) => merge("month", months, `${p}|${month}`, fn),
    getHourBucket: async (p, m, h) => buckets.get(`${p}|${m}|${h}`),
    getFeeds: async (p) => feeds.get(p),
    getRollup: async (p, d) => rollups.get(`${p}|${d}`),
    listPanels: async (p) => [...panels.values()].filter((x) => x.province === p),
    async listDayBuckets(p, m, fromDay, toDay, commune) {
      const days = new Map<number, DayBucket>();
      for (const b of buckets.values()) {
        const day = vnDayStart(b.hourStart);
        if (b.province !== p || b.metric !== m || day < fromDay || day > toDay) continue;
        const out = days.get(day) ?? { province: p, metric: m, dayStart: day, stats: {} };
        days.set(day, out);
        const hh = String((b.hourStart - day) / 3_600_000);
        for (const [code, stats] of Object.entries(b.stats))
          if (!commune || code === commune) out.stats[code] = { ...(out.stats[code] ?? {}), [hh]: stats };
      }
      return [...days.values()].sort((a, b) => a.dayStart - b.dayStart);
    },
    listAlerts: async (p) => [...alerts.values()].filter((a) => a.province === p),
    async getAlerts(p, ids) {
      const found = new Map<string, Alert>();
      for (const id of ids) {
        const alert = alerts.get(`${p}|${id}`);
        if (alert) found.set(id, alert);
      }
      return found;
    },
  };
}
