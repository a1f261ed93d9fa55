/**
 * The local runtime as `npm start` runs it: pollers calling the Lambda handlers, the live socket,
 * and data that survives a restart.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { connectLive, createApiClient } from "@ioc/client";
import type { LatestValueEvent } from "@ioc/core";
import { ENTITY } from "@ioc/store";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";
import { nodeSocket } from "./test-support.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const dataDir = mkdtempSync(join(tmpdir(), "ioc-runtime-"));
let runtime: Runtime | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the local runtime", () => {
  it("carries a posted reading to a live client, and keeps data and key across a restart", async () => {
    const ports = { port: await freePort(), dynamoPort: await freePort() };
    runtime = await startRuntime({ ...ports, dataDir, simulator: false, logger: silent, pollIdleMs: 50 });
    const keyOnDisk = readFileSync(join(dataDir, "demo-source-key"), "utf8").trim();
    expect(keyOnDisk).toBe(runtime.apiKey);

    const events: LatestValueEvent[] = [];
    const signedIn = await runtime.issuer.login("leader", "demo");
    const live = connectLive({
      url: `${runtime.url.replace("http", "ws")}/live`,
      province: runtime.province.code,
      token: signedIn?.token,
      createSocket: nodeSocket,
      onEvent: (event) => {
        if (event.type === "latest") events.push(event);
      },
      onSnapshotRequired: () => {},
    });
    await expect.poll(() => live.state).toBe("open");
    const api = createApiClient({ baseUrl: runtime.url });
    const commune = runtime.province.communes[3]?.code as string;
    const observedAt = new Date(Date.now() - 1000).toISOString();
    const report = await api.postReadings(runtime.apiKey, [
      { id: "restart-1", commune, metric: "net.fiber_households", value: 42.5, observedAt },
    ]);
    expect(report).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    expect(events[0]).toMatchObject({ type: "latest", commune, metric: "net.fiber_households", value: 42.5, seq: 1 });
    live.close();

    await runtime.stop();
    runtime = await startRuntime({ ...ports, dataDir, simulator: false, logger: silent, pollIdleMs: 50 });
    expect(runtime.apiKey).toBe(keyOnDisk);
    // A restart makes a new signing key: the old token is refused, a new sign-in works.
    const stale = await fetch(`${runtime.url}/v1/communes`, {
      headers: { authorization: `Bearer ${signedIn?.token}` },
    });
    expect(stale.status).toBe(401);
    const token = (await runtime.issuer.login("leader", "demo"))?.token;
    const { communes } = await createApiClient({ baseUrl: runtime.url, token: () => token }).communes();
    expect(communes.find((c) => c.code === commune)?.latest["net.fiber_households"]).toEqual({
      value: 42.5,
      observedAt,
    });
    // Re-sending after the restart is still recognised as a duplicate.
    const again = await createApiClient({ baseUrl: runtime.url }).postReadings(runtime.apiKey, [
      { id: "restart-1", commune, metric: "net.fiber_households", value: 42.5, observedAt },
    ]);
    expect(again).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  it("moves a data folder's hour buckets, days and months out of State when it starts", async () => {
    const folder = mkdtempSync(join(tmpdir(), "ioc-runtime-legacy-"));
    // Its own runtime: the shared one is still the first test's, stopped in afterAll.
    let legacyRuntime: Runtime | undefined;
    try {
      const ports = { port: await freePort(), dynamoPort: await freePort() };
      legacyRuntime = await startRuntime({ ...ports, dataDir: folder, simulator: false, logger: silent });
      const { client } = legacyRuntime.dynamo;
      const { tables } = legacyRuntime;
      // As a runtime from before the History table left them: series items in State.
      const legacy = [
        { pk: "P#99#M#net.coverage_4g#H", sk: "2026-11-30T01:00:00.000Z", entity: ENTITY.hourBucket, version: 2 },
        { pk: "P#99#M#net.coverage_4g#D", sk: "2026-11-30", entity: ENTITY.dayValues, version: 5 },
        { pk: "P#99#HIST", sk: "M#2026-11", entity: ENTITY.provinceMonth, version: 1 },
      ];
      for (const item of legacy)
        await client.send(new PutItemCommand({ TableName: tables.state, Item: marshall(item) }));
      await legacyRuntime.stop();

      legacyRuntime = await startRuntime({ ...ports, dataDir: folder, simulator: false, logger: silent });
      const keys = async (table: string) =>
        ((await legacyRuntime?.dynamo.client.send(new ScanCommand({ TableName: table })))?.Items ?? [])
          .map((i) => unmarshall(i))
          .filter((i) => legacy.some((l) => l.pk === i.pk && l.sk === i.sk));
      expect(await keys(tables.state)).toEqual([]);
      expect((await keys(tables.history)).sort((x, y) => String(x.pk).localeCompare(String(y.pk)))).toEqual(
        [...legacy].sort((x, y) => x.pk.localeCompare(y.pk)),
      );
    } finally {
      await legacyRuntime?.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
