import { describe, expect, it } from "vitest";
import { CLASS_COLOURS, colourFor, legendFor, legendForTargets } from "./legend.js";
import { findMetric } from "./metrics.js";

const metric = (key: string) => {
  const m = findMetric(key);
  if (!m) throw new Error(key);
  return m;
};

describe("legendForTargets", () => {
  it("puts the top class at the commune target and marks it", () => {
    const classes = legendForTargets(metric("net.coverage_4g"));
    expect(classes.map((c) => c.from)).toEqual([0, 57, 76, 85.5, 95]);
    expect(classes.at(-1)?.meetsTarget).toEqual({ value: 95, year: 2030 });
    expect(colourFor(classes, 99)).toBe(CLASS_COLOURS[4]);
    expect(colourFor(classes, 94.9)).toBe(CLASS_COLOURS[3]);
    expect(colourFor(classes, 20)).toBe(CLASS_COLOURS[0]);
  });

  it("falls back to the ordinary classes without a usable target", () => {
    for (const key of ["gov.online_applications", "net.villages_no_signal"]) {
      expect(legendForTargets(metric(key), [1, 2, 3])).toEqual(legendFor(metric(key), [1, 2, 3]));
    }
  });
});

describe("legendFor with clumped counts", () => {
  it("gives a few distinct counts a class each instead of printing empty classes like 1 – 1", () => {
    // Stations down across 121 communes: mostly none, a few with one or two.
    const values = [...Array(100).fill(0), ...Array(15).fill(1), ...Array(6).fill(2)];
    const classes = legendFor(metric("net.bts_down"), values);
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [0, 1],
      [1, 2],
      [2, metric("net.bts_down").range.max],
    ]);
    // Lower is better: no station down gets the best colour, two or more the worst.
    expect(classes.map((c) => c.colour)).toEqual([CLASS_COLOURS[4], CLASS_COLOURS[2], CLASS_COLOURS[0]]);
    expect(colourFor(classes, 0)).toBe(CLASS_COLOURS[4]);
    expect(colourFor(classes, 1)).toBe(CLASS_COLOURS[2]);
    expect(colourFor(classes, 2)).toBe(CLASS_COLOURS[0]);
    // Clumped quantiles of many distinct values: repeated breaks are dropped, never empty classes.
    const clumped = legendFor(metric("net.bts_down"), [...Array(100).fill(0), 1, 2, 3, 4, 5, 6, 7]);
    for (const c of clumped) expect(c.to).toBeGreaterThan(c.from);
  });

  it("keeps five classes when the values spread", () => {
    const values = Array.from({ length: 100 }, (_, k) => k * 3);
    const classes = legendFor(metric("gov.online_applications"), values);
    expect(classes).toHaveLength(5);
    for (let k = 1; k < classes.length; k++) expect(classes[k]?.from).toBeGreaterThan(classes[k - 1]?.from as number);
  });
});
