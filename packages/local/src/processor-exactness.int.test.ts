/**
 * Exactly-once effect on at-least-once delivery, against a real DynamoDB Local:
 *  - rollups (hour buckets, latest values, daily values per commune and province) after random
 *    batching, replays and reordering equal a brute-force recomputation;
 *  - a chaos run (the processor throws at random, DynamoDB Local is killed and restarted during
 *    the load) ends with every count exact: nothing lost, nothing doubled.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "@ioc/api";
import {
  aggregate,
  createRandom,
  findMetric,
  generateDemoProvince,
  type Province,
  type ReadingInput,
  type StateStore,
  vnDayStart,
} from "@ioc/core";
import { issueSourceKey } from "@ioc/identity";
import { createProcessor } from "@ioc/pipeline";
import {
  createCheckpointStore,
  createDynamoStores,
  createHistoryStore,
  createRuleStore,
  createStateStore,
  dayValuesCodec,
  dayValuesKey,
  ensureTables,
  latestStreamArn,
  type TableNames,
  tableNamesFor,
} from "@ioc/store";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { type DynamoLocal, localClients, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";
import { startStreamPoller } from "./stream-poller.js";
import { readWholeStream } from "./test-support.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = Date.now();
const METRICS = ["net.coverage_4g", "net.bts_down", "iot.cameras_online_rate"];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Random valid readings over a few communes and hours, with repeated observation times. */
function randomReadings(province: Province, n: number, seed: number): ReadingInput[] {
  const random = createRandom(seed);
  const communes = province.communes.slice(0, 12);
  return Array.from({ length: n }, (_, i) => {
    const metric = random.pick(METRICS);
    return {
      id: `r${i}`,
      commune: random.pick(communes).code,
      metric,
      value: metric === "net.bts_down" ? random.int(0, 3) : Math.round(random.between(40, 100) * 10) / 10,
      observedAt: new Date(NOW - random.int(0, 30) * 10 * 60_000).toISOString(),
    };
  });
}

/** What State must hold, computed the slow, obvious way from the distinct readings. */
function bruteForce(readings: ReadingInput[]) {
  const distinct = new Map(readings.map((r) => [r.id, r]));
  const latest = new Map<string, { value: number; observedAt: number; key: string }>();
  const hours = new Map<string, number[]>();
  const days = new Map<string, { values: number[]; last: { value: number; observedAt: number; key: string } }>();
  for (const r of distinct.values()) {
    const t = Date.parse(r.observedAt);
    const slot = `${r.commune}|${r.metric}`;
    const key = `src/${r.id}`;
    const current = latest.get(slot);
    if (!current || t > current.observedAt || (t === current.observedAt && key > current.key))
      latest.set(slot, { value: r.value, observedAt: t, key });
    const hour = `${r.metric}|${r.commune}|${Math.floor(t / 3_600_000) * 3_600_000}`;
    hours.set(hour, [...(hours.get(hour) ?? []), r.value]);
    const day = `${r.metric}|${r.commune}|${vnDayStart(t)}`;
    const d = days.get(day) ?? { values: [], last: { value: r.value, observedAt: t, key } };
    if (t > d.last.observedAt || (t === d.last.observedAt && key >= d.last.key))
      d.last = { value: r.value, observedAt: t, key };
    d.values.push(r.value);
    days.set(day, d);
  }
  // The province's daily value: its communes' last values of the day, aggregated the catalogue's way.
  const province = generateDemoProvince();
  const provinceDays = new Map<string, number>();
  for (const metric of METRICS) {
    for (const dayStart of new Set([...days.keys()].map((k) => Number(k.split("|")[2])))) {
      const rows = province.communes.flatMap((c) => {
        const d = days.get(`${metric}|${c.code}|${dayStart}`);
        return d ? [{ value: d.last.value, population: c.population, observedAt: d.last.observedAt }] : [];
      });
      const value = aggregate(findMetric(metric) as NonNullable<ReturnType<typeof findMetric>>, rows);
      if (value !== undefined) provinceDays.set(`${metric}|${dayStart}`, value);
    }
  }
  return { latest, hours, days, provinceDays };
}

