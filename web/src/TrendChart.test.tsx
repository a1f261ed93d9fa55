import { cleanup, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "./i18n.js";
import { chartData, describeTrend, TrendChart, timeTicks } from "./TrendChart.js";

const day = (d: string) => Date.parse(`${d}T00:00:00+07:00`) / 1000;

afterEach(() => {
  cleanup();
  setLang("vi");
});

describe("the trend chart", () => {
  it("says in words what it draws, Vietnamese numbers and dates first", () => {
    const points = [
      [day("2026-11-02"), 60.12],
      [day("2026-11-15"), 58],
      [day("2026-12-01"), 71.9],
    ] as const;
    expect(describeTrend(points, "%", 68)).toBe(
      "Từ 02/11/2026 đến 01/12/2026: từ 60,1 % đến 71,9 % (thấp nhất 58 %, cao nhất 71,9 %). Lộ trình đến mục tiêu: 68 %.",
    );
    setLang("en");
    expect(describeTrend(points, "%")).toBe(
      "From 02/11/2026 to 01/12/2026: from 60.1 % to 71.9 % (lowest 58 %, highest 71.9 %).",
    );
  });

  it("draws from the first reading: one point is a point, not 'no data'", () => {
    expect(describeTrend([[day("2026-12-01"), 42]], "%")).toBe("Một số đo, ngày 01/12/2026: 42 %.");
    expect(describeTrend([], "%")).toBe("Chưa có dữ liệu.");
    render(() => <TrendChart points={[[day("2026-12-01"), 42]]} label="Phủ sóng 4G (%)" unit="%" />);
    const figure = screen.getByTestId("trend-chart");
    expect(figure.dataset.points).toBe("1");
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Phủ sóng 4G (%). Một số đo, ngày 01/12/2026: 42 %.",
    );
  });

  it("aligns the path with the values and labels the time axis the Vietnamese way", () => {
    expect(chartData([[1, 2]], [3])).toEqual([[1], [2], [3]]);
    expect(chartData([[1, 2]])).toEqual([[1], [2]]);
    expect(timeTicks([day("2026-12-01")], 86_400)).toEqual(["1/12"]);
    expect(timeTicks([day("2026-12-01")], 30 * 86_400)).toEqual(["12/2026"]);
    expect(timeTicks([day("2026-12-01") + 9 * 3600], 3600)).toEqual(["09:00"]);
  });
});
