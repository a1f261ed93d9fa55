import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { liveEventsOf } from "./broadcaster.js";
import { entityOf, newImageOf } from "./stream-records.js";

const record = (eventName: string, image: Record<string, unknown> | undefined): DynamoDBRecord =>
  ({
    eventName,
    dynamodb: image ? { NewImage: marshall(image) } : {},
  }) as unknown as DynamoDBRecord;

describe("entityOf", () => {
  it("reads an inserted or modified item's entity without decoding the image, and nothing of removals", () => {
    const bucket = { pk: "P#99#H#m", sk: "2026", entity: ENTITY.hourBucket, stats: { "99001": { n: 1 } } };
    expect(entityOf(record("INSERT", bucket))).toBe(ENTITY.hourBucket);
    expect(entityOf(record("MODIFY", bucket))).toBe(newImageOf(record("MODIFY", bucket))?.entity);
    expect(entityOf(record("REMOVE", bucket))).toBeUndefined();
    // DynamoDB Local's TTL deletions come under a name the SDK does not know.
    expect(entityOf(record("UNKNOWN", bucket))).toBeUndefined();
    expect(entityOf(record("INSERT", undefined))).toBeUndefined();
    expect(entityOf(record("INSERT", { pk: "x", sk: "y" }))).toBeUndefined();
  });

  it("lets the broadcaster drop hour buckets unread and still hear panels", () => {
    const bucket = { pk: "P#99#H#m", sk: "2026", entity: ENTITY.hourBucket, province: "99", metric: "m" };
    expect(liveEventsOf(record("INSERT", bucket))).toEqual([]);
    const panel = {
      pk: "P#99#LATEST",
      sk: "net.coverage_4g",
      entity: ENTITY.latestPanel,
      province: "99",
      metric: "net.coverage_4g",
      values: { "99001": { v: 80, t: 1_000, k: "s:1" } },
    };
    expect(liveEventsOf(record("INSERT", panel))).toEqual([
      { type: "latest", province: "99", commune: "99001", metric: "net.coverage_4g", value: 80, observedAt: 1_000 },
    ]);
  });
});
