/**
 * Hour buckets: a province × metric × hour of per-commune statistics, folded from a stream of
 * readings exactly once per record although the stream delivers at least once.
 *
 * A bucket keeps no per-reading keys, so its size is bounded by the number of communes whatever
 * the reading rate. Exactness on replays comes from stream positions instead: `applied` holds,
 * per stream shard, the last sequence number folded in (records of a shard arrive in order the
 * first time, so anything at or below it is a replay), and `setAside` the sequence numbers of
 * records given up on before they were folded in, so a dead-letter replay adds exactly those once.
 */
import type { Merged } from "./merge-result.js";
import { HOUR_MS, hourStart } from "./time.js";

/** Per-commune statistics of one hour: count, sum, min, max. The one stats type of State. */
export type HourStats = [count: number, sum: number, min: number, max: number];

/** Width of the slots whose peaks an hour bucket keeps for "drop within a window" rules. */
export const PEAK_SLOT_MS = 5 * 60_000;

/** A province × metric × hour: per-commune statistics and 5-minute peaks, with stream positions. */
export interface HourBucket {
  province: string;
  metric: string;
  hourStart: number;
  stats: Record<string, HourStats>;
  /** commune → slot (0–11) → the highest value observed in that 5-minute slot. */
  peaks: Record<string, Record<string, number>>;
  /** shard → the last sequence number folded in from it. */
  applied: Record<string, string>;
  /** shard → sequence numbers given up on before they were folded in. */
  setAside?: Record<string, string[]>;
}

/**
 * Per-commune statistics of each hour of a day: hour (0–23) → stats. Not stored as such: a view
 * of the day's hour buckets.
 */
export interface DayBucket {
  province: string;
  metric: string;
  dayStart: number;
  stats: Record<string, Record<string, HourStats>>;
}

/** What a bucket needs of a reading: its stream position, commune, value and time. */
export interface BucketReading {
  seq: string;
  commune: string;
  value: number;
  observedAt: number;
}

/** Which bucket: province × metric × hour start (epoch ms). */
export interface BucketAddress {
  province: string;
  metric: string;
  hourStart: number;
}

/** Whether stream sequence number `a` comes after `b` (decimal strings, any length). */
export function sequenceAfter(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  return x.length !== y.length ? x.length > y.length : x > y;
}

/** Statistics with one more value. */
export function addToStats(stats: HourStats | undefined, value: number): HourStats {
  return stats
    ? [stats[0] + 1, stats[1] + value, Math.min(stats[2], value), Math.max(stats[3], value)]
    : [1, value, value, value];
}

/** An empty bucket at an address. */
function emptyBucket(at: BucketAddress): HourBucket {
  return { province: at.province, metric: at.metric, hourStart: at.hourStart, stats: {}, peaks: {}, applied: {} };
}

/**
 * Folds the readings of one hour from `shard` into its bucket, each record once: past the shard's
 * position normally; with `replay` (a dead-letter replay) only what was set aside in that shard.
 */
export function foldHourBucket(
  current: HourBucket | undefined,
  at: BucketAddress,
  readings: readonly BucketReading[],
  from: { shard: string; replay: boolean },
): Merged<HourBucket> {
  const { shard, replay } = from;
  const stats = { ...(current?.stats ?? {}) };
  const peaks = { ...(current?.peaks ?? {}) };
  const applied = { ...(current?.applied ?? {}) };
  const setAside = { ...(current?.setAside ?? {}) };
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
    stats[r.commune] = addToStats(stats[r.commune], r.value);
    const slot = String(Math.floor((r.observedAt - at.hourStart) / PEAK_SLOT_MS));
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
  const next: HourBucket = { ...emptyBucket(at), stats, peaks, applied };
  if (Object.keys(setAside).length > 0) next.setAside = setAside;
  return { next, changed };
}

/**
 * Lists as set aside in `shard` each record the stream is giving up on that the bucket has not
 * folded in yet, so a dead-letter replay folds it in exactly once — even after later records moved
 * the bucket's position past it.
 */
export function setAsideInHourBucket(
  current: HourBucket | undefined,
  at: BucketAddress,
  seqs: readonly string[],
  shard: string,
): Merged<HourBucket> {
  const base = current ?? { ...emptyBucket(at), setAside: {} };
  const list = [...(base.setAside?.[shard] ?? [])];
  let changed = false;
  for (const seq of seqs) {
    if (sequenceAfter(seq, base.applied[shard]) && !list.includes(seq)) {
      list.push(seq);
      changed = true;
    }
  }
  const next: HourBucket = { ...base, setAside: { ...(base.setAside ?? {}) } };
  if (changed) (next.setAside as Record<string, string[]>)[shard] = list;
  return { next, changed };
}

/** The hour starts a window [from, until] touches, oldest first. */
export function hoursOfWindow(from: number, until: number): number[] {
  const hours: number[] = [];
  for (let hour = hourStart(from); hour <= until; hour += HOUR_MS) hours.push(hour);
  return hours;
}

/**
 * A commune's peaks within [from, until] from the buckets of those hours, as the history a "drop"
 * rule reads. The window is resolved to 5-minute slots: a slot that overlaps it counts whole.
 */
export function peaksInWindow(
  bucketOf: (hourStart: number) => HourBucket | undefined,
  commune: string,
  from: number,
  until: number,
): Array<{ value: number; observedAt: number }> {
  const history: Array<{ value: number; observedAt: number }> = [];
  for (const hour of hoursOfWindow(from, until)) {
    for (const [slot, peak] of Object.entries(bucketOf(hour)?.peaks?.[commune] ?? {})) {
      const slotStart = hour + Number(slot) * PEAK_SLOT_MS;
      if (slotStart + PEAK_SLOT_MS > from && slotStart <= until)
        history.push({ value: peak, observedAt: Math.max(slotStart, from) });
    }
  }
  return history;
}