async function actualState(state: StateStore, province: string, deps: { client: DynamoDBClient; tables: TableNames }) {
  const latest = new Map<string, { value: number; observedAt: number; key: string }>();
  for (const panel of await state.listPanels(province)) {
    for (const [commune, e] of Object.entries(panel.values))
      latest.set(`${commune}|${panel.metric}`, { value: e.v, observedAt: e.t, key: e.k });
  }
  const hours = new Map<string, [number, number, number, number]>();
  for (const metric of METRICS) {
    for (const day of await state.listDayBuckets(province, metric, vnDayStart(NOW - 2 * 86_400_000), vnDayStart(NOW))) {
      for (const [commune, perHour] of Object.entries(day.stats)) {
        for (const [hh, stats] of Object.entries(perHour))
          hours.set(`${metric}|${commune}|${day.dayStart + Number(hh) * 3_600_000}`, stats);
      }
    }
  }
  // History: every day item of the window, read as stored, and the province's daily values.
  const days = new Map<string, [number, number, number, number, number, number, string]>();
  const provinceDays = new Map<string, number>();
  const history = createHistoryStore(deps);
  const fromDay = vnDayStart(NOW - 2 * 86_400_000);
  for (const metric of METRICS) {
    for (let day = fromDay; day <= vnDayStart(NOW); day += 86_400_000) {
      const { Item } = await deps.client.send(
        new GetItemCommand({
          TableName: deps.tables.history,
          Key: marshall(dayValuesKey(province, metric, day)),
          ConsistentRead: true,
        }),
      );
      if (!Item) continue;
      for (const [commune, stats] of Object.entries(dayValuesCodec.fromImage(unmarshall(Item)).stats))
        days.set(`${metric}|${commune}|${day}`, stats);
    }
    for (const point of await history.provinceDays(province, metric, fromDay, vnDayStart(NOW)))
      provinceDays.set(`${metric}|${point.t}`, point.value);
  }
  return { latest, hours, days, provinceDays };
}

function expectExact(expected: ReturnType<typeof bruteForce>, actual: Awaited<ReturnType<typeof actualState>>) {
  expect(new Map([...actual.latest].sort())).toEqual(new Map([...expected.latest].sort()));
  const want = new Map(
    [...expected.hours].map(([k, values]) => [
      k,
      [values.length, values.reduce((s, v) => s + v, 0), Math.min(...values), Math.max(...values)],
    ]),
  );
  expect(actual.hours.size).toBe(want.size);
  for (const [k, stats] of want) {
    const got = actual.hours.get(k);
    expect(got?.[0], k).toBe(stats[0]);
    expect(got?.[1], k).toBeCloseTo(stats[1] as number, 6);
    expect(got?.slice(2), k).toEqual(stats.slice(2));
  }
  // Daily values: count, sum, min, max and the day's last value (newest observedAt, then key).
  expect(actual.days.size).toBe(expected.days.size);
  for (const [k, { values, last }] of expected.days) {
    const got = actual.days.get(k);
    expect(got?.[0], k).toBe(values.length);
    expect(got?.[1], k).toBeCloseTo(
      values.reduce((s, v) => s + v, 0),
      6,
    );
    expect(got?.slice(2, 4), k).toEqual([Math.min(...values), Math.max(...values)]);
    expect(got?.slice(4), k).toEqual([last.value, last.observedAt, last.key]);
  }
  expect(actual.provinceDays.size).toBe(expected.provinceDays.size);
  for (const [k, value] of expected.provinceDays) expect(actual.provinceDays.get(k), k).toBeCloseTo(value, 6);
}

/** The processor on the test's tables, merging into `state` (a flaky wrapper, in the chaos test). */
function processorOn(env: { deps: { client: DynamoDBClient; tables: TableNames } }, state: StateStore) {
  return createProcessor({
    state,
    registry: createDynamoStores(env.deps).registry,
    rules: createRuleStore(env.deps),
    clock: Date.now,
    logger: silent,
  });
}

