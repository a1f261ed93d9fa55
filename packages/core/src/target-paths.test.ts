import { describe, expect, it } from "vitest";
import { findMetric, type MetricDefinition } from "./metrics.js";
import {
  assessPath,
  defaultTargetPaths,
  effectiveTargets,
  expectedOnPath,
  formatMetricValue,
  leastSquares,
  projectTrend,
  type TargetPath,
  targetPathSchema,
} from "./target-paths.js";

const DAY = 86_400_000;
const epay = findMetric("soc.epayment_account_rate") as MetricDefinition;
const villages = findMetric("net.villages_no_signal") as MetricDefinition;
const path: TargetPath = {
  metric: epay.key,
  level: "province",
  baseline: { value: 60, year: 2024 },
  milestones: [
    { value: 70, year: 2025 },
    { value: 80, year: 2030 },
  ],
  source: "Quyết định 749/QĐ-TTg",
};
/** A year's end: where the path puts a point "by YEAR". */
const endOf = (year: number) => Date.UTC(year + 1, 0, 1);

describe("the path", () => {
  it("is piecewise-linear through the baseline and milestones, flat outside", () => {
    expect(expectedOnPath(path, Date.UTC(2020, 5, 1))).toBe(60);
    expect(expectedOnPath(path, endOf(2024))).toBe(60);
    expect(expectedOnPath(path, endOf(2025))).toBeCloseTo(70, 6);
    expect(expectedOnPath(path, endOf(2026))).toBeCloseTo(72, 2);
    expect(expectedOnPath(path, endOf(2030))).toBeCloseTo(80, 6);
    expect(expectedOnPath(path, Date.UTC(2040, 0, 1))).toBe(80);
  });

  it("defaults cite 749/QĐ-TTg where it sets the figure and keep its 2025 milestones as baselines", () => {
    const defaults = defaultTargetPaths();
    const records = defaults.find((p) => p.metric === "gov.e_records_rate" && p.level === "commune");
    expect(records).toMatchObject({ baseline: { value: 60, year: 2025 }, milestones: [{ value: 70, year: 2030 }] });
    expect(records?.source).toContain("749/QĐ-TTg");
    expect(defaults.find((p) => p.metric === "soc.epayment_account_rate")).toMatchObject({
      baseline: { value: 56, year: 2025 },
      milestones: [{ value: 80, year: 2030 }],
    });
    for (const p of defaults) expect(targetPathSchema.safeParse(p).success).toBe(true);
  });

  it("a province's stored path replaces the default of its metric × level only", () => {
    const targets = effectiveTargets({ province: "99", paths: [path] }, "99");
    expect(targets.paths.filter((p) => p.metric === epay.key)).toEqual([path]);
    expect(targets.paths.length).toBe(defaultTargetPaths().length);
  });

  it("refuses milestones that do not ascend after the baseline", () => {
    const bad = { ...path, milestones: [{ value: 80, year: 2024 }] };
    const result = targetPathSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["milestones", 0, "year"]);
  });
});

describe("the trend", () => {
  it("fits a least-squares line", () => {
    const fit = leastSquares([
      { t: 0, value: 1 },
      { t: 1, value: 3 },
      { t: 2, value: 5 },
    ]);
    expect(fit?.slope).toBeCloseTo(2);
    expect(fit?.atValue).toBeCloseTo(5);
    expect(leastSquares([{ t: 0, value: 1 }])).toBeUndefined();
  });

  it("projects the year the line reaches the target, or none when it moves away", () => {
    // +2 points a year from 72 at the end of 2026: 80 is reached four years on, in 2030.
    const now = endOf(2026) - DAY;
    const rising = Array.from({ length: 90 }, (_, i) => ({
      t: now - (89 - i) * DAY,
      value: 72 - ((89 - i) * 2) / 365.2425,
    }));
    const up = projectTrend(rising, 80, "higher_is_better", "least-squares-90d-daily");
    expect(up).toMatchObject({ method: "least-squares-90d-daily", points: 90, spanDays: 89, reachesYear: 2030 });
    expect(up?.slopePerYear).toBeCloseTo(2, 3);
    const falling = rising.map((p) => ({ ...p, value: 144 - p.value }));
    expect(projectTrend(falling, 80, "higher_is_better", "least-squares-90d-daily")?.reachesYear).toBeUndefined();
    // A day of points projects nothing: too short to tell a trend from noise.
    expect(projectTrend(rising.slice(-2), 80, "higher_is_better", "least-squares-90d-daily")).toBeUndefined();
  });
});

