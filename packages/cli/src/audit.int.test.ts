/**
 * `ioc audit verify` against a real DynamoDB Local: counts an intact chain, and names the first
 * edited and the first removed record precisely (in Vietnamese by default) with a non-zero exit.
 * The admin commands record themselves in the trail.
 */
import { DeleteItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { generateDemoProvince } from "@ioc/core";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { auditKey, createDynamoStores, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const NOW = Date.parse("2026-12-01T08:00:00Z");
let dynamo: DynamoLocal;
const tables = tableNamesFor("it-audit-cli");
let stores: ReturnType<typeof createDynamoStores>;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
  stores = createDynamoStores({ client: dynamo.client, tables });
  await stores.registry.putProvince(generateDemoProvince({ provinceCode: "97", seed: 7, name: "Thử nghiệm" }));
}, 60_000);
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
    operator: "tester",
    close: async () => {},
  }));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("ioc audit verify", () => {
  it("records admin commands and verifies, then names an edit and a removal exactly", async () => {
    expect(
      (
        await cli(
          "sources",
          "add",
          "--id",
          "dvc",
          "--name",
          "DVC",
          "--province",
          "97",
          "--metrics",
          "gov.",
          "--cadence",
          "3600",
        )
      ).code,
    ).toBe(0);
    expect((await cli("keys", "create", "--source", "dvc")).code).toBe(0);
    expect((await cli("keys", "create", "--source", "dvc")).code).toBe(0);
    const recorded = await stores.audit.search("97", {}, { limit: 10 });
    expect(recorded.records.map((r) => [r.action, r.actor, r.role])).toEqual([
      ["key.create", "cli:tester", "cli"],
      ["key.create", "cli:tester", "cli"],
      ["source.put", "cli:tester", "cli"],
    ]);

    const ok = await cli("audit", "verify", "--province", "97");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Tỉnh 97: 3 bản ghi, chuỗi nguyên vẹn");

    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: tables.control,
        Key: marshall(auditKey("97", 2)),
        UpdateExpression: "SET objectId = :o",
        ExpressionAttributeValues: marshall({ ":o": "dvc/k_forged" }),
      }),
    );
    const edited = await cli("audit", "verify");
    expect(edited.code).toBe(1);
    expect(edited.err).toContain("Tỉnh 97, bản ghi số 2: bản ghi bị sửa");
    expect(edited.err).toContain("1 bản ghi trước đó hợp lệ");

    await dynamo.client.send(new DeleteItemCommand({ TableName: tables.control, Key: marshall(auditKey("97", 2)) }));
    const removed = await cli("audit", "verify", "--province", "97", "--lang", "en");
    expect(removed.code).toBe(1);
    expect(removed.err).toContain("Province 97, record 2: a record is missing (removed?) (expected 2, found 3)");
  });
});
