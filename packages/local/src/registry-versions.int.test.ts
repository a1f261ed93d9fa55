/**
 * Registry imports are atomic for readers: a new version is written aside and the header switches
 * to it in one write; an import cut off half-way is invisible.
 */
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { generateDemoProvince } from "@ioc/core";
import { batchWrite, communeKey, createRegistryStore, ENTITY, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";

let dynamo: DynamoLocal;
const tables = tableNamesFor("it-registry");
beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
});
afterAll(async () => {
  await dynamo?.stop();
});

describe("registry versions", () => {
  it("switches whole versions, hides an interrupted import, and keeps only the last two versions", async () => {
    const registry = createRegistryStore({ client: dynamo.client, tables });
    const province = generateDemoProvince();
    await registry.putProvince(province);
    const smaller = { ...province, communes: province.communes.slice(0, 100) };
    await registry.putProvince(smaller);
    expect((await registry.getProvince("99"))?.communes.map((c) => c.code)).toEqual(
      smaller.communes.map((c) => c.code),
    );

    // An import that died after writing half of version 3 and never switched the header.
    const half = province.communes.slice(0, 50).map((commune) => ({
      PutRequest: {
        Item: marshall({
          ...communeKey("99", commune.code, 3),
          entity: ENTITY.commune,
          data: JSON.stringify({ ...commune, name: "NỬA CHỪNG" }),
        }),
      },
    }));
    await batchWrite(dynamo.client, tables.control, half);
    const seen = await registry.getProvince("99");
    expect(seen?.communes).toHaveLength(100);
    expect(seen?.communes.some((c) => c.name === "NỬA CHỪNG")).toBe(false);

    // Re-running the import completes version 3 and removes version 1.
    await registry.putProvince(province);
    expect((await registry.getProvince("99"))?.communes).toHaveLength(province.communes.length);
    const count = async (prefix: string) =>
      (
        await dynamo.client.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues: marshall({ ":pk": "P#99", ":p": prefix }),
            Select: "COUNT",
          }),
        )
      ).Count;
    expect(await count("V#1#")).toBe(0);
    expect(await count("V#2#")).toBe(100);
    expect(await count("V#3#")).toBe(province.communes.length);
  });
});
