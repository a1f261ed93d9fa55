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
