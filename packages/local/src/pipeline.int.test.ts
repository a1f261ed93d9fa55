/**
 * The thin path against a real DynamoDB Local: ingest through the Hono app, the processor on the
 * Readings stream, the broadcaster on the State stream, and a WebSocket client receiving the change.
 */
import { createServer, type Server } from "node:http";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "@ioc/api";
import { generateDemoProvince, type ServerMessage, vnDayStart } from "@ioc/core";
import { createBroadcaster, createProcessor } from "@ioc/pipeline";
import {
  createDashboardStore,
  createDynamoStores,
  createLatestValueStore,
  createRegistryStore,
  createRuleStore,
  createSourceStore,
  createStateStore,
  ensureTables,
  latestStreamArn,
  tableNamesFor,
} from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ensureDemoSourceKey } from "./demo-seed.js";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { LiveHub } from "./live-hub.js";
import { freePort } from "./net.js";
import { readWholeStream } from "./test-support.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const clock = () => NOW;
const silent = { info() {}, error() {}, debug() {}, warn() {} };

let dynamo: DynamoLocal;
let hub: LiveHub;
let server: Server;
let livePort: number;
const tables = tableNamesFor("it-thin-path");
const province = generateDemoProvince();

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
  await createRegistryStore({ client: dynamo.client, tables }).putProvince(province);
  // Sign-in is the hub's own test's subject (live-hub.test.ts); here every connection is a reader.
  hub = new LiveHub({
    verifier: { verify: async () => ({ subject: "it", username: "it", role: "leader", provinces: ["*"] }) },
  });
  server = createServer();
  hub.attach(server);
  livePort = await freePort();
  await new Promise<void>((resolve) => server.listen(livePort, resolve));
});

afterAll(async () => {
  await hub?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await dynamo?.stop();
});

function buildProcessor() {
  const deps = { client: dynamo.client, tables };
  return createProcessor({
    state: createStateStore(deps),
    registry: createRegistryStore(deps),
    rules: createRuleStore(deps),
    clock,
    logger: silent,
  });
}

function buildApp() {
  return createApp({
    ...createDynamoStores({ client: dynamo.client, tables }),
    clock,
    logger: silent,
    defaultProvince: province.code,
  });
}

const post = (app: ReturnType<typeof buildApp>, key: string, readings: unknown[]) =>
  app.request("/v1/readings", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ readings }),
  });

