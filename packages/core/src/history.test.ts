import { describe, expect, it } from "vitest";
import {
  communeDayBucket,
  communeDayValues,
  type DayReading,
  foldDayValues,
  mergeImportedDay,
  mergeProvinceMonth,
  monthsBetween,
  pointsOfMonth,
  provinceDayValue,
  setAsideInDay,
  vnDate,
  vnDateStart,
} from "./history.js";

const DAY = vnDateStart("2026-11-22");
const at = { province: "99", metric: "net.coverage_4g", dayStart: DAY };
const r = (seq: string, value: number, over: Partial<DayReading> = {}): DayReading => ({
  seq,
  commune: "99001",
  value,
  observedAt: DAY + 3_600_000 * Number(seq),
  readingKey: `src/r${seq}`,
  ...over,
});
const normal = { shard: "a", replay: false };
const communes = [
  { code: "99001", population: 1_000 },
  { code: "99002", population: 3_000 },
];

describe("Vietnamese dates", () => {
  it("names the day in UTC+7 and finds its start back", () => {
    expect(vnDate(Date.parse("2026-11-21T17:00:00Z"))).toBe("2026-11-22");
    expect(vnDate(Date.parse("2026-11-21T16:59:59Z"))).toBe("2026-11-21");
    expect(vnDateStart("2026-11-22")).toBe(Date.parse("2026-11-21T17:00:00Z"));
  });
  it("lists the months a range touches, across a year end", () => {
    expect(monthsBetween(vnDateStart("2025-11-30"), vnDateStart("2026-02-01"))).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
  });
});

describe("foldDayValues", () => {
  it("keeps count, sum, min, max and the last value of the day (newest observedAt, not stream order)", () => {
    const { next, changed } = foldDayValues(
      undefined,
      at,
      [r("1", 10), r("3", 30, { observedAt: DAY + 60_000 }), r("2", 20)],
      normal,
    );
    expect(changed).toBe(true);
    // Newest observation is seq 2 (two hours in), although seq 3 arrived last.
    expect(next.stats["99001"]).toEqual([3, 60, 10, 30, 20, DAY + 2 * 3_600_000, "src/r2"]);
    expect(next.applied).toEqual({ a: "3" });
    expect(communeDayValues(next)["99001"]).toEqual({ value: 20, count: 3, source: "stream" });
  });

  it("breaks observedAt ties by reading key, so any order gives the same last value", () => {
    const same = DAY + 5_000;
    const a = r("1", 10, { observedAt: same, readingKey: "src/b" });
    const b = r("2", 20, { observedAt: same, readingKey: "src/a" });
    const one = foldDayValues(undefined, at, [a, b], normal).next.stats["99001"];
    const two = foldDayValues(
      undefined,
      at,
      [
        { ...b, seq: "1" },
        { ...a, seq: "2" },
      ],
      normal,
    ).next.stats["99001"];
    expect(one?.[4]).toBe(10);
    expect(two?.[4]).toBe(10);
  });

  it("changes nothing on a replay of folded records (idempotent)", () => {
    const first = foldDayValues(undefined, at, [r("1", 10), r("2", 20)], normal).next;
    const again = foldDayValues(first, at, [r("1", 10), r("2", 20)], normal);
    expect(again.changed).toBe(false);
    expect(again.next).toEqual(first);
  });

  it("folds a set-aside record exactly once on a dead-letter replay, after later records moved on", () => {
    let day = foldDayValues(undefined, at, [r("1", 10)], normal).next;
    day = setAsideInDay(day, at, ["2"], "a").next;
    day = foldDayValues(day, at, [r("3", 30)], normal).next;
    const replayed = foldDayValues(day, at, [r("2", 20)], { shard: "a", replay: true });
    expect(replayed.next.stats["99001"]?.[0]).toBe(3);
    expect(replayed.next.setAside).toBeUndefined();
    const twice = foldDayValues(replayed.next, at, [r("2", 20)], { shard: "a", replay: true });
    expect(twice.changed).toBe(false);
  });

  it("does not list as set aside what was already folded in", () => {
    const day = foldDayValues(undefined, at, [r("1", 10), r("2", 20)], normal).next;
    expect(setAsideInDay(day, at, ["2"], "a").changed).toBe(false);
  });
});

