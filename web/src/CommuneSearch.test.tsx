import { describe, expect, it } from "vitest";
import { foldName } from "./CommuneSearch.js";

describe("commune search", () => {
  it("matches names without their diacritics", () => {
    expect(foldName("Xã Phước Sơn")).toBe("xa phuoc son");
    expect(foldName("Phường Đà Nẵng ")).toBe("phuong da nang");
    expect(foldName("Đặc khu Lý Sơn")).toBe("dac khu ly son");
  });
});
