import { describe, expect, it } from "vitest";
import { classLabel } from "./Legend.js";

describe("classLabel", () => {
  const c = (from: number, to: number) => ({ from, to, colour: "#000" });

  it("reads a count's classes as whole numbers: one value, a range, and the top class open-ended", () => {
    expect(classLabel(c(0, 1), true, false)).toBe("0");
    expect(classLabel(c(2, 5), true, false)).toBe("2 – 4");
    expect(classLabel(c(2, 50), true, true)).toBe("≥ 2");
  });

  it("keeps from – to for rates and speeds", () => {
    expect(classLabel(c(50, 70), false, false)).toBe("50 – 70");
    expect(classLabel(c(85.5, 95), false, false)).toBe("85,5 – 95");
  });
});
