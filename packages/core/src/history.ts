/**
 * History: what a province and each of its communes stood at on each Vietnamese day, kept for a
 * resolution's term (≥ 5 years), folded from the readings stream exactly once per record (the
 * same stream positions as hour buckets, see `foldHourBucket`), plus values a province imports
 * for days before it fed this system (annual reports, statistics) and the demo's synthetic past.
 *
 * A commune's daily value: every metric of the catalogue reports a level — a rate (%), a current
 * count (open reports, BTS down, villages without signal) or a figure already per day (hồ sơ/ngày,
 * lượt/ngày) — never an increment, so the day's value is its LAST reading (newest observedAt, then
 * reading key, as latest values decide). Summing a day's readings would count an hourly "per day"
 * figure 24 times. The day also keeps count, sum, min and max, so a mean or a total is at hand for
 * a metric whose readings are increments (`DAILY_RULES` names such metrics: none today).
 *
 * The province's daily value aggregates its communes' daily values the catalogue's way
 * (population-weighted mean, sum, min, latest), as the live indicators do.
 */
import type { Commune } from "./admin-units.js";
import { sequenceAfter } from "./hour-buckets.js";
import { aggregate } from "./kpis.js";
import type { Merged } from "./merge-result.js";
import { findMetric, type MetricDefinition } from "./metrics.js";
import { vnDayStart } from "./time.js";

/** Days a daily value is kept: a five-year resolution term and the year before it. */
export const DAILY_RETENTION_DAYS = 6 * 366;
/** Days an hour bucket is kept (DynamoDB TTL): the hourly view of the last 90 days. */
export const HOURLY_RETENTION_DAYS = 90;

/** Where a value came from: folded from live readings, imported, or generated for the demo. */
export type HistorySource = "stream" | "import" | "synthetic";
/** The stored one-letter code of a source (day items are large: short names). */
export const SOURCE_CODE = { stream: "s", import: "i", synthetic: "y" } as const satisfies Record<
  HistorySource,
  string
>;
const SOURCE_OF: Record<string, HistorySource> = { s: "stream", i: "import", y: "synthetic" };

/** How a metric's daily value comes from its day's readings. */
export type DailyRule = "last" | "sum";
/** Metrics whose daily value is not the last reading (readings that are increments). None today. */
export const DAILY_RULES: Readonly<Record<string, DailyRule>> = {};
/** The rule for a metric's daily value. */
export function dailyRuleOf(metric: string): DailyRule {
  return DAILY_RULES[metric] ?? "last";
}

/**
 * A commune's day from the stream: count, sum, min, max, the last value, its observedAt (ms) and
 * the reading key that set it (breaks observedAt ties).
 */
export type DayStats = [
  count: number,
  sum: number,
  min: number,
  max: number,
  last: number,
  lastAt: number,
  key: string,
];

/** A province × metric × Vietnamese day: every commune's day, from the stream and imported. */
export interface DayValues {
  province: string;
  metric: string;
  dayStart: number;
  /** commune → the day's statistics from live readings. */
  stats: Record<string, DayStats>;
  /** commune → [value, source code] from a historical import (never from the stream). */
  imported: Record<string, [value: number, source: "i" | "y"]>;
  /** shard → the last sequence number folded in from it (as in hour buckets). */
  applied: Record<string, string>;
  /** shard → sequence numbers given up on before they were folded in. */
  setAside?: Record<string, string[]>;
}

/** One commune's value on a day, with where it came from. */
export interface CommuneDayValue {
  value: number;
  /** Readings folded into it (stream only). */
  count?: number;
  source: HistorySource;
}

/** One point of a province's history: a day (or an hour) start, the value and its origin. */
export interface HistoryPoint {
  /** Epoch ms of the Vietnamese day's start (or the hour's). */
  t: number;
  value: number;
  /** Communes that had a value (days) or readings folded in (hours). */
  count: number;
  source: HistorySource;
}

/**
 * A province's daily values of every metric in one month (Vietnamese days): metric → day of month
 * ("01"–"31") → [value, communes with a value, source code]. One item per province and month, so
 * a processor batch rewrites one item per province whatever the metrics, and a five-year trend is
 * 60 items of one partition.
 */
export interface ProvinceMonth {
  province: string;
  /** "YYYY-MM" in Vietnam time. */
  month: string;
  values: Record<string, Record<string, [value: number, count: number, source: string]>>;
}

/** A reading as the day fold needs it. */
export interface DayReading {
  seq: string;
  commune: string;
  value: number;
  observedAt: number;
  readingKey: string;
}

/** One row of a historical import, validated: a commune's value of a metric on a past day. */
export interface HistoryRow {
  commune: string;
  metric: string;
  value: number;
  /** Epoch ms; the row lands on the Vietnamese day containing it. */
  observedAt: number;
}

