import { ConditionalCheckFailedException, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { RETENTION_DAYS, type ReadingStore, type ValidReading } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { ENTITY, readingKey } from "./keys.js";

/** Readings, written once per (source, id) by a conditional put: idempotent without a read. */
export function createReadingStore({ client, tables }: DynamoDeps): ReadingStore {
  return {
    async putOnce(reading: ValidReading, receivedAt: number) {
      const item = {
        ...readingKey(reading.sourceId, reading.id),
        entity: ENTITY.reading,
        sourceId: reading.sourceId,
        readingId: reading.id,
        province: reading.provinceCode,
        commune: reading.commune,
        metric: reading.metric,
        value: reading.value,
        observedAt: reading.observedAt,
        receivedAt,
        legacyCode: reading.legacyCode,
        // TTL: the reading expires with the retention window; the removal is ignored downstream.
        expiresAt: Math.floor(reading.observedAt / 1000) + RETENTION_DAYS * 86_400,
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.readings,
            Item: marshall(item, { removeUndefinedValues: true }),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return "stored";
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return "duplicate";
        throw error;
      }
    },
  };
}
