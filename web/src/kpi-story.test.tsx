import type { KpiWithTrend } from "@ioc/client";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "./i18n.js";
import { expectedToday, storySentence } from "./kpi-story.js";

const kpi = (over: Partial<KpiWithTrend>): KpiWithTrend => ({
  metric: "net.fiber_households",
  label: { vi: "Hộ có cáp quang", en: "Fibre households" },
  unit: "%",
  value: 41.25,
  reporting: 10,
  communes: 10,
  target: { value: 80, year: 2030 } as KpiWithTrend["target"],
  attainment: 41.25 / 80,
  status: "off-track",
  lagging: [],
  ...over,
});

afterEach(() => setLang("vi"));

describe("a KPI's story", () => {
  it("expects 70 % of the target at the baseline and all of it in the target year", () => {
    expect(expectedToday(kpi({}), new Date(Date.UTC(2025, 0, 1)))).toBeCloseTo(56);
    expect(expectedToday(kpi({}), new Date(Date.UTC(2030, 0, 1)))).toBeCloseTo(80);
    // Half-way through 2025–2030 (mid-2027): 85 % of 80.
    expect(expectedToday(kpi({}), new Date(Date.UTC(2027, 6, 1)))).toBeCloseTo(68);
    expect(expectedToday(kpi({ target: undefined }), new Date())).toBeUndefined();
  });

  it("says the value, the target and its year and the path's value today, Vietnamese first", () => {
    const now = new Date(Date.UTC(2027, 6, 1));
    expect(storySentence(kpi({}), now)).toBe(
      "Chậm tiến độ: hiện đạt 41,3 %, mục tiêu 80 % vào năm 2030; theo lộ trình, hôm nay cần khoảng 68 % — chậm xa so với lộ trình.",
    );
    setLang("en");
    expect(storySentence(kpi({}), now)).toBe(
      "Off track: now 41.3 %, target 80 % by 2030; on the path, today calls for about 68 % — well behind the path.",
    );
  });

  it("says a met target is met, and a KPI without data has none", () => {
    expect(storySentence(kpi({ value: 90, attainment: 1, status: "on-track" }), new Date())).toBe(
      "Đúng tiến độ: hiện đạt 90 %, đã đạt mục tiêu 80 % của năm 2030.",
    );
    expect(storySentence(kpi({ value: undefined, status: "no-data" }), new Date())).toBe(
      "Chưa có xã nào báo cáo chỉ số này.",
    );
  });
});

describe("a KPI judged against the province's path", () => {
  it("tells the server's sentence in the current language", () => {
    const sentence = {
      vi: "Đạt 41,3 % — cần 83,6 % theo lộ trình năm 2026 để đạt 100,0 % năm 2030 (chậm xa so với lộ trình); chưa đủ lịch sử để dự báo.",
      en: "At 41.3 % — the path calls for 83.6 % in 2026 to reach 100.0 % by 2030 (well behind the path); not enough history yet for a projection.",
    };
    const withPath = kpi({ path: { sentence } as KpiWithTrend["path"] });
    expect(storySentence(withPath, new Date())).toBe(sentence.vi);
    setLang("en");
    expect(storySentence(withPath, new Date())).toBe(sentence.en);
  });
});
