/**
 * The ingest contract and the admin CLI against a real DynamoDB Local: idempotency under
 * concurrency, key scope, rotation and revocation, and the shared rate window.
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { createApp } from "@ioc/api";
import { generateDemoProvince } from "@ioc/core";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { createDynamoStores, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
let dynamo: DynamoLocal;
const tables = tableNamesFor("it-ingest");
const province = generateDemoProvince();
const neighbour = generateDemoProvince({ provinceCode: "98", seed: 9, name: "Láng giềng" });
let stores: ReturnType<typeof createDynamoStores>;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
  stores = createDynamoStores({ client: dynamo.client, tables });
  await stores.registry.putProvince(province);
  await stores.registry.putProvince(neighbour);
});
afterAll(async () => {
  await dynamo?.stop();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, async () => ({
    stores,
    dynamo: { client: dynamo.client, tables },
    clock: () => NOW,
    close: async () => {},
  }));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const app = () => createApp({ ...stores, clock: () => NOW, logger: { info() {}, error() {} }, defaultProvince: "99" });
const post = (key: string, readings: unknown[]) =>
  app().request("/v1/readings", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ readings }),
  });
const reading = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  commune: province.communes[id.length % province.communes.length]?.code,
  metric: "net.coverage_4g",
  value: 70,
  observedAt: new Date(NOW - 60_000).toISOString(),
  ...overrides,
});

async function createKey(source: string): Promise<{ key: string; keyId: string }> {
  const created = await cli("keys", "create", "--source", source, "--lang", "en");
  expect(created.code).toBe(0);
  const key = created.out.split("\n").find((l) => l.startsWith("ioc_")) as string;
  const keyId = /key (k_[0-9a-f]+)/.exec(created.out)?.[1] as string;
  return { key, keyId };
}

describe("sources and keys through the CLI, ingest through the API, on DynamoDB Local", () => {
  it("adds a source, creates, rotates and revokes keys, with messages in Vietnamese by default", async () => {
    const added = await cli(
      "sources",
      "add",
      "--id",
      "telco-a",
      "--name",
      "Nhà mạng A",
      "--province",
      "99",
      "--metrics",
      "net.",
      "--cadence",
      "300",
      "--rate",
      "100000",
    );
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining("Đã thêm nguồn telco-a") });
    expect((await cli("sources", "list")).out).toMatch(/telco-a\t99\tnet\.\*\t300\t100000\tNhà mạng A/);

    const first = await createKey("telco-a");
    const second = await createKey("telco-a");
    expect(first.key).not.toBe(second.key);
    // Only hashes are stored: the key text appears nowhere in the table.
    const scan = await dynamo.client.send(new ScanCommand({ TableName: tables.control }));
    expect(JSON.stringify(scan.Items)).not.toContain(first.key);

    expect((await post(first.key, [reading("k1")])).status).toBe(202);
    expect((await post(second.key, [reading("k2")])).status).toBe(202);
    const revoked = await cli("keys", "revoke", "--source", "telco-a", "--key", first.keyId);
    expect(revoked.out).toContain(`Đã thu hồi khóa ${first.keyId}`);
    expect((await post(first.key, [reading("k3")])).status).toBe(401);
    expect((await post(second.key, [reading("k4")])).status).toBe(202);
    expect((await cli("keys", "list", "--source", "telco-a", "--lang", "en")).out).toMatch(
      new RegExp(`${first.keyId}\\trevoked`),
    );

    const missing = await cli("keys", "revoke", "--source", "telco-a", "--key", "k_nope");
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining("không có khóa k_nope") });
    const usage = await cli("sources", "add", "--id", "x1");
    expect(usage).toMatchObject({ code: 2, err: expect.stringContaining("Thiếu tùy chọn --name") });
    const badProvince = await cli(
      "sources",
      "add",
      "--id",
      "x1",
      "--name",
      "n",
      "--province",
      "45",
      "--metrics",
      "net.",
      "--cadence",
      "60",
    );
    expect(badProvince.err).toContain("Tỉnh 45 chưa có danh mục xã");
  });

  it("stores a batch once when 20 identical copies arrive concurrently", async () => {
    const { key } = await createKey("telco-a");
    const batch = Array.from({ length: 100 }, (_, i) => reading(`conc-${i}`));
    const reports = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await post(key, batch)).json() as Promise<{ accepted: number; duplicates: number }>,
      ),
    );
    expect(reports.reduce((s, r) => s + r.accepted, 0)).toBe(100);
    expect(reports.reduce((s, r) => s + r.duplicates, 0)).toBe(1900);
    const scan = await dynamo.client.send(
      new ScanCommand({
        TableName: tables.readings,
        FilterExpression: "begins_with(readingId, :p)",
        ExpressionAttributeValues: { ":p": { S: "conc-" } },
        Select: "COUNT",
      }),
    );
    expect(scan.Count).toBe(100);
  });

  it("refuses readings outside the key's province or metrics", async () => {
    const { key } = await createKey("telco-a");
    const foreign = neighbour.communes[0]?.code as string;
    const onlyForeign = await post(key, [
      reading("f1", { commune: foreign }),
      reading("f2", { metric: "gov.e_records_rate" }),
    ]);
    expect(onlyForeign.status).toBe(403);
    expect(((await onlyForeign.json()) as { code: string }).code).toBe("out-of-scope");
    const mixed = await post(key, [reading("f3"), reading("f4", { commune: foreign })]);
    expect(await mixed.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: "commune-out-of-scope" }] });
  });

  it("shares one rate window across app instances (as across Lambda containers)", async () => {
    await cli(
      "sources",
      "add",
      "--id",
      "slow",
      "--name",
      "Chậm",
      "--province",
      "99",
      "--metrics",
      "*",
      "--cadence",
      "60",
      "--rate",
      "150",
    );
    const { key } = await createKey("slow");
    const batch = (prefix: string) => Array.from({ length: 100 }, (_, i) => reading(`${prefix}-${i}`));
    expect((await post(key, batch("w1"))).status).toBe(202);
    const limited = await post(key, batch("w2")); // a fresh app instance, the same DynamoDB window
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
