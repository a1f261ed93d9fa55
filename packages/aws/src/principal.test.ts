import { describe, expect, it } from "vitest";
import { canWatchProvince, parseProvincesClaim, principalFromClaims, roleFromClaims } from "./principal.js";

describe("principals from token claims", () => {
  it("take the role from custom:role, else the first dashboard role among the groups", () => {
    expect(roleFromClaims({ "custom:role": "planner", "cognito:groups": ["ops"] })).toBe("planner");
    expect(roleFromClaims({ "cognito:groups": ["staff", "ops", "admin"] })).toBe("ops");
    expect(roleFromClaims({ "custom:role": "root", "cognito:groups": ["leader"] })).toBeUndefined();
    expect(roleFromClaims({ "cognito:groups": "admin" })).toBeUndefined();
    expect(roleFromClaims({})).toBeUndefined();
  });

  it("parse the provinces claim strictly", () => {
    expect(parseProvincesClaim(" 99 , 45 ")).toEqual(["99", "45"]);
    expect(parseProvincesClaim("*")).toEqual(["*"]);
    expect(parseProvincesClaim("99,4x")).toEqual([]);
    expect(parseProvincesClaim(["99"])).toEqual([]);
  });

  it("carry subject, username, role and provinces, or nothing without a role", () => {
    expect(
      principalFromClaims({
        sub: "s-1",
        "cognito:username": "lan",
        "cognito:groups": ["ops"],
        "custom:provinces": "99",
      }),
    ).toEqual({ subject: "s-1", username: "lan", role: "ops", provinces: ["99"] });
    expect(principalFromClaims({ sub: "s-1", "cognito:groups": ["staff"] })).toBeUndefined();
  });

  it("may watch only their own provinces", () => {
    const leader = { subject: "u", username: "u", role: "leader" as const, provinces: ["99"] };
    expect(canWatchProvince(leader, "99")).toBe(true);
    expect(canWatchProvince(leader, "45")).toBe(false);
    expect(canWatchProvince({ ...leader, role: "admin", provinces: ["*"] }, "45")).toBe(true);
    expect(canWatchProvince({ ...leader, provinces: [] }, "99")).toBe(false);
  });
});