async function setup(tables: TableNames, dataDir?: string) {
  const port = await freePort();
  let dynamo: DynamoLocal = await startDynamoLocal({ port, ...(dataDir ? { dataDir } : {}) });
  cleanups.push(() => dynamo.stop());
  // Clients of our own, so they outlive a restart of DynamoDB Local on the same port.
  const { client, streams } = localClients(`http://127.0.0.1:${port}`);
  cleanups.push(async () => {
    client.destroy();
    streams.destroy();
  });
  await ensureTables(client, tables);
  const province = generateDemoProvince();
  const deps = { client, tables };
  const stores = createDynamoStores(deps);
  await stores.registry.putProvince(province);
  await stores.sources.putSource({
    id: "src",
    name: "Nguồn thử",
    provinceCode: "99",
    metricPrefixes: [""],
    cadenceSeconds: 60,
    rateLimitPerMinute: 1e9,
  });
  const { key } = await issueSourceKey(stores.sources, "src", NOW);
  const app = createApp({ ...stores, clock: Date.now, logger: silent, defaultProvince: "99" });
  const post = async (readings: ReadingInput[]) => {
    const response = await app.request("/v1/readings", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ readings }),
    });
    if (response.status !== 202) throw new Error(`ingest ${response.status}: ${await response.text()}`);
  };
  return {
    province,
    post,
    client,
    streams,
    async restartDynamo() {
      await dynamo.stop();
      dynamo = await startDynamoLocal({ port, ...(dataDir ? { dataDir } : {}) });
    },
    deps,
  };
}

