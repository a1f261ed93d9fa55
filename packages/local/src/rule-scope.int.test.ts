/**
 * Province-scoped alert rules on a real DynamoDB Local (issue 15 item 1): a province's rule is one
 * item under its province's partition and shadows the national template there only; the global
 * rules stored before rules had a province are moved into the served provinces on start, each
 * province keeping exactly the rules it obeyed, and nothing global is left to obey.
 */
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type AlertRule, DEFAULT_ALERT_RULES } from "@ioc/core";
import { createRuleStore, ensureTables, queryAll, RULES_PK, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";

let dynamo: DynamoLocal;
beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
});
afterAll(async () => {
  await dynamo?.stop();
});

const template = (id: string) => DEFAULT_ALERT_RULES.find((r) => r.id === id) as AlertRule;

describe("alert rules per province in the Control table", () => {
  it("stores an adoption under its province only", { timeout: 60_000 }, async () => {
    const tables = tableNamesFor("it-rules");
    await ensureTables(dynamo.client, tables);
    const rules = createRuleStore({ client: dynamo.client, tables });
    await rules.put("48", { ...template("bts-down"), enabled: false });
    expect((await rules.listFor("48")).find((r) => r.id === "bts-down")).toMatchObject({
      province: "48",
      enabled: false,
    });
    expect((await rules.listFor("99")).find((r) => r.id === "bts-down")).toEqual(template("bts-down"));
    expect(await rules.listOwn("99")).toEqual([]);
  });

  it("moves the old global rules into the served provinces on start, once", { timeout: 60_000 }, async () => {
    const tables = tableNamesFor("it-rules-migrate");
    await ensureTables(dynamo.client, tables);
    // The old layout: every template materialised under "RULES" by the first edit, one of them edited.
    const edited = { ...template("cameras-offline"), condition: { ...template("cameras-offline").condition } };
    (edited.condition as { value: number }).value = 60;
    const added: AlertRule = { ...template("bts-down"), id: "bts-many", name: { vi: "Nhiều trạm", en: "Many" } };
    const old = [...DEFAULT_ALERT_RULES.filter((r) => r.id !== "cameras-offline"), edited, added];
    for (const rule of old)
      await dynamo.client.send(
        new PutItemCommand({
          TableName: tables.control,
          Item: marshall({ pk: RULES_PK, sk: `R#${rule.id}`, entity: "rule", data: JSON.stringify(rule) }),
        }),
      );
    const rules = createRuleStore({ client: dynamo.client, tables });
    // Province 99 had already adopted the cameras rule its own way: the migration leaves it alone.
    await rules.put("99", { ...template("cameras-offline"), enabled: false });

    expect(await rules.migrateGlobalRules(["48", "99"])).toEqual({ found: old.length, copied: 3 });
    const in48 = await rules.listFor("48");
    expect(in48.find((r) => r.id === "cameras-offline")).toMatchObject({ province: "48", condition: { value: 60 } });
    expect(in48.find((r) => r.id === "bts-many")).toMatchObject({ province: "48" });
    // Unedited templates are not copied: they stay templates.
    expect(in48.find((r) => r.id === "bts-down")).toEqual(template("bts-down"));
    expect((await rules.listFor("99")).find((r) => r.id === "cameras-offline")).toMatchObject({ enabled: false });
    const global = await queryAll(dynamo.client, {
      TableName: tables.control,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: marshall({ ":pk": RULES_PK }),
    });
    expect(global).toEqual([]);
    // A province that was not served gets the templates, and a second start changes nothing.
    expect(await rules.listFor("01")).toEqual([...DEFAULT_ALERT_RULES]);
    expect(await rules.migrateGlobalRules(["48", "99"])).toEqual({ found: 0, copied: 0 });
  });
});
