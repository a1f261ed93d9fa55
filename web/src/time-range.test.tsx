import { describe, expect, it } from "vitest";
import { dayStart, daysOf, provinceDay, rangeDays, rangeStep } from "./time-range.js";

describe("the shared time range", () => {
  it("reads a week by the hour and longer ranges by the day", () => {
    expect(rangeStep("7d")).toBe("1h");
    expect(rangeStep("30d")).toBe("1d");
    expect(rangeDays("1y")).toBe(365);
  });

  it("counts days on the province's calendar: 23:30 UTC is already tomorrow in Vietnam", () => {
    expect(provinceDay(Date.parse("2026-11-30T23:30:00Z"))).toBe("2026-12-01");
    expect(dayStart("2026-12-01")).toBe(Date.parse("2026-11-30T17:00:00Z"));
  });

  it("lists a range's days oldest first, ending today, at most `cap`", () => {
    const now = Date.parse("2026-12-01T05:00:00Z");
    const days = daysOf("30d", now);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe("2026-11-02");
    expect(days.at(-1)).toBe("2026-12-01");
    expect(new Set(days).size).toBe(30);
    expect(daysOf("all", now, 731)).toHaveLength(731);
  });
});
