import { describe, expect, it } from "vitest";
import { canWatchProvince, PROVINCES_CLAIM, ROLE_CLAIM } from "./principal.js";

describe("live principals", () => {
  it("use the claim names of the API's one claims mapping", () => {
    expect(PROVINCES_CLAIM).toBe("custom:provinces");
    expect(ROLE_CLAIM).toBe("custom:role");
  });

  it("may watch only their own provinces", () => {
    const leader = { subject: "u", username: "u", role: "leader" as const, provinces: ["99"] };
    expect(canWatchProvince(leader, "99")).toBe(true);
    expect(canWatchProvince(leader, "45")).toBe(false);
    expect(canWatchProvince({ ...leader, role: "admin", provinces: ["*"] }, "45")).toBe(true);
    expect(canWatchProvince({ ...leader, provinces: [] }, "99")).toBe(false);
  });
});
