import { describe, expect, it } from "vitest";
import { deployConfig } from "./config.js";
import { isDisposableStage } from "./stages.js";

describe("stage protection", () => {
  it("treats dev, test, dev-*, test-* and pr-* as disposable", () => {
    for (const stage of ["dev", "test", "dev-alice", "test-ci", "pr-42"])
      expect(isDisposableStage(stage), stage).toBe(true);
  });

  it("protects every other stage, whatever a province calls it", () => {
    for (const stage of ["prod", "production", "staging", "quangtri", "develop", "devops", "alice", "testing"]) {
      expect(isDisposableStage(stage), stage).toBe(false);
    }
  });
});

describe("deployment settings", () => {
  it("default to the synthetic demo province and refuse a malformed code", () => {
    expect(deployConfig({})).toEqual({ defaultProvince: "99" });
    expect(deployConfig({ IOC_DEFAULT_PROVINCE: "45" })).toEqual({ defaultProvince: "45" });
    expect(() => deployConfig({ IOC_DEFAULT_PROVINCE: "quangtri" })).toThrow(/2-digit/);
  });
});