/** The Vietnamese calendar date ("YYYY-MM-DD") of a day start or any instant in it. */
export function vnDate(t: number): string {
  return new Date(vnDayStart(t) + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The start (epoch ms) of a Vietnamese calendar date "YYYY-MM-DD". */
export function vnDateStart(date: string): number {
  return Date.parse(`${date}T00:00:00+07:00`);
}

/** Whether reading a is newer than b (observedAt, then reading key), as latest values decide. */
function newer(at: number, key: string, than: DayStats | undefined): boolean {
  if (!than) return true;
  return at !== than[5] ? at > than[5] : key > than[6];
}

function addToDay(day: DayStats | undefined, r: DayReading): DayStats {
  if (!day) return [1, r.value, r.value, r.value, r.value, r.observedAt, r.readingKey];
  const last = newer(r.observedAt, r.readingKey, day);
  return [
    day[0] + 1,
    day[1] + r.value,
    Math.min(day[2], r.value),
    Math.max(day[3], r.value),
    last ? r.value : day[4],
    last ? r.observedAt : day[5],
    last ? r.readingKey : day[6],
  ];
}

/** An empty day. */
export function emptyDay(province: string, metric: string, dayStart: number): DayValues {
  return { province, metric, dayStart, stats: {}, imported: {}, applied: {} };
}

/**
 * Folds one day's readings from `shard` into its day values, each record once: past the shard's
 * position normally; with `replay` (a dead-letter replay) only what was set aside in that shard.
 * The same positions discipline as `foldHourBucket`, so replays and reorderings change nothing.
 */
export function foldDayValues(
  current: DayValues | undefined,
  at: { province: string; metric: string; dayStart: number },
  readings: readonly DayReading[],
  from: { shard: string; replay: boolean },
): Merged<DayValues> {
  const { shard, replay } = from;
  const base = current ?? emptyDay(at.province, at.metric, at.dayStart);
  const stats = { ...base.stats };
  const applied = { ...base.applied };
  const setAside = { ...(base.setAside ?? {}) };
  const high = applied[shard];
  const waiting = new Set(setAside[shard] ?? []);
  const seen = new Set<string>();
  let top = high;
  let changed = !current;
  for (const r of readings) {
    if (seen.has(r.seq)) continue;
    seen.add(r.seq);
    const fresh = replay ? waiting.delete(r.seq) : sequenceAfter(r.seq, high);
    if (!fresh) continue;
    if (!replay && sequenceAfter(r.seq, top)) top = r.seq;
    stats[r.commune] = addToDay(stats[r.commune], r);
    changed = true;
  }
  if (top !== undefined && top !== high) applied[shard] = top;
  if (replay) {
    if (waiting.size > 0) setAside[shard] = [...waiting];
    else delete setAside[shard];
  }
  const next: DayValues = { ...base, stats, applied };
  delete next.setAside;
  if (Object.keys(setAside).length > 0) next.setAside = setAside;
  return { next, changed };
}

/** Lists records the stream gives up on as set aside in their day, as `setAsideInHourBucket` does. */
export function setAsideInDay(
  current: DayValues | undefined,
  at: { province: string; metric: string; dayStart: number },
  seqs: readonly string[],
  shard: string,
): Merged<DayValues> {
  const base = current ?? emptyDay(at.province, at.metric, at.dayStart);
  const list = [...(base.setAside?.[shard] ?? [])];
  let changed = false;
  for (const seq of seqs) {
    if (sequenceAfter(seq, base.applied[shard]) && !list.includes(seq)) {
      list.push(seq);
      changed = true;
    }
  }
  if (!changed) return { next: base, changed: !current };
  return { next: { ...base, setAside: { ...(base.setAside ?? {}), [shard]: list } }, changed: true };
}

/**
 * Sets imported values on a day (a set, not an add: importing a file twice changes nothing).
 * Values from the stream are untouched and take precedence when both exist.
 */
export function mergeImportedDay(
  current: DayValues | undefined,
  at: { province: string; metric: string; dayStart: number },
  rows: ReadonlyArray<{ commune: string; value: number }>,
  source: "import" | "synthetic",
): Merged<DayValues> {
  const base = current ?? emptyDay(at.province, at.metric, at.dayStart);
  const imported = { ...base.imported };
  const code = SOURCE_CODE[source];
  let changed = !current;
  for (const row of rows) {
    const was = imported[row.commune];
    if (was && was[0] === row.value && was[1] === code) continue;
    imported[row.commune] = [row.value, code];
    changed = true;
  }
  return { next: { ...base, imported }, changed };
}

/** A commune's daily value on a day: from the stream when it reported, else imported. */
export function communeDayValue(day: DayValues, commune: string): CommuneDayValue | undefined {
  const s = day.stats[commune];
  if (s) return { value: dailyRuleOf(day.metric) === "sum" ? s[1] : s[4], count: s[0], source: "stream" };
  const i = day.imported[commune];
  return i ? { value: i[0], source: SOURCE_OF[i[1]] ?? "import" } : undefined;
}

/** One commune's day as a series bucket (`GET /v1/communes/{code}/series?step=1d`). */
export interface CommuneDayBucket {
  dayStart: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * A commune's day as a series bucket: the stream's statistics of the day when it has readings
 * (the same sums the hour buckets add up to), else an imported value as a bucket of one.
 */
export function communeDayBucket(day: DayValues, commune: string): CommuneDayBucket | undefined {
  const s = day.stats[commune];
  if (s) return { dayStart: day.dayStart, count: s[0], sum: s[1], min: s[2], max: s[3] };
  const i = day.imported[commune];
  return i ? { dayStart: day.dayStart, count: 1, sum: i[0], min: i[0], max: i[0] } : undefined;
}

/** Every commune's daily value on a day. */
export function communeDayValues(day: DayValues): Record<string, CommuneDayValue> {
  const out: Record<string, CommuneDayValue> = {};
  for (const code of new Set([...Object.keys(day.stats), ...Object.keys(day.imported)])) {
    const v = communeDayValue(day, code);
    if (v) out[code] = v;
  }
  return out;
}

/**
 * The province's value on a day from its communes' daily values, the catalogue's way; its
 * source is "stream" when any commune's value came from the stream, else the imports' own.
 * Undefined when no commune has a value or the metric is unknown.
 */
export function provinceDayValue(
  day: DayValues,
  communes: readonly Pick<Commune, "code" | "population">[],
  metric: MetricDefinition | undefined = findMetric(day.metric),
): Omit<HistoryPoint, "t"> | undefined {
  if (!metric) return undefined;
  const values = communeDayValues(day);
  const rows: Array<{ value: number; population: number; observedAt: number }> = [];
  const sources = new Set<HistorySource>();
  for (const c of communes) {
    const v = values[c.code];
    if (!v) continue;
    sources.add(v.source);
    rows.push({ value: v.value, population: c.population, observedAt: day.stats[c.code]?.[5] ?? day.dayStart });
  }
  const value = aggregate(metric, rows);
  if (value === undefined) return undefined;
  const source: HistorySource = sources.has("stream") ? "stream" : sources.has("import") ? "import" : "synthetic";
  return { value, count: rows.length, source };
}

/** The month ("YYYY-MM") and day of month ("DD") of a Vietnamese day. */
export function monthOf(dayStart: number): { month: string; dd: string } {
  const date = vnDate(dayStart);
  return { month: date.slice(0, 7), dd: date.slice(8, 10) };
}

/**
 * Sets province daily values (metric → day start → point, undefined to remove) in a month's
 * item; unchanged when equal. A set derived from the day items, so recomputing is exact.
 */
export function mergeProvinceMonth(
  current: ProvinceMonth | undefined,
  province: string,
  month: string,
  points: ReadonlyArray<{ metric: string; dayStart: number; point: Omit<HistoryPoint, "t"> | undefined }>,
): Merged<ProvinceMonth> {
  const values: ProvinceMonth["values"] = { ...(current?.values ?? {}) };
  let changed = !current;
  for (const { metric, dayStart, point } of points) {
    const { month: m, dd } = monthOf(dayStart);
    if (m !== month) continue;
    const days = { ...(values[metric] ?? {}) };
    const was = days[dd];
    if (!point) {
      if (was) {
        delete days[dd];
        changed = true;
      }
    } else {
      const entry: [number, number, string] = [point.value, point.count, SOURCE_CODE[point.source]];
      if (!was || was[0] !== entry[0] || was[1] !== entry[1] || was[2] !== entry[2]) {
        days[dd] = entry;
        changed = true;
      }
    }
    values[metric] = days;
  }
  return { next: { province, month, values }, changed };
}

/** A province month's points of one metric, oldest first, within [fromDay, toDay]. */
export function pointsOfMonth(month: ProvinceMonth, metric: string, fromDay: number, toDay: number): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (const [dd, [value, count, code]] of Object.entries(month.values[metric] ?? {})) {
    const t = vnDateStart(`${month.month}-${dd}`);
    if (t >= fromDay && t <= toDay) out.push({ t, value, count, source: SOURCE_OF[code] ?? "import" });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The months ("YYYY-MM") that days in [fromDay, toDay] fall in, oldest first. */
export function monthsBetween(fromDay: number, toDay: number): string[] {
  const months: string[] = [];
  let [y, m] = monthOf(fromDay).month.split("-").map(Number) as [number, number];
  const last = monthOf(toDay).month;
  for (;;) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    months.push(month);
    if (month >= last) return months;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}
