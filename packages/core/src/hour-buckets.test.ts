import { describe, expect, it } from "vitest";
import {
  type BucketReading,
  foldHourBucket,
  hoursOfWindow,
  PEAK_SLOT_MS,
  peaksInWindow,
  sequenceAfter,
  setAsideInHourBucket,
} from "./hour-buckets.js";

const HOUR = Date.parse("2026-11-22T08:00:00Z");
const at = { province: "99", metric: "net.coverage_4g", hourStart: HOUR };
const r = (seq: string, value: number, over: Partial<BucketReading> = {}): BucketReading => ({
  seq,
  commune: "99001",
  value,
  observedAt: HOUR + 10 * 60_000,
  ...over,
});
const normal = { shard: "a", replay: false };

describe("sequenceAfter", () => {
  it("orders DynamoDB stream sequence numbers as numbers, whatever their length", () => {
    expect(sequenceAfter("2", undefined)).toBe(true);
    expect(sequenceAfter("10", "9")).toBe(true);
    expect(sequenceAfter("9", "10")).toBe(false);
    expect(sequenceAfter("000000000000000000010", "9")).toBe(true);
    expect(sequenceAfter("4421584500000000017450439091", "4421584500000000017450439092")).toBe(false);
    expect(sequenceAfter("4421584500000000017450439092", "4421584500000000017450439091")).toBe(true);
    expect(sequenceAfter("100", "100")).toBe(false);
  });
});

describe("foldHourBucket", () => {
  it("folds count, sum, min, max and the 5-minute peaks, and moves the shard's position", () => {
    const { next, changed } = foldHourBucket(
      undefined,
      at,
      [r("1", 10), r("2", 30), r("3", 20, { observedAt: HOUR })],
      normal,
    );
    expect(changed).toBe(true);
    expect(next.stats["99001"]).toEqual([3, 60, 10, 30]);
    expect(next.peaks["99001"]).toEqual({ "0": 20, "2": 30 });
    expect(next.applied).toEqual({ a: "3" });
    expect(next.setAside).toBeUndefined();
  });

  it("ignores what the shard already folded in and duplicates within a batch: a replay changes nothing", () => {
    const first = foldHourBucket(undefined, at, [r("1", 10), r("2", 30)], normal).next;
    const again = foldHourBucket(first, at, [r("2", 30), r("1", 10), r("2", 30)], normal);
    expect(again.changed).toBe(false);
    expect(again.next).toEqual(first);
    const later = foldHourBucket(first, at, [r("2", 30), r("3", 5), r("3", 5)], normal).next;
    expect(later.stats["99001"]).toEqual([3, 45, 5, 30]);
  });

  it("keeps each shard's position apart", () => {
    const a = foldHourBucket(undefined, at, [r("5", 10)], normal).next;
    const b = foldHourBucket(a, at, [r("2", 1)], { shard: "b", replay: false }).next;
    expect(b.stats["99001"]).toEqual([2, 11, 1, 10]);
    expect(b.applied).toEqual({ a: "5", b: "2" });
  });

  it("on a dead-letter replay folds in only what was set aside, once, and forgets it", () => {
    const base = foldHourBucket(undefined, at, [r("1", 10), r("3", 30)], normal).next;
    // Record 2 was given up on before record 3 moved the position past it.
    const aside = setAsideInHourBucket({ ...base, applied: { a: "1" } }, at, ["2"], "a").next;
    const moved = { ...aside, applied: { a: "3" } };
    const replayed = foldHourBucket(moved, at, [r("2", 20), r("1", 10)], { shard: "a", replay: true });
    expect(replayed.next.stats["99001"]).toEqual([3, 60, 10, 30]);
    expect(replayed.next.setAside).toBeUndefined();
    expect(replayed.next.applied).toEqual({ a: "3" });
    expect(foldHourBucket(replayed.next, at, [r("2", 20)], { shard: "a", replay: true }).changed).toBe(false);
  });
});

describe("setAsideInHourBucket", () => {
  it("lists records past the shard's position once, and nothing already folded in", () => {
    const base = foldHourBucket(undefined, at, [r("5", 10)], normal).next;
    const { next, changed } = setAsideInHourBucket(base, at, ["4", "6", "7", "6"], "a");
    expect(changed).toBe(true);
    expect(next.setAside).toEqual({ a: ["6", "7"] });
    expect(setAsideInHourBucket(next, at, ["6"], "a").changed).toBe(false);
  });

  it("creates an empty bucket holding only the set-aside list when none exists", () => {
    expect(setAsideInHourBucket(undefined, at, ["9"], "a").next).toEqual({
      ...at,
      stats: {},
      peaks: {},
      applied: {},
      setAside: { a: ["9"] },
    });
  });
});

describe("peaksInWindow", () => {
  it("reads the slots overlapping the window across hours, a slot overlapping counts whole", () => {
    const earlier = foldHourBucket(
      undefined,
      { ...at, hourStart: HOUR - 3_600_000 },
      [r("1", 80, { observedAt: HOUR - 22 * 60_000 }), r("2", 99, { observedAt: HOUR - 50 * 60_000 })],
      normal,
    ).next;
    const now = HOUR + 10 * 60_000;
    const from = now - 33 * 60_000; // 07:37: the 07:35 slot overlaps, 07:10 does not
    const buckets = new Map([[earlier.hourStart, earlier]]);
    expect(hoursOfWindow(from, now)).toEqual([HOUR - 3_600_000, HOUR]);
    expect(peaksInWindow((h) => buckets.get(h), "99001", from, now)).toEqual([{ value: 80, observedAt: from }]);
    expect(PEAK_SLOT_MS).toBe(300_000);
  });
});
