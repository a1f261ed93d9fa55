/**
 * Saved scenarios on DynamoDB Local through the real API: the owner's list and the shared link
 * read the same item pair the store writes in one transaction.
 */
import { createApp } from "@ioc/api";
import { generateDemoProvince } from "@ioc/core";
import { createJwtVerifier, createLocalIssuer, demoUsers } from "@ioc/identity";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { createDynamoStores, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const NOW = Date.parse("2026-11-22T08:00:00Z");
let dynamo: DynamoLocal;
const tables = tableNamesFor("it-scenarios");
const province = generateDemoProvince();

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
});
afterAll(async () => {
  await dynamo?.stop();
});

describe("scenarios on DynamoDB Local", () => {
  it("saves per user, lists newest first, and reads by id for another signed-in user", async () => {
    const stores = createDynamoStores({ client: dynamo.client, tables });
    await stores.registry.putProvince(province);
    let now = NOW;
    const clock = () => now;
    const issuer = await createLocalIssuer({ users: await demoUsers("demo"), clock, ttlSeconds: 3600 });
    const verifier = createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock });
    const app = createApp({
      ...stores,
      clock,
      logger: { info() {}, error() {} },
      defaultProvince: province.code,
      auth: { verifier, issuer },
    });
    const token = async (user: string) => (await issuer.login(user, "demo"))?.token as string;
    const call = async (user: string, method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await token(user)}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const target = province.communes.find((c) => c.terrain === "mountainous") ?? province.communes[0];
    const ids: string[] = [];
    for (const name of ["Kịch bản một", "Kịch bản hai"]) {
      const saved = await call("planner", "POST", "/v1/scenarios", {
        name,
        sites: [{ kind: "site", position: target?.labelPoint, radiusKm: 5 }],
      });
      expect(saved.status).toBe(201);
      ids.push(((await saved.json()) as { id: string }).id);
      now += 60_000;
    }
    const list = (await (await call("planner", "GET", "/v1/scenarios")).json()) as {
      scenarios: Array<{ id: string; name: string }>;
    };
    expect(list.scenarios.map((s) => s.name)).toEqual(["Kịch bản hai", "Kịch bản một"]);
    expect(list.scenarios.map((s) => s.id)).toEqual([...ids].reverse());

    const shared = await call("leader", "GET", `/v1/scenarios/${ids[0]}`);
    expect(shared.status).toBe(200);
    const body = (await shared.json()) as {
      ownerName: string;
      scenario: { name: string };
      result: { changes: unknown[] };
    };
    expect(body).toMatchObject({ ownerName: "planner", scenario: { name: "Kịch bản một" } });
    expect(body.result.changes).toHaveLength(province.communes.length);
  });
});
