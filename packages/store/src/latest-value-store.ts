import { ConditionalCheckFailedException, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { LatestValue, LatestValueStore } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { ENTITY, latestKey, latestPartition } from "./keys.js";

/** Latest values; an older observation never overwrites a newer one. */
export function createLatestValueStore({ client, tables }: DynamoDeps): LatestValueStore {
  return {
    async apply(value: LatestValue, updatedAt: number) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.state,
            Item: marshall({
              ...latestKey(value.province, value.commune, value.metric),
              entity: ENTITY.latest,
              ...value,
              updatedAt,
            }),
            // The same ordering as `supersedes()` in the core, evaluated atomically by DynamoDB.
            ConditionExpression:
              "attribute_not_exists(pk) OR observedAt < :observedAt OR (observedAt = :observedAt AND readingKey < :readingKey)",
            ExpressionAttributeValues: marshall({ ":observedAt": value.observedAt, ":readingKey": value.readingKey }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async listProvince(province: string) {
      const items = await queryAll(client, {
        TableName: tables.state,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": latestPartition(province) }),
      });
      return items.map(toLatestValue);
    },
  };
}

/** Converts a State item (from a query or a stream image) to a latest value. */
export function toLatestValue(item: Record<string, unknown>): LatestValue {
  return {
    province: String(item.province),
    commune: String(item.commune),
    metric: String(item.metric),
    value: Number(item.value),
    observedAt: Number(item.observedAt),
    readingKey: String(item.readingKey),
  };
}
