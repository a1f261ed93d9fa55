import { afterEach, describe, expect, it } from "vitest";
import { alertText, formatLatLon, formatValue, setLang, unitLabel } from "./i18n.js";

describe("numbers and units in each language", () => {
  afterEach(() => setLang("vi"));

  it("writes Vietnamese numbers with a decimal comma and keeps Vietnamese units", () => {
    setLang("vi");
    expect(formatValue(77.1, "%")).toBe("77,1 %");
    expect(formatValue(228, "thôn")).toBe("228 thôn");
    expect(formatValue(1234.5, "hộ")).toBe("1.234,5 hộ");
  });

  it("translates units and counts in English, singular and plural", () => {
    setLang("en");
    expect(formatValue(228, "thôn")).toBe("228 villages");
    expect(formatValue(20, "hồ sơ/ngày")).toBe("20 applications/day");
    expect(formatValue(114, "hộ")).toBe("114 households");
    expect(formatValue(1, "trạm")).toBe("1 station");
    expect(formatValue(2, "trạm")).toBe("2 stations");
    expect(unitLabel("Mbps")).toBe("Mbps");
    expect(formatValue(77.1, "%")).toBe("77.1 %");
  });

  it("re-formats the value at the end of a server-written alert text", () => {
    const message = { vi: "Camera ngừng hoạt động — Xã A: 77.1 %", en: "Cameras down — Xã A: 77.1 %" };
    setLang("vi");
    expect(alertText(message, 77.1, "%")).toBe("Camera ngừng hoạt động — Xã A: 77,1 %");
    setLang("en");
    expect(alertText(message, 77.1, "%")).toBe("Cameras down — Xã A: 77.1 %");
    const bts = { vi: "Trạm BTS mất liên lạc — Xã B: 2 trạm", en: "BTS down — Xã B: 2 trạm" };
    expect(alertText(bts, 2, "trạm")).toBe("BTS down — Xã B: 2 stations");
    // A text that does not end with the plain value is left alone.
    expect(alertText({ vi: "im lặng 12 phút", en: "silent 12 min" }, 3, "%")).toBe("silent 12 min");
  });

  it("separates latitude and longitude unambiguously", () => {
    setLang("vi");
    expect(formatLatLon([107.78834, 15.71631])).toBe("15,7163; 107,7883");
    setLang("en");
    expect(formatLatLon([107.78834, 15.71631])).toBe("15.7163, 107.7883");
  });
});
