import { describe, expect, it } from "vitest";
import type { AlertRule } from "./alerts.js";
import type { HourStats } from "./hour-buckets.js";
import { type PreviewDay, previewDayStarts, previewRule } from "./rule-preview.js";
import { HOUR_MS, vnDayStart } from "./time.js";

const NOW = Date.parse("2026-11-30T10:30:00Z");
const DAYS = previewDayStarts(NOW);
const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  id: "low-4g",
  name: { vi: "Phủ sóng 4G thấp", en: "Low 4G coverage" },
  severity: "warning",
  enabled: true,
  condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value: 80 },
  ...over,
});
/** Stats of an hour whose readings were exactly `values`. */
const stats = (...values: number[]): HourStats => [
  values.length,
  values.reduce((s, v) => s + v, 0),
  Math.min(...values),
  Math.max(...values),
];
/** Days of history: commune → [day index, hour, values] entries. */
function history(entries: Record<string, Array<[day: number, hour: number, values: number[]]>>): PreviewDay[] {
  const days = DAYS.map((dayStart) => ({ dayStart, stats: {} as PreviewDay["stats"] }));
  for (const [commune, list] of Object.entries(entries))
    for (const [d, h, values] of list) {
      const day = days[d] as PreviewDay;
      day.stats[commune] = { ...(day.stats[commune] ?? {}), [String(h)]: stats(...values) };
    }
  return days;
}

describe("previewDayStarts", () => {
  it("is the seven Vietnamese days ending with today", () => {
    expect(DAYS).toHaveLength(7);
    expect(DAYS[6]).toBe(vnDayStart(NOW));
    expect((DAYS[6] as number) - (DAYS[0] as number)).toBe(6 * 86_400_000);
  });
});

describe("previewRule", () => {
  it("counts one firing per episode, not per hour, and counts the communes and days", () => {
    const days = history({
      // Below 80 for three hours in a row on day 1 (one alert), then again on day 3 (a reopening).
      "99001": [
        [1, 8, [85, 90]],
        [1, 9, [70, 82]],
        [1, 10, [75]],
        [1, 11, [79]],
        [1, 12, [88]],
        [3, 9, [60]],
      ],
      // Never below.
      "99002": [
        [1, 9, [81, 99]],
        [2, 9, [80]],
      ],
      "99003": [[6, 1, [10]]],
    });
    const preview = previewRule({
      rule: rule(),
      province: "99",
      days,
      names: new Map([["99001", "Phường Một"]]),
    });
    expect(preview.supported).toBe(true);
    expect(preview.precision).toBe("exact");
    expect(preview.firings).toBe(3);
    expect(preview.communes).toBe(2);
    expect(preview.firingHours).toBe(5);
    expect(preview.days.map((d) => d.firings)).toEqual([0, 1, 0, 1, 0, 0, 1]);
    expect(preview.days.map((d) => d.communes)).toEqual([0, 1, 0, 1, 0, 0, 1]);
    expect(preview.examples.map((e) => [e.commune, e.at, e.value])).toEqual([
      ["99001", (DAYS[1] as number) + 9 * HOUR_MS, 70],
      ["99001", (DAYS[3] as number) + 9 * HOUR_MS, 60],
      ["99003", (DAYS[6] as number) + 1 * HOUR_MS, 10],
    ]);
    expect(preview.examples[0]?.message.vi).toBe("Phủ sóng 4G thấp — Phường Một: 70 %");
  });

  it("changes with the threshold: a stricter one fires more", () => {
    const days = history({
      "99001": [
        [0, 1, [75]],
        [0, 3, [65]],
        [0, 5, [75]],
      ],
    });
    const at = (value: number) =>
      previewRule({
        rule: rule({ condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value } }),
        province: "99",
        days,
      }).firings;
    expect(at(60)).toBe(0);
    expect(at(70)).toBe(1);
    expect(at(80)).toBe(1);
    // Hours 1 and 5 fire, hour 3 clears in between: two openings.
    expect(
      previewRule({
        rule: rule({ condition: { kind: "threshold", metric: "net.coverage_4g", op: "above", value: 70 } }),
        province: "99",
        days,
      }).firings,
    ).toBe(2);
  });

  it("keeps an alert open through a clear hour inside its hold time, as the processor does", () => {
    const days = history({
      "99001": [
        [0, 1, [50]],
        [0, 2, [90]],
        [0, 3, [50]],
      ],
    });
    const held = previewRule({ rule: rule({ holdMinutes: 180 }), province: "99", days });
    expect(held.firings).toBe(1);
    const released = previewRule({ rule: rule({ holdMinutes: 0 }), province: "99", days });
    expect(released.firings).toBe(2);
  });

  it("judges a disabled draft as if enabled, and a rule of another province not at all", () => {
    const days = history({ "99001": [[0, 1, [50]]] });
    expect(previewRule({ rule: rule({ enabled: false }), province: "99", days }).firings).toBe(1);
    const other = previewRule({ rule: rule({ province: "48" }), province: "99", days });
    expect(other.firings).toBe(0);
    expect(other.days).toHaveLength(7);
  });

  it("judges a target rule by the metric's target and direction", () => {
    const days = history({ "99001": [[0, 1, [10]]], "99002": [[0, 1, [100]]] });
    const preview = previewRule({
      rule: rule({ condition: { kind: "target", metric: "net.coverage_4g" } }),
      province: "99",
      days,
    });
    expect(preview.examples.map((e) => e.commune)).toEqual(["99001"]);
  });

  it("estimates a drop rule from the window's hourly peaks", () => {
    const days = history({
      "99001": [
        [0, 1, [100]],
        [0, 2, [95, 40]],
        [0, 8, [30]],
      ],
    });
    const preview = previewRule({
      rule: rule({ condition: { kind: "drop", metric: "net.coverage_4g", percent: 50, windowMinutes: 120 } }),
      province: "99",
      days,
    });
    expect(preview.precision).toBe("estimate");
    // Hour 2 drops from the peak of hours 1–2 (100) to 40; hour 8 has no peak within two hours but itself.
    expect(preview.firings).toBe(1);
    expect(preview.examples[0]?.at).toBe((DAYS[0] as number) + 2 * HOUR_MS);
  });

  it("has no preview for a stale-feed rule, and lists at most the asked examples", () => {
    const days = history({ "99001": [[0, 1, [50]]], "99002": [[0, 1, [50]]], "99003": [[0, 2, [50]]] });
    const stale = previewRule({
      rule: rule({ condition: { kind: "stale", factor: 3 } }),
      province: "99",
      days,
    });
    expect(stale.supported).toBe(false);
    expect(stale.firings).toBe(0);
    const two = previewRule({ rule: rule(), province: "99", days, examples: 2 });
    expect(two.firings).toBe(3);
    expect(two.examples.map((e) => e.commune)).toEqual(["99001", "99002"]);
  });
});
