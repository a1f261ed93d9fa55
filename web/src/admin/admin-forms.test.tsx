import { DEFAULT_ALERT_RULES } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { fieldOfDetail } from "./admin-problem.js";
import { draftOf, ruleOf } from "./Rules.js";

describe("the rules editor's fields", () => {
  it("turn every national template into its fields and back unchanged", () => {
    for (const rule of DEFAULT_ALERT_RULES) expect(ruleOf(draftOf(rule))).toEqual(rule);
  });

  it("send an emptied number as null, so the server names the field instead of a guessed 0", () => {
    const draft = { ...draftOf(DEFAULT_ALERT_RULES[1] as (typeof DEFAULT_ALERT_RULES)[number]), value: " " };
    expect(ruleOf(draft).condition).toMatchObject({ kind: "threshold", value: null });
    expect(JSON.stringify(ruleOf({ ...draft, value: "72.5" }).condition)).toContain('"value":72.5');
  });
});

describe("a problem's field", () => {
  it("is the body path the API's detail names", () => {
    expect(
      fieldOfDetail("body milestones.0.year: must be after 2025 (the baseline and milestones ascend by year)"),
    ).toEqual({
      field: "milestones.0.year",
      message: "must be after 2025 (the baseline and milestones ascend by year)",
    });
    expect(fieldOfDetail('body condition.metric: "net.x" is not in the catalogue')).toMatchObject({
      field: "condition.metric",
    });
    expect(fieldOfDetail("path id: Invalid string")).toEqual({ field: "id", message: "Invalid string" });
    expect(fieldOfDetail("body metric must match the path")).toEqual({ message: "body metric must match the path" });
  });
});
