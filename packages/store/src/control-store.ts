/** Alert rules (per province) and dead letters, in the Control table. */
import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type AlertRule, DEFAULT_ALERT_RULES, rulesOfProvince } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { type DeadLetter, deadLetterCodec, ruleCodec } from "./entity-codecs.js";
import { deadLetterPartition, legacyRuleKey, RULES_PK, rulePartition } from "./keys.js";

/** What `migrateGlobalRules` did. */
export interface RuleMigration {
  /** Global rules found (the layout before rules had a province). */
  found: number;
  /** Rules written under a province: the global ones that differed from their template. */
  copied: number;
}

/** Rules that say the same (key order aside), so a materialised template is not copied as an edit. */
function sameRule(a: AlertRule, b: AlertRule): boolean {
  const canonical = (value: unknown): unknown =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([x], [y]) => (x < y ? -1 : 1))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Alert rules per province (`RULES#<province>`); the national templates are `DEFAULT_ALERT_RULES`
 * in code, so a province with no rule of its own uses them and adopting one writes a single item.
 */
export function createRuleStore({ client, tables }: DynamoDeps) {
  const queryPartition = async (pk: string) =>
    (
      await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": pk }),
      })
    ).map((i) => ruleCodec.fromImage(i));
  const write = (rule: AlertRule) =>
    client.send(
      new PutItemCommand({
        TableName: tables.control,
        Item: marshall(ruleCodec.toItem(rule), { removeUndefinedValues: true }),
      }),
    );
  return {
    /** The province's own rules (templates it adopted or rules it added). */
    async listOwn(province: string): Promise<AlertRule[]> {
      return (await queryPartition(rulePartition(province))).map((r) => ({ ...r, province }));
    },
    /** The rules in force in a province: its own and the templates it has not adopted. */
    async listFor(province: string): Promise<AlertRule[]> {
      return rulesOfProvince(DEFAULT_ALERT_RULES, await this.listOwn(province), province);
    },
    /** Stores a rule under a province; it shadows a template of the same id there only. */
    async put(province: string, rule: AlertRule): Promise<void> {
      await write({ ...rule, province });
    },
    /**
     * Moves the rules stored before rules had a province (one global partition that every province
     * obeyed) into `provinces`: each global rule that differs from its template, or has none, is
     * copied into every listed province that has no rule of that id yet, so each keeps exactly the
     * rules it obeyed; then the global items are deleted. Idempotent; a no-op once they are gone.
     */
    async migrateGlobalRules(provinces: readonly string[]): Promise<RuleMigration> {
      const global = await queryPartition(RULES_PK);
      let copied = 0;
      if (global.length === 0) return { found: 0, copied };
      const templates = new Map(DEFAULT_ALERT_RULES.map((t) => [t.id, t]));
      const edited = global
        .map(({ province: _p, ...rule }) => rule as AlertRule)
        .filter((rule) => {
          const template = templates.get(rule.id);
          return !template || !sameRule(rule, template);
        });
      for (const province of provinces) {
        const own = new Set((await this.listOwn(province)).map((r) => r.id));
        for (const rule of edited) {
          if (own.has(rule.id)) continue;
          await write({ ...rule, province });
          copied++;
        }
      }
      for (const rule of global)
        await client.send(new DeleteItemCommand({ TableName: tables.control, Key: marshall(legacyRuleKey(rule.id)) }));
      return { found: global.length, copied };
    },
  };
}

/** The local dead-letter store (SQS plays this part on AWS). */
export function createDeadLetterStore({ client, tables }: DynamoDeps) {
  return {
    async put(letter: DeadLetter): Promise<void> {
      await client.send(
        new PutItemCommand({
          TableName: tables.control,
          Item: marshall(deadLetterCodec.toItem(letter), { removeUndefinedValues: true }),
        }),
      );
    },
    async list(consumer: string): Promise<DeadLetter[]> {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": deadLetterPartition(consumer) }),
      });
      return items.map((i) => deadLetterCodec.fromImage(i));
    },
    async remove(letter: DeadLetter): Promise<void> {
      await client.send(
        new DeleteItemCommand({
          TableName: tables.control,
          Key: marshall(deadLetterCodec.keyOf(letter)),
        }),
      );
    },
  };
}