describe("processor exactness", () => {
  it("matches a brute-force recomputation after random batches and replays of any part", {
    timeout: 180_000,
  }, async () => {
    const tables = tableNamesFor("it-exact");
    const env = await setup(tables);
    const readings = randomReadings(env.province, 600, 7);
    // Re-sent copies (ingest dedupes them) and arbitrary order.
    for (let i = 0; i < readings.length; i += 100)
      await env.post([...readings.slice(i, i + 100), ...readings.slice(Math.max(0, i - 20), i)]);
    const processor = processorOn(env, createStateStore(env.deps));
    const all = (await readWholeStream(env.streams, await latestStreamArn(env.client, tables.readings))).Records;
    expect(all).toHaveLength(600);
    const random = createRandom(11);
    const event = (Records: DynamoDBStreamEvent["Records"]) => ({ Records, shardId: "shard-1" });
    // At-least-once as a stream shard delivers: records come in order the first time, in batches
    // of any size; a batch may start before where the last one ended (a retry after a partial
    // failure or a crash re-delivers from there), and records already delivered may come again
    // in any order, any number of times.
    for (let next = 0; next < all.length; ) {
      const from = random.next() < 0.3 ? random.int(Math.max(0, next - 150), next) : next;
      const to = Math.min(all.length, next + random.int(1, 120));
      expect(await processor(event(all.slice(from, to)))).toEqual({ batchItemFailures: [] });
      next = to;
      if (random.next() < 0.3) {
        const again = all
          .slice(0, next)
          .filter(() => random.next() < 0.1)
          .sort(() => random.next() - 0.5);
        expect(await processor(event(again))).toEqual({ batchItemFailures: [] });
      }
    }
    // A whole second pass over the stream, as after a lost checkpoint: nothing changes.
    for (let i = 0; i < all.length; i += 200)
      expect(await processor(event(all.slice(i, i + 200)))).toEqual({ batchItemFailures: [] });
    expectExact(bruteForce(readings), await actualState(createStateStore(env.deps), "99", env.deps));
  });

  it("folds a record given up on in exactly once when its dead letter is replayed, however often", {
    timeout: 120_000,
  }, async () => {
    const tables = tableNamesFor("it-aside");
    const env = await setup(tables);
    const readings = randomReadings(env.province, 300, 21);
    await env.post(readings.slice(0, 100));
    await env.post(readings.slice(100, 200));
    await env.post(readings.slice(200));
    const state = createStateStore(env.deps);
    const processor = processorOn(env, state);
    const all = (await readWholeStream(env.streams, await latestStreamArn(env.client, tables.readings))).Records;
    expect(all).toHaveLength(300);
    const shardId = "shard-1";
    // Records 0–99 are processed; 100–109 fail every attempt and are given up on (set aside, then
    // the shard moves on); 110–299 are processed, so every bucket's position passes the gap.
    expect(await processor({ Records: all.slice(0, 100), shardId })).toEqual({ batchItemFailures: [] });
    const givenUp = all.slice(100, 110);
    // Record 50 was folded in already: giving up on it (a failure in a later step) sets nothing aside.
    const alreadyIn = all[50] as (typeof all)[number];
    await processor.setAside({ Records: [...givenUp, alreadyIn], shardId });
    expect(await processor({ Records: all.slice(110), shardId })).toEqual({ batchItemFailures: [] });
    const counted = async () =>
      [...(await actualState(state, "99", env.deps)).hours.values()].reduce((s, x) => s + x[0], 0);
    expect(await counted()).toBe(290);
    // Replaying the dead letters (twice over) folds in the ten given up, once, and record 50 not again.
    for (let round = 0; round < 2; round++)
      for (const record of [...givenUp, alreadyIn])
        expect(await processor({ Records: [record], shardId, replay: true })).toEqual({ batchItemFailures: [] });
    expect(await counted()).toBe(300);
    expectExact(bruteForce(readings), await actualState(state, "99", env.deps));
  });

  // Timeouts raised from 300/240 s: the processor now makes more store calls per batch (day and
  // month items), each a chance of an injected failure, and this machine is shared; the
  // assertions are unchanged.
  it("survives random processor failures and a DynamoDB Local restart mid-load with every count exact", {
    timeout: 540_000,
  }, async () => {
    const tables = tableNamesFor("it-chaos");
    const dataDir = mkdtempSync(join(tmpdir(), "ioc-chaos-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = await setup(tables, dataDir);
    const state = createStateStore(env.deps);
    const random = createRandom(5);
    let thrown = 0;
    // Chaos: one store call in 12 fails before it writes (a batch makes ~16, so most attempts fail).
    const flaky = new Proxy(state, {
      get(target, prop, receiver) {
        const original = Reflect.get(target, prop, receiver);
        if (typeof original !== "function" || !String(prop).startsWith("merge")) return original;
        return (...args: unknown[]) => {
          if (random.next() < 0.08) {
            thrown++;
            return Promise.reject(new Error("chaos"));
          }
          return original.apply(target, args);
        };
      },
    }) as StateStore;
    const processor = processorOn(env, flaky);
    const arn = await latestStreamArn(env.client, tables.readings);
    const begin = () => startStreamPoller({ ...optionsOf(arn) });
    const optionsOf = (streamArn: string) => ({
      name: "processor",
      streams: env.streams,
      streamArn,
      handler: processor,
      checkpoints: createCheckpointStore(env.client, tables.control),
      logger: silent,
      idleMs: 50,
      maxAttempts: 50,
    });
    let poller = begin();
    const readings = randomReadings(env.province, 1500, 13);
    const postWithRetry = async (batch: ReadingInput[]) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await env.post(batch);
        } catch (error) {
          if (attempt > 100) throw error;
          await new Promise((r) => setTimeout(r, 200)); // the database is down: retry, ingest is idempotent
        }
      }
    };
    for (let i = 0; i < readings.length; i += 50) {
      if (i === 750) {
        // Kill DynamoDB Local mid-load, then bring it back on the same data.
        await poller.stop();
        await env.restartDynamo();
        poller = begin();
      }
      await postWithRetry(readings.slice(i, i + 50));
    }
    // Wait until every distinct reading is counted in a bucket (or the test times out).
    const expectedCount = new Set(readings.map((r) => r.id)).size;
    await expect
      .poll(
        async () => {
          const counted = [...(await actualState(state, "99", env.deps)).hours.values()].reduce(
            (s, stats) => s + stats[0],
            0,
          );
          return counted;
        },
        { timeout: 480_000, interval: 1000 },
      )
      .toBe(expectedCount);
    await poller.drained();
    await poller.stop();
    expect(thrown).toBeGreaterThan(3);
    expectExact(bruteForce(readings), await actualState(state, "99", env.deps));
  });
});
