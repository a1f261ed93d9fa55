import { marshall } from "@aws-sdk/util-dynamodb";
import type { StateStore } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createProcessor, sequenceAfter } from "./processor.js";

describe("sequenceAfter", () => {
  it("orders DynamoDB stream sequence numbers as numbers, whatever their length", () => {
    expect(sequenceAfter("2", undefined)).toBe(true);
    expect(sequenceAfter("10", "9")).toBe(true);
    expect(sequenceAfter("9", "10")).toBe(false);
    expect(sequenceAfter("000000000000000000010", "9")).toBe(true);
    expect(sequenceAfter("4421584500000000017450439091", "4421584500000000017450439092")).toBe(false);
    expect(sequenceAfter("4421584500000000017450439092", "4421584500000000017450439091")).toBe(true);
    expect(sequenceAfter("100", "100")).toBe(false);
  });
});

/** An in-memory State store: enough of the port for one group's merges. */
function memoryState() {
  const items = new Map<string, unknown>();
  const merge =
    (prefix: string) =>
    async (...args: unknown[]) => {
      const mergeFn = args.at(-1) as (c: unknown) => { next: unknown; changed: boolean };
      const key = `${prefix}|${args.slice(0, -1).join("|")}`;
      const { next, changed } = mergeFn(items.get(key));
      if (changed) items.set(key, next);
      return next;
    };
  const store = {
    mergeLatestPanel: merge("panel"),
    mergeHourBucket: merge("hour"),
    mergeFeeds: merge("feeds"),
    mergeRollup: merge("rollup"),
    mergeAlert: merge("alert"),
    getHourBucket: async () => undefined,
    getAlerts: async () => new Map(),
  } as unknown as StateStore;
  return { store, items };
}

const reading = (seq: string, value: number): DynamoDBRecord => ({
  eventName: "INSERT",
  dynamodb: {
    SequenceNumber: seq,
    NewImage: marshall({
      entity: "reading",
      sourceId: "s",
      readingId: `r${seq}`,
      province: "99",
      commune: "99001",
      metric: "net.coverage_4g",
      value,
      observedAt: Date.parse("2026-11-22T08:10:00Z"),
    }) as never,
  },
});

describe("the processor's stream positions", () => {
  const build = () => {
    const { store, items } = memoryState();
    const processor = createProcessor({
      state: store,
      registry: { getProvince: async () => undefined },
      rules: { list: async () => [] },
      clock: () => Date.parse("2026-11-22T08:11:00Z"),
      logger: { debug() {}, error() {} },
    });
    const hour = () =>
      [...items].find(([k]) => k.startsWith("hour|"))?.[1] as {
        stats: Record<string, number[]>;
        applied: Record<string, string>;
      };
    return { processor, hour };
  };

  it("folds each record in once per shard, and keeps shards apart", async () => {
    const { processor, hour } = build();
    await processor({ Records: [reading("1", 10), reading("2", 20)], shardId: "a" });
    await processor({ Records: [reading("2", 20), reading("3", 30)], shardId: "a" });
    expect(hour().stats["99001"]).toEqual([3, 60, 10, 30]);
    // Another shard's positions are its own: its record 2 is new.
    await processor({ Records: [{ ...reading("2", 5), eventID: "b2" }], shardId: "b" });
    expect(hour().stats["99001"]).toEqual([4, 65, 5, 30]);
    expect(hour().applied).toEqual({ a: "3", b: "2" });
  });

  it("answers a tumbling-window invocation with a state, as Lambda requires", async () => {
    const { processor } = build();
    const window = { start: "2026-11-22T08:00:00Z", end: "2026-11-22T08:15:00Z" };
    expect(await processor({ Records: [reading("1", 10)], shardId: "a", window, state: {} })).toEqual({
      batchItemFailures: [],
      state: {},
    });
    expect(await processor({ Records: [reading("2", 10)], shardId: "a" })).toEqual({ batchItemFailures: [] });
  });
});
