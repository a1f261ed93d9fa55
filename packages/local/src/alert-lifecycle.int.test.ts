/**
 * The alert lifecycle from live data, on a real DynamoDB Local: a base station goes down
 * (opens, critical), the value changes (shown value refreshed, no new alert), it clears within the
 * hold time (stays open), it waits unacknowledged (escalates on the schedule), ops acknowledge it
 * through the API (a planner may not), it clears for good (resolves itself), and it recurs
 * (reopens and counts). The history tells the whole story.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "@ioc/api";
import { type Alert, generateDemoProvince } from "@ioc/core";
import { createJwtVerifier, createLocalIssuer, demoUsers } from "@ioc/identity";
import { createProcessor, runScheduledChecks } from "@ioc/pipeline";
import { createDynamoStores, createRuleStore, createStateStore, ensureTables, tableNamesFor } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";

const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
let now = T0;
const clock = () => now;
const silent = { info() {}, error() {}, debug() {}, warn() {} };
const province = generateDemoProvince();
const commune = province.communes[5]?.code as string;
const alertId = `bts-down:${commune}`;
let dynamo: DynamoLocal;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
});
afterAll(async () => {
  await dynamo?.stop();
});

describe("the alert lifecycle from live data", () => {
  it("opens, holds, escalates, is acknowledged, resolves itself and reopens", { timeout: 60_000 }, async () => {
    const tables = tableNamesFor("it-lifecycle");
    await ensureTables(dynamo.client, tables);
    const deps = { client: dynamo.client, tables };
    const stores = createDynamoStores(deps);
    await stores.registry.putProvince(province);
    await stores.sources.putSource({
      id: "vnpt",
      name: "VNPT",
      provinceCode: province.code,
      metricPrefixes: ["net."],
      cadenceSeconds: 300,
      rateLimitPerMinute: 600,
    });
    const state = createStateStore(deps);
    const rules = createRuleStore(deps);
    const processor = createProcessor({ state, registry: stores.registry, rules, clock, logger: silent });
    const issuer = await createLocalIssuer({ users: await demoUsers("demo", province.code), clock });
    const verifier = createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock });
    const app = createApp({
      ...stores,
      clock,
      logger: silent,
      defaultProvince: province.code,
      auth: { verifier, issuer },
    });
    const tokenOf = async (username: string) => {
      const response = await app.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "demo" }),
      });
      return ((await response.json()) as { token: string }).token;
    };

    let seq = 100;
    /** A base-station count observed now, delivered as the Readings stream would. */
    const observe = async (value: number) => {
      const record: DynamoDBRecord = {
        eventName: "INSERT",
        dynamodb: {
          SequenceNumber: String(seq++),
          NewImage: marshall({
            entity: "reading",
            sourceId: "vnpt",
            readingId: `bts-${seq}`,
            province: province.code,
            commune,
            metric: "net.bts_down",
            value,
            observedAt: now,
            receivedAt: now,
          }) as never,
        },
      };
      expect(await processor({ Records: [record], shardId: "shard-1" })).toEqual({ batchItemFailures: [] });
    };
    const alert = async () => (await state.getAlerts(province.code, [alertId])).get(alertId) as Alert;

    await observe(2);
    expect(await alert()).toMatchObject({ status: "open", severity: "critical", value: 2, occurrences: 1 });

    now += MINUTE;
    await observe(3);
    // The shown value follows; the history does not grow with every reading.
    expect(await alert()).toMatchObject({ status: "open", value: 3, occurrences: 1 });
    expect((await alert()).history.map((h) => h.action)).toEqual(["opened"]);

    now += MINUTE;
    await observe(0);
    // Cleared two minutes after opening: within the hold time, so it stays open.
    expect((await alert()).status).toBe("open");

    now = T0 + 16 * MINUTE;
    const report = await runScheduledChecks({ state, sources: stores.sources, rules, clock });
    expect(report.escalated).toEqual([alertId]);
    expect(await alert()).toMatchObject({ status: "open", escalated: true });

    const planner = await app.request(`/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenOf("planner")}`, "content-type": "application/json" },
      body: JSON.stringify({ note: "không phải việc của tôi" }),
    });
    expect(planner.status).toBe(403);
    const ack = await app.request(`/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenOf("ops")}`, "content-type": "application/json" },
      body: JSON.stringify({ note: "Đã báo VNPT xử lý" }),
    });
    expect(ack.status).toBe(200);
    expect(await alert()).toMatchObject({ status: "acknowledged", acknowledgedBy: "ops", acknowledgedAt: now });

    now += MINUTE;
    await observe(0);
    expect(await alert()).toMatchObject({ status: "resolved", resolvedAt: now });

    now += 3 * MINUTE;
    await observe(1);
    const reopened = await alert();
    expect(reopened).toMatchObject({ status: "open", occurrences: 2, escalated: false, value: 1, openedAt: now });
    expect(reopened.acknowledgedBy).toBeUndefined();
    expect(reopened.history.map((h) => [h.action, h.by ?? null])).toEqual([
      ["opened", null],
      ["escalated", null],
      ["acknowledged", "ops"],
      ["auto-resolved", null],
      ["reopened", null],
    ]);
    expect(reopened.history[2]?.note).toBe("Đã báo VNPT xử lý");

    // The console's query finds it among the open ones.
    const listed = await app.request("/v1/alerts?status=open", {
      headers: { authorization: `Bearer ${await tokenOf("leader")}` },
    });
    const body = (await listed.json()) as { alerts: Alert[] };
    expect(body.alerts.map((a) => a.id)).toContain(alertId);
  });
});