describe("imports and the province value", () => {
  it("sets imported values (twice is a no-op) and lets the stream's value win where both exist", () => {
    const imported = mergeImportedDay(
      undefined,
      at,
      [
        { commune: "99001", value: 50 },
        { commune: "99002", value: 70 },
      ],
      "import",
    ).next;
    expect(mergeImportedDay(imported, at, [{ commune: "99001", value: 50 }], "import").changed).toBe(false);
    const withStream = foldDayValues(imported, at, [r("1", 60)], normal).next;
    expect(communeDayValues(withStream)).toEqual({
      "99001": { value: 60, count: 1, source: "stream" },
      "99002": { value: 70, source: "import" },
    });
  });

  it("aggregates communes the metric's way and says where the value came from", () => {
    const day = mergeImportedDay(
      undefined,
      at,
      [
        { commune: "99001", value: 40 },
        { commune: "99002", value: 80 },
      ],
      "synthetic",
    ).next;
    // Population-weighted: (40 × 1000 + 80 × 3000) / 4000.
    expect(provinceDayValue(day, communes)).toEqual({ value: 70, count: 2, source: "synthetic" });
    const bts = { ...at, metric: "net.bts_down" };
    const sum = mergeImportedDay(
      undefined,
      bts,
      [
        { commune: "99001", value: 2 },
        { commune: "99002", value: 3 },
      ],
      "import",
    ).next;
    expect(provinceDayValue(sum, communes)).toEqual({ value: 5, count: 2, source: "import" });
    expect(provinceDayValue({ ...day, imported: {} }, communes)).toBeUndefined();
  });

  it("keeps province points per month and reads them back by range, with their source", () => {
    const points = [
      { metric: "net.coverage_4g", dayStart: DAY, point: { value: 70, count: 2, source: "stream" as const } },
      {
        metric: "net.coverage_4g",
        dayStart: vnDateStart("2026-11-01"),
        point: { value: 60, count: 2, source: "import" as const },
      },
      {
        metric: "net.coverage_4g",
        dayStart: vnDateStart("2026-12-01"),
        point: { value: 99, count: 2, source: "import" as const },
      },
    ];
    const month = mergeProvinceMonth(undefined, "99", "2026-11", points).next;
    expect(Object.keys(month.values["net.coverage_4g"] ?? {}).sort()).toEqual(["01", "22"]);
    expect(mergeProvinceMonth(month, "99", "2026-11", points).changed).toBe(false);
    expect(pointsOfMonth(month, "net.coverage_4g", vnDateStart("2026-11-01"), DAY)).toEqual([
      { t: vnDateStart("2026-11-01"), value: 60, count: 2, source: "import" },
      { t: DAY, value: 70, count: 2, source: "stream" },
    ]);
    expect(pointsOfMonth(month, "net.coverage_4g", DAY + 1, DAY + 2)).toEqual([]);
  });
});

describe("communeDayBucket", () => {
  it("is the stream's statistics of the day, else an imported value as a bucket of one", () => {
    const day = {
      ...at,
      stats: { "99001": [3, 210, 60, 80, 75, DAY, "k"] as [number, number, number, number, number, number, string] },
      imported: { "99001": [10, "i"] as [number, "i"], "99002": [42.5, "y"] as [number, "y"] },
      applied: {},
    };
    expect(communeDayBucket(day, "99001")).toEqual({ dayStart: DAY, count: 3, sum: 210, min: 60, max: 80 });
    expect(communeDayBucket(day, "99002")).toEqual({ dayStart: DAY, count: 1, sum: 42.5, min: 42.5, max: 42.5 });
    expect(communeDayBucket(day, "99003")).toBeUndefined();
  });
});
