import { describe, expect, it } from "vitest";
import { vnToday } from "./TodayPanel.js";

describe("vnToday", () => {
  it("is the Vietnamese day, which starts 7 hours before the UTC one", () => {
    // 18:30 UTC on 30 November is 01:30 on 1 December in Vietnam: the report (and its file) is of the 1st.
    expect(vnToday(Date.parse("2026-11-30T18:30:00Z"))).toBe("2026-12-01");
    expect(vnToday(Date.parse("2026-11-30T16:59:59Z"))).toBe("2026-11-30");
  });
});
