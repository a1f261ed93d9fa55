/** Alert rules and dead letters, in the Control table. */
import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type AlertRule, DEFAULT_ALERT_RULES } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { type DeadLetter, deadLetterCodec, ruleCodec } from "./entity-codecs.js";
import { deadLetterPartition, RULES_PK } from "./keys.js";

/** Alert rules; a deployment without any starts from the built-in defaults. */
export function createRuleStore({ client, tables }: DynamoDeps) {
  return {
    async list(): Promise<AlertRule[]> {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": RULES_PK }),
      });
      if (items.length === 0) return [...DEFAULT_ALERT_RULES];
      return items.map((i) => ruleCodec.fromImage(i));
    },
    async put(rule: AlertRule): Promise<void> {
      // Writing one rule materialises the defaults too, so editing one does not drop the others.
      const existing = await this.list();
      for (const r of existing.some((x) => x.id === rule.id)
        ? existing.map((x) => (x.id === rule.id ? rule : x))
        : [...existing, rule]) {
        await client.send(
          new PutItemCommand({
            TableName: tables.control,
            Item: marshall(ruleCodec.toItem(r)),
          }),
        );
      }
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
