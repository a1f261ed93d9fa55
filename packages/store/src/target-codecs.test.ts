import { defaultTargetPaths } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { MalformedItemError } from "./entity-codecs.js";
import { targetsCodec, targetsKey } from "./target-codecs.js";

describe("target codec", () => {
  it("keeps a province's paths under one key and reads back what it wrote", () => {
    const targets = { province: "99", paths: defaultTargetPaths().slice(0, 2), updatedAt: 1, updatedBy: "admin" };
    const item = targetsCodec.toItem(targets);
    expect(item).toMatchObject({ pk: "P#99#TARGETS", sk: "TARGETS", entity: "targets" });
    expect(targetsKey("99")).toEqual({ pk: "P#99#TARGETS", sk: "TARGETS" });
    expect(targetsCodec.fromImage(item)).toEqual(targets);
  });

  it("refuses a stored path whose milestones do not ascend", () => {
    const [path] = defaultTargetPaths();
    const bad = { province: "99", paths: [{ ...path, milestones: [{ value: 1, year: 2000 }] }] };
    expect(() => targetsCodec.fromImage({ ...targetsKey("99"), data: JSON.stringify(bad) })).toThrow(
      MalformedItemError,
    );
  });
});
