import { marshall } from "@aws-sdk/util-dynamodb";
import { type AlertRule, DEFAULT_ALERT_RULES, generateDemoProvince, hourStart } from "@ioc/core";
import { MalformedItemError } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { createMemoryStateStore, type MemoryStateStore } from "./memory-state-store.js";
import { createProcessor, type ProcessorDeps, RULES_TTL_MS } from "./processor.js";

const T0 = Date.parse("2026-11-22T08:10:00Z");

/** A Readings stream record as DynamoDB delivers it (an INSERT with its new image). */
function reading(
  seq: string,
  value: number,
  over: Partial<{
    commune: string;
    metric: string;
    observedAt: number;
    sourceId: string;
    receivedAt: number;
    province: string;
  }> = {},
): DynamoDBRecord {
  const sourceId = over.sourceId ?? "s";
  return {
    eventName: "INSERT",
    eventID: `e${seq}`,
    dynamodb: {
      SequenceNumber: seq,
      NewImage: marshall({
        pk: `SRC#${sourceId}#R#r${seq}`,
        sk: "READING",
        entity: "reading",
        sourceId,
        readingId: `r${seq}`,
        province: over.province ?? "99",
        commune: over.commune ?? "99001",
        metric: over.metric ?? "net.coverage_4g",
        value,
        observedAt: over.observedAt ?? T0,
        ...(over.receivedAt === undefined ? {} : { receivedAt: over.receivedAt }),
      }) as never,
    },
  };
}

