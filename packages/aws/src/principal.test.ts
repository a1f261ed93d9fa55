import { describe, expect, it } from "vitest";
import { canWatchProvince, parseProvincesClaim, rolesFromGroups } from "./principal.js";

describe("principals", () => {
  it("may watch only their own provinces, and only with a dashboard role", () => {
    expect(canWatchProvince({ subject: "u", roles: ["leader"], provinces: ["99"] }, "99")).toBe(true);
    expect(canWatchProvince({ subject: "u", roles: ["leader"], provinces: ["99"] }, "45")).toBe(false);
    expect(canWatchProvince({ subject: "u", roles: ["admin"], provinces: "all" }, "45")).toBe(true);
    expect(canWatchProvince({ subject: "u", roles: [], provinces: "all" }, "45")).toBe(false);
  });

  it("parses the provinces claim strictly", () => {
    expect(parseProvincesClaim(" 99 , 45 ")).toEqual(["99", "45"]);
    expect(parseProvincesClaim("*")).toBe("all");
    expect(parseProvincesClaim("99,*")).toEqual([]);
    expect(parseProvincesClaim(["99"])).toEqual([]);
  });

  it("keeps only known roles", () => {
    expect(rolesFromGroups(["admin", "root", "leader"])).toEqual(["leader", "admin"]);
    expect(rolesFromGroups("admin")).toEqual([]);
  });
});