describe("assessing a value against its path", () => {
  const now = Date.UTC(2026, 11, 1);
  const daily = (start: number, perYear: number) =>
    Array.from({ length: 91 }, (_, i) => ({
      t: now - (90 - i) * DAY,
      value: start - ((90 - i) * perYear) / 365.2425,
    }));

  it("is on the path at or above what the path expects today", () => {
    const a = assessPath(epay, path, 73, now, undefined);
    expect(a.status).toBe("on-track");
    expect(a.expectedNow).toBeCloseTo(71.83, 1);
    expect(a.sentence.vi).toBe(
      "Đạt 73,0 % — cần 71,8 % theo lộ trình năm 2026 để đạt 80,0 % năm 2030 (đúng lộ trình); chưa đủ lịch sử để dự báo.",
    );
  });

  it("is behind but at risk when the 90-day trend still reaches the target in time", () => {
    const a = assessPath(epay, path, 70, now, { points: daily(70, 3), method: "least-squares-90d-daily" });
    expect(a.status).toBe("at-risk");
    expect(a.projection?.reachesYear).toBe(2030);
    expect(a.sentence.vi).toBe(
      "Đạt 70,0 % — cần 71,8 % theo lộ trình năm 2026 để đạt 80,0 % năm 2030 (chậm so với lộ trình); theo tốc độ 90 ngày qua sẽ đạt mục tiêu năm 2030.",
    );
    expect(a.sentence.en).toBe(
      "At 70.0 % — the path calls for 71.8 % in 2026 to reach 80.0 % by 2030 (behind the path); at the pace of the last 90 days it reaches the target in 2030.",
    );
  });

  it("is off track when the trend reaches the target too late or never", () => {
    const slow = assessPath(epay, path, 70, now, { points: daily(70, 1), method: "least-squares-90d-daily" });
    expect(slow.status).toBe("off-track");
    expect(slow.projection?.reachesYear).toBe(2036);
    expect(slow.sentence.vi).toContain("theo tốc độ 90 ngày qua sẽ đạt mục tiêu năm 2036.");
    const never = assessPath(epay, path, 70, now, { points: daily(70, -1), method: "least-squares-90d-daily" });
    expect(never.status).toBe("off-track");
    expect(never.sentence.vi).toContain("sẽ không đạt mục tiêu.");
  });

  it("without a trend, within 10 % of the path is at risk and further is off track", () => {
    expect(assessPath(epay, path, 66, now, undefined).status).toBe("at-risk");
    expect(assessPath(epay, path, 60, now, undefined).status).toBe("off-track");
  });

  it("says a reached target is reached, and judges lower-is-better metrics downward", () => {
    expect(assessPath(epay, path, 85, now, undefined).sentence.vi).toBe(
      "Đạt 85,0 % — đã đạt mục tiêu 80,0 % của năm 2030.",
    );
    const v: TargetPath = {
      metric: villages.key,
      level: "province",
      baseline: { value: 40, year: 2025 },
      milestones: [{ value: 0, year: 2030 }],
      source: "Nghị quyết tỉnh",
    };
    expect(assessPath(villages, v, 30, now, undefined).status).toBe("on-track");
    const behind = assessPath(villages, v, 39, now, {
      points: daily(39, -2),
      method: "least-squares-yearly",
    });
    expect(behind.status).toBe("off-track");
    expect(behind.sentence.vi).toBe(
      "Đạt 39 thôn — cần 32,7 thôn theo lộ trình năm 2026 để đạt 0 thôn năm 2030 (chậm xa so với lộ trình); theo tốc độ các năm qua sẽ đạt mục tiêu năm 2046.",
    );
    // English speaks English units (the e2e suite found "2 thôn" in the English sentence).
    expect(behind.sentence.en).toMatch(
      /^At 39 villages — the path calls for 32\.7 villages in 2026 to reach 0 villages by 2030/,
    );
    expect(formatMetricValue(1, "trạm", "en")).toBe("1 station");
    expect(formatMetricValue(1204, "hộ", "vi")).toBe("1.204 hộ");
  });
});