/** The built-in base-station rule, with a hold time the alert test walks through. */
const threshold: AlertRule = { ...builtIn("bts-down"), holdMinutes: 5 };
function builtIn(id: string): AlertRule {
  const rule = DEFAULT_ALERT_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no built-in rule ${id}`);
  return rule;
}

function build(over: Partial<ProcessorDeps> & { state?: MemoryStateStore; now?: { t: number } } = {}) {
  const state = over.state ?? createMemoryStateStore();
  const now = over.now ?? { t: T0 + 60_000 };
  const logger = { debug: vi.fn(), error: vi.fn() };
  const processor = createProcessor({
    registry: { getProvince: async () => undefined },
    rules: { listFor: async () => [] },
    clock: () => now.t,
    logger,
    ...over,
    state,
  });
  const bucket = (metric = "net.coverage_4g", observedAt = T0) =>
    state.buckets.get(`99|${metric}|${hourStart(observedAt)}`);
  return { processor, state, bucket, logger, now };
}

describe("the processor's stream positions", () => {
  it("folds each record in once per shard, and keeps shards apart", async () => {
    const { processor, bucket } = build();
    await processor({ Records: [reading("1", 10), reading("2", 20)], shardId: "a" });
    await processor({ Records: [reading("2", 20), reading("3", 30)], shardId: "a" });
    expect(bucket()?.stats["99001"]).toEqual([3, 60, 10, 30]);
    // Another shard's positions are its own: its record 2 is new.
    await processor({ Records: [{ ...reading("2", 5), eventID: "b2" }], shardId: "b" });
    expect(bucket()?.stats["99001"]).toEqual([4, 65, 5, 30]);
    expect(bucket()?.applied).toEqual({ a: "3", b: "2" });
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

  it("leaves State identical when a whole batch is replayed in another order", async () => {
    const { processor, state } = build();
    const batch = [reading("1", 10), reading("2", 40, { commune: "99002" }), reading("3", 20)];
    await processor({ Records: batch, shardId: "a" });
    const once = structuredClone([...state.buckets, ...state.panels, ...state.feeds]);
    const writes = { ...state.writes };
    await processor({ Records: [...batch].reverse(), shardId: "a" });
    expect([...state.buckets, ...state.panels, ...state.feeds]).toEqual(once);
    expect(state.writes).toEqual(writes);
  });
});

describe("the processor's decoding", () => {
  it("reports a malformed record by its sequence number, with the codec's named error, and folds the rest", async () => {
    const { processor, bucket, logger } = build();
    const bad = reading("2", 0);
    bad.dynamodb = { ...bad.dynamodb, NewImage: marshall({ entity: "reading", sourceId: "s", value: "two" }) as never };
    expect(await processor({ Records: [reading("1", 10), bad, reading("3", 30)], shardId: "a" })).toEqual({
      batchItemFailures: [{ itemIdentifier: "2" }],
    });
    expect(bucket()?.stats["99001"]).toEqual([2, 40, 10, 30]);
    expect(logger.error).toHaveBeenCalledWith("malformed record", expect.objectContaining({ sequenceNumber: "2" }));
    expect(String(logger.error.mock.calls[0]?.[1]?.error)).toContain("MalformedItemError");
    expect(new MalformedItemError("reading", "x").code).toBe("malformed-item");
  });

  it("skips removals (TTL expiries included) and other entities", async () => {
    const { processor, state } = build();
    const removal: DynamoDBRecord = { ...reading("1", 10), eventName: "REMOVE" };
    const other: DynamoDBRecord = {
      eventName: "INSERT",
      dynamodb: { SequenceNumber: "2", NewImage: marshall({ entity: "source", id: "s" }) as never },
    };
    expect(await processor({ Records: [removal, other], shardId: "a" })).toEqual({ batchItemFailures: [] });
    expect(state.writes).toEqual({ panel: 0, bucket: 0, feeds: 0, rollup: 0, alert: 0, day: 0, month: 0 });
  });
});

describe("the processor's merges", () => {
  it("keeps the newest value per commune whatever the arrival order, and when each source was last seen", async () => {
    const { processor, state } = build();
    await processor({
      Records: [
        reading("1", 50, { observedAt: T0 + 1000, receivedAt: T0 + 5000 }),
        reading("2", 10, { observedAt: T0, sourceId: "t", receivedAt: T0 + 2000 }),
      ],
      shardId: "a",
    });
    expect(state.panels.get("99|net.coverage_4g")?.values["99001"]).toEqual({ v: 50, t: T0 + 1000, k: "s/r1" });
    expect(state.feeds.get("99")?.lastSeen).toEqual({ s: T0 + 5000, t: T0 + 2000 });
  });

  it("rolls the touched metrics up into the day's indicators when the province is known", async () => {
    const province = generateDemoProvince();
    const commune = province.communes[0]?.code as string;
    const { processor, state } = build({ registry: { getProvince: async () => province } });
    await processor({ Records: [reading("1", 90, { commune })], shardId: "a" });
    const [rollup] = [...state.rollups.values()];
    expect(Object.keys(rollup?.kpis ?? {})).toEqual(["net.coverage_4g"]);
    expect(rollup?.kpis["net.coverage_4g"]?.reporting).toBe(1);
  });

  it("fails only the records of a group whose write fails", async () => {
    const state = createMemoryStateStore();
    const mergeHourBucket = state.mergeHourBucket;
    state.mergeHourBucket = (p, metric, h, fn) =>
      metric === "net.bts_down" ? Promise.reject(new Error("throttled")) : mergeHourBucket(p, metric, h, fn);
    const { processor, bucket } = build({ state });
    const result = await processor({
      Records: [reading("1", 10), reading("2", 1, { metric: "net.bts_down" }), reading("3", 20)],
      shardId: "a",
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "2" }] });
    expect(bucket()?.stats["99001"]).toEqual([2, 30, 10, 20]);
  });

  it("sets aside what it gives up on, and a dead-letter replay folds it in exactly once", async () => {
    const { processor, bucket } = build();
    await processor({ Records: [reading("1", 10)], shardId: "a" });
    await processor.setAside({ Records: [reading("2", 20), reading("1", 10)], shardId: "a" });
    await processor({ Records: [reading("3", 30)], shardId: "a" });
    expect(bucket()?.setAside).toEqual({ a: ["2"] });
    for (let round = 0; round < 2; round++)
      await processor({ Records: [reading("2", 20), reading("1", 10)], shardId: "a", replay: true });
    expect(bucket()?.stats["99001"]).toEqual([3, 60, 10, 30]);
    expect(bucket()?.setAside).toBeUndefined();
  });
});

describe("the processor's alerts", () => {
  const bts = (seq: string, value: number, observedAt: number) =>
    reading(seq, value, { metric: "net.bts_down", observedAt });

  it("opens, refreshes at most once a minute, holds, then clears an alert", async () => {
    const now = { t: T0 };
    const { processor, state } = build({ rules: { listFor: async () => [threshold] }, now });
    const alert = () => state.alerts.get("99|bts-down:99001");
    await processor({ Records: [bts("1", 2, T0)], shardId: "a" });
    expect(alert()).toMatchObject({ status: "open", value: 2, occurrences: 1, commune: "99001" });
    // 30 s later a new value: not yet due a refresh, no write.
    now.t = T0 + 30_000;
    await processor({ Records: [bts("2", 3, now.t)], shardId: "a" });
    expect(alert()?.value).toBe(2);
    now.t = T0 + 90_000;
    await processor({ Records: [bts("3", 4, now.t)], shardId: "a" });
    expect(alert()?.value).toBe(4);
    // Clear within the hold time: it stays open.
    now.t = T0 + 120_000;
    await processor({ Records: [bts("4", 0, now.t)], shardId: "a" });
    expect(alert()?.status).toBe("open");
    now.t = T0 + 6 * 60_000;
    await processor({ Records: [bts("5", 0, now.t)], shardId: "a" });
    expect(alert()).toMatchObject({ status: "resolved" });
    expect(alert()?.history.map((h) => h.action)).toEqual(["opened", "auto-resolved"]);
  });

  it("reads the rules at most once per RULES_TTL_MS", async () => {
    const now = { t: T0 };
    const list = vi.fn(async (_province: string) => [threshold]);
    const { processor } = build({ rules: { listFor: list }, now });
    await processor({ Records: [bts("1", 0, T0)], shardId: "a" });
    now.t = T0 + RULES_TTL_MS - 1;
    await processor({ Records: [bts("2", 0, T0)], shardId: "a" });
    expect(list).toHaveBeenCalledTimes(1);
    now.t = T0 + RULES_TTL_MS;
    await processor({ Records: [bts("3", 0, T0)], shardId: "a" });
    expect(list).toHaveBeenCalledTimes(2);
  });

  it("opens a drop alert from the peaks of earlier hour buckets within the window", async () => {
    const drop: AlertRule = {
      id: "drop",
      name: { vi: "Giảm nhanh", en: "Sharp drop" },
      severity: "warning",
      enabled: true,
      condition: { kind: "drop", metric: "net.coverage_4g", percent: 10, windowMinutes: 60 },
    };
    const now = { t: T0 };
    const state = createMemoryStateStore();
    const { processor } = build({ rules: { listFor: async () => [drop] }, now, state });
    // 80 forty minutes before the hour turned, 70 after it: the earlier bucket is read for its peak.
    await processor({ Records: [reading("1", 80, { observedAt: T0 - 40 * 60_000 })], shardId: "a" });
    expect(state.alerts.size).toBe(0);
    await processor({ Records: [reading("2", 70, { observedAt: T0 })], shardId: "a" });
    expect(state.alerts.get("99|drop:99001")).toMatchObject({ status: "open", value: 70 });
  });

  it("applies a province's rule to that province only: province 48's rule never opens an alert in 99", async () => {
    const now = { t: T0 };
    // Province 48 adopted the base-station rule with a lower bar (any reading at all) and added
    // one of its own; province 99 switched the template off. Each province's list as the store gives it.
    const strict48: AlertRule = {
      ...threshold,
      province: "48",
      condition: { kind: "threshold", metric: "net.bts_down", op: "above", value: -1 },
    };
    const own48: AlertRule = { ...builtIn("cameras-offline"), id: "cameras-48", province: "48" };
    const off99: AlertRule = { ...threshold, province: "99", enabled: false };
    const byProvince: Record<string, AlertRule[]> = { "48": [strict48, own48], "99": [off99] };
    const listFor = vi.fn(async (province: string) => byProvince[province] ?? []);
    const { processor, state } = build({ rules: { listFor }, now });
    await processor({
      Records: [
        bts("1", 5, T0),
        reading("2", 5, { metric: "net.bts_down", province: "48", commune: "48001" }),
        reading("3", 10, { metric: "iot.cameras_online_rate", province: "99" }),
        reading("4", 10, { metric: "iot.cameras_online_rate", province: "48", commune: "48001" }),
      ],
      shardId: "a",
    });
    expect([...state.alerts.keys()].sort()).toEqual(["48|bts-down:48001", "48|cameras-48:48001"]);
    expect(listFor.mock.calls.map(([p]) => p).sort()).toEqual(["48", "99"]);

    // Even a list that wrongly holds another province's rule (a bug in a store) judges nothing with it.
    const leaky = build({ rules: { listFor: async () => [strict48, own48] }, now });
    await leaky.processor({
      Records: [bts("5", 5, T0), reading("6", 10, { metric: "iot.cameras_online_rate" })],
      shardId: "a",
    });
    expect(leaky.state.alerts.size).toBe(0);
  });
});

describe("the processor's history", () => {
  it("writes one day item per metric × day and one month item per province per batch; a replay writes none", async () => {
    const province = generateDemoProvince();
    const [a, b] = province.communes.map((c) => c.code) as [string, string];
    const { processor, state } = build({ registry: { getProvince: async () => province } });
    const batch = Array.from({ length: 60 }, (_, i) =>
      reading(String(i + 1), 50 + (i % 7), {
        commune: i % 2 ? a : b,
        metric: ["net.coverage_4g", "net.coverage_5g", "net.download_mbps"][i % 3] as string,
        observedAt: T0 - i * 60_000,
      }),
    );
    expect(await processor({ Records: batch, shardId: "a" })).toEqual({ batchItemFailures: [] });
    expect(state.writes.day).toBe(3);
    expect(state.writes.month).toBe(1);
    // The day's last value is the newest observation (the first record here), not the last record.
    const day = [...state.days.values()].find((d) => d.metric === "net.coverage_4g");
    expect(day?.stats[b]?.[4]).toBe(50);
    const month = [...state.months.values()][0];
    expect(Object.keys(month?.values ?? {}).sort()).toEqual([
      "net.coverage_4g",
      "net.coverage_5g",
      "net.download_mbps",
    ]);
    const writes = { ...state.writes };
    await processor({ Records: [...batch].reverse(), shardId: "a" });
    expect(state.writes).toEqual(writes);
  });
});