describe("the thin path on DynamoDB Local", () => {
  it("stores a posted reading, derives the latest value, and pushes it to a subscribed socket", async () => {
    const app = buildApp();
    const key = await ensureDemoSourceKey(
      createSourceStore({ client: dynamo.client, tables }),
      province.code,
      undefined,
      clock,
    );
    const commune = province.communes[10]?.code as string;
    const at = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

    const first = await post(app, key, [
      { id: "r-new", commune, metric: "net.coverage_4g", value: 81.5, observedAt: at(1) },
      // Older, and arriving later: must not overwrite the newer value.
      { id: "r-old", commune, metric: "net.coverage_4g", value: 12, observedAt: at(30) },
      { id: "r-bad", commune: "00001", metric: "net.coverage_4g", value: 50, observedAt: at(1) },
    ]);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [{ index: 2, code: "unknown-commune", detail: 'commune "00001" is not in the registry' }],
    });
    const again = await post(app, key, [
      { id: "r-new", commune, metric: "net.coverage_4g", value: 81.5, observedAt: at(1) },
    ]);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    // Processor: Readings stream → State.
    const readingsEvent = await readWholeStream(dynamo.streams, await latestStreamArn(dynamo.client, tables.readings));
    expect(readingsEvent.Records).toHaveLength(2);
    const processor = buildProcessor();
    // Newest first, then the stale one, then a replay of the whole batch: State must end the same.
    const reversed = { Records: [...readingsEvent.Records].reverse() };
    expect(await processor(reversed)).toEqual({ batchItemFailures: [] });
    expect(await processor(readingsEvent)).toEqual({ batchItemFailures: [] });
    // A TTL expiry (DynamoDB Local's unknown event name) and a REMOVE are ignored.
    const removal: DynamoDBRecord = {
      ...(readingsEvent.Records[0] as DynamoDBRecord),
      eventName: "REMOVE",
      dynamodb: { ...readingsEvent.Records[0]?.dynamodb, NewImage: undefined, SequenceNumber: "999" },
    };
    expect(await processor({ Records: [removal, { ...removal, eventName: "UNKNOWN" as never }] })).toEqual({
      batchItemFailures: [],
    });

    const latest = await createLatestValueStore({ client: dynamo.client, tables }).listProvince(province.code);
    expect(latest).toEqual([
      {
        province: province.code,
        commune,
        metric: "net.coverage_4g",
        value: 81.5,
        observedAt: NOW - 60_000,
        readingKey: "demo-simulator/r-new",
      },
    ]);
    const communes = (await (await app.request("/v1/communes")).json()) as {
      communes: Array<{ code: string; latest: Record<string, { value: number }> }>;
    };
    expect(communes.communes.find((c) => c.code === commune)?.latest["net.coverage_4g"]?.value).toBe(81.5);

    // Broadcaster: State stream → the hub → a subscribed WebSocket.
    const socket = new WebSocket(`ws://127.0.0.1:${livePort}/live`);
    const messages: ServerMessage[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "subscribe", province: province.code }));
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toEqual({ type: "subscribed", province: province.code, seq: 0 });

    const stateEvent = await readWholeStream(dynamo.streams, await latestStreamArn(dynamo.client, tables.state));
    // One panel write however often the batch was replayed: the stale value never reached State.
    const panelWrites = stateEvent.Records.filter((r) => r.dynamodb?.NewImage?.entity?.S === "latest-panel");
    expect(panelWrites).toHaveLength(1);
    const broadcaster = createBroadcaster({ publisher: hub });
    expect(await broadcaster(stateEvent)).toEqual({ batchItemFailures: [] });
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toEqual({
      type: "latest",
      seq: 1,
      province: province.code,
      commune,
      metric: "net.coverage_4g",
      value: 81.5,
      observedAt: NOW - 60_000,
    });
    socket.close();
  });

  it("reports a malformed record as a batch item failure without failing the others", async () => {
    const processor = buildProcessor();
    const image = (value: unknown, id: string) =>
      marshall({
        entity: "reading",
        sourceId: "s",
        readingId: id,
        province: "99",
        commune: "99002",
        metric: "net.bts_down",
        value,
        observedAt: NOW,
      });
    const record = (seq: string, value: unknown, id: string): DynamoDBRecord => ({
      eventName: "INSERT",
      dynamodb: { SequenceNumber: seq, NewImage: image(value, id) as never },
    });
    const result = await processor({ Records: [record("1", 2, "a"), record("2", "two", "b"), record("3", 3, "c")] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "2" }] });
  });

  it("opens a drop alert from the peaks within the window, and not from older peaks", async () => {
    const deps = { client: dynamo.client, tables };
    const state = createStateStore(deps);
    const processor = createProcessor({
      state,
      registry: createRegistryStore(deps),
      rules: {
        listFor: async () => [
          {
            id: "drop-test",
            name: { vi: "Giảm nhanh", en: "Sharp drop" },
            severity: "warning",
            enabled: true,
            condition: { kind: "drop", metric: "net.download_mbps", percent: 10, windowMinutes: 60 },
          },
        ],
      },
      clock,
      logger: silent,
    });
    const [a, b] = [province.communes[20]?.code as string, province.communes[21]?.code as string];
    let seq = 5000;
    const record = (id: string, commune: string, value: number, minutesAgo: number): DynamoDBRecord => ({
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(seq++),
        NewImage: marshall({
          entity: "reading",
          sourceId: "s",
          readingId: id,
          province: "99",
          commune,
          metric: "net.download_mbps",
          value,
          observedAt: NOW - minutesAgo * 60_000,
        }) as never,
      },
    });
    // a: 80 forty minutes ago, 70 now (−12.5 % within the hour). b: 80 three hours ago, 70 now.
    const first = [record("d1", a, 80, 40), record("d2", b, 80, 180)];
    expect(await processor({ Records: first, shardId: "drop" })).toEqual({ batchItemFailures: [] });
    const second = [record("d3", a, 70, 1), record("d4", b, 70, 1)];
    expect(await processor({ Records: second, shardId: "drop" })).toEqual({ batchItemFailures: [] });
    const alerts = (await state.listAlerts("99")).filter((x) => x.ruleId === "drop-test");
    expect(alerts.map((x) => [x.commune, x.status, x.value])).toEqual([[a, "open", 70]]);

    // The series behind the commune panel: the day's hours read from the hour buckets, one commune.
    const hours = await createDashboardStore(deps).getCommuneHours(
      "99",
      "net.download_mbps",
      b,
      vnDayStart(NOW - 180 * 60_000),
      vnDayStart(NOW),
    );
    const all = [...hours.values()].flatMap((day) => Object.values(day));
    expect(all.map((s) => [s[0], s[1]]).sort()).toEqual([
      [1, 70],
      [1, 80],
    ]);
  });

  it("answers /health with the store reachable", async () => {
    const response = await buildApp().request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", store: "reachable" });
  });
});
