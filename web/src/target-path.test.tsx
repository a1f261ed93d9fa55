import type { KpiWithTrend } from "@ioc/client";
import { describe, expect, it } from "vitest";
import { expectedToday } from "./kpi-story.js";
import { hasPathPoints, pathSeries, pathValueAt } from "./target-path.js";

const kpi = (over: Partial<KpiWithTrend> = {}): KpiWithTrend => ({
  metric: "soc.epayment_account_rate",
  label: { vi: "Tài khoản thanh toán", en: "E-payment accounts" },
  unit: "%",
  value: 71.9,
  reporting: 10,
  communes: 10,
  target: { value: 80, year: 2030 } as KpiWithTrend["target"],
  status: "at-risk",
  lagging: [],
  ...over,
});

describe("the path to a target", () => {
  it("without path points follows the line the status is decided on", () => {
    const at = Date.UTC(2027, 6, 1);
    expect(hasPathPoints(kpi())).toBe(false);
    expect(pathValueAt(kpi(), at)).toBeCloseTo(expectedToday(kpi(), new Date(at)) as number);
    expect(pathValueAt(kpi(), Date.UTC(2030, 0, 1))).toBeCloseTo(80);
    expect(pathValueAt(kpi({ target: undefined }), at)).toBeUndefined();
  });

  it("joins the KPI's own points (baseline, milestones) by straight lines", () => {
    const withPath = kpi({
      path: {
        baseline: { year: 2024, value: 50 },
        milestones: [
          { year: 2025, value: 60 },
          { year: 2029, value: 80 },
        ],
      },
    } as Partial<KpiWithTrend>);
    expect(hasPathPoints(withPath)).toBe(true);
    expect(pathValueAt(withPath, Date.UTC(2025, 6, 2, 12))).toBeCloseTo(55, 0);
    expect(pathValueAt(withPath, Date.UTC(2028, 0, 1))).toBeCloseTo(70, 0);
    expect(pathValueAt(withPath, Date.UTC(2031, 0, 1))).toBe(80);
    expect(pathSeries(withPath, [Date.UTC(2026, 0, 1) / 1000])).toEqual([60]);
  });
});
