import { describe, expect, it } from "vitest";
import { formatClock, formatDateTime, provinceDate } from "./time-format.js";

// 00:41:29 UTC on 23 November 2026 is 07:41:29 in Vietnam.
const AT = Date.UTC(2026, 10, 23, 0, 41, 29);

describe("times on the province's clock", () => {
  it("reads Vietnam's time whatever the screen's time zone", () => {
    expect(formatClock(AT)).toBe("07:41:29");
    expect(formatDateTime(AT, "vi")).toContain("07:41:29");
    expect(formatDateTime(AT, "vi")).toContain("23/11/2026");
    expect(formatDateTime(AT, "en")).toContain("23/11/2026");
  });

  it("gives uPlot dates whose fields are Vietnam's, so ticks fall on its hours and days", () => {
    const d = provinceDate(AT / 1000);
    expect([d.getHours(), d.getMinutes(), d.getDate()]).toEqual([7, 41, 23]);
    // 20:00 UTC on the 22nd is already the 23rd in Vietnam.
    expect(provinceDate(Date.UTC(2026, 10, 22, 20) / 1000).getDate()).toBe(23);
  });
});
