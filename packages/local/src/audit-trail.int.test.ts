/**
 * The audit trail on a real DynamoDB Local: records chain; an edited record and a removed record
 * are found by the chain walk that `ioc audit verify` runs; concurrent appends from independent
 * writers never fork a chain; a search filters and pages newest first.
 */
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type AuditEntry, type AuditRecord, verifyChain } from "@ioc/core";
import { auditKey, createAuditStore, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";

const T0 = Date.UTC(2026, 11, 1, 2);
let dynamo: DynamoLocal;
const tables = tableNamesFor("it-audit");

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
}, 60_000);
afterAll(async () => {
  await dynamo?.stop();
});

const entry = (province: string, i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  province,
  at: T0 + i * 1000,
  actor: i % 2 === 0 ? "ops" : "admin",
  role: i % 2 === 0 ? "ops" : "admin",
  action: i % 3 === 0 ? "rule.put" : "alert.ack",
  objectType: i % 3 === 0 ? "rule" : "alert",
  objectId: `obj-${i}`,
  before: { status: "open", n: i },
  after: { status: "acknowledged", n: i, note: "Đã tiếp nhận" },
  address: "127.0.0.1",
  userAgent: "vitest",
  ...overrides,
});

async function collect(iterable: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

describe("the audit trail on DynamoDB Local", () => {
  it("chains records per province and reads them back exactly as hashed", async () => {
    const store = createAuditStore({ client: dynamo.client, tables });
    for (let i = 0; i < 5; i++) await store.append(entry("41", i));
    await store.append(entry("42", 0));
    const chain = await collect(store.readChain("41"));
    expect(chain.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(verifyChain("41", chain)).toMatchObject({ ok: true, records: 5, lastSeq: 5 });
    expect(await store.listChains()).toEqual(expect.arrayContaining(["41", "42"]));
  });

  it("finds an edited record and a removed record", async () => {
    const store = createAuditStore({ client: dynamo.client, tables });
    for (let i = 0; i < 6; i++) await store.append(entry("43", i));
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: tables.control,
        Key: marshall(auditKey("43", 3)),
        UpdateExpression: "SET actor = :a",
        ExpressionAttributeValues: marshall({ ":a": "someone-else" }),
      }),
    );
    expect(verifyChain("43", await collect(store.readChain("43")))).toMatchObject({
      ok: false,
      problem: "edited",
      seq: 3,
    });

    for (let i = 0; i < 6; i++) await store.append(entry("44", i));
    await dynamo.client.send(new DeleteItemCommand({ TableName: tables.control, Key: marshall(auditKey("44", 4)) }));
    expect(verifyChain("44", await collect(store.readChain("44")))).toMatchObject({
      ok: false,
      problem: "gap",
      seq: 4,
      found: "5",
    });
  });

  it("refuses an attribute planted on a record instead of ignoring it", async () => {
    const store = createAuditStore({ client: dynamo.client, tables });
    const record = await store.append(entry("45", 0));
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tables.control,
        Item: marshall({ ...auditKey("45", 1), entity: "audit-record", ...record, extra: "x" }),
      }),
    );
    await expect(collect(store.readChain("45"))).rejects.toThrowError(/extra/);
  });

  it("never forks a chain under concurrent appends from independent writers", { timeout: 60_000 }, async () => {
    // Four stores are four Lambdas: nothing shared but the table.
    const writers = Array.from({ length: 4 }, () =>
      createAuditStore({ client: dynamo.client, tables }, { maxAttempts: 200 }),
    );
    const appended = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (writers[i % 4] as ReturnType<typeof createAuditStore>).append(entry("46", i)),
      ),
    );
    expect(new Set(appended.map((r) => r.seq)).size).toBe(24);
    const chain = await collect(writers[0]!.readChain("46"));
    expect(chain).toHaveLength(24);
    expect(verifyChain("46", chain)).toMatchObject({ ok: true, records: 24 });
  });

  it("searches by person, action, object and period, newest first, one page at a time", async () => {
    const store = createAuditStore({ client: dynamo.client, tables });
    for (let i = 0; i < 30; i++) await store.append(entry("47", i));
    const first = await store.search("47", { actor: "ops" }, { limit: 4 });
    expect(first.records.map((r) => r.objectId)).toEqual(["obj-28", "obj-26", "obj-24", "obj-22"]);
    const second = await store.search("47", { actor: "ops" }, { limit: 4, before: first.nextCursor });
    expect(second.records.map((r) => r.objectId)).toEqual(["obj-20", "obj-18", "obj-16", "obj-14"]);
    const rules = await store.search("47", { action: "rule.put", object: "rule" }, { limit: 100 });
    expect(rules.records).toHaveLength(10);
    expect(rules.nextCursor).toBeUndefined();
    const period = await store.search("47", { from: T0 + 10_000, to: T0 + 13_000 }, { limit: 100 });
    expect(period.records.map((r) => r.objectId)).toEqual(["obj-12", "obj-11", "obj-10"]);
    const one = await store.search("47", { object: "obj-7" }, { limit: 10 });
    expect(one.records.map((r) => r.seq)).toEqual([8]);
  });
});
