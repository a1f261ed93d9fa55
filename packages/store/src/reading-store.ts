import {
  ConditionalCheckFailedException,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ReadingStore, ValidReading } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { readingCodec, storedReadingOf } from "./entity-codecs.js";

/** DynamoDB's limit of actions per transaction. */
const TRANSACTION_SIZE = 100;

function itemOf(reading: ValidReading, receivedAt: number) {
  return marshall(readingCodec.toItem(storedReadingOf(reading, receivedAt)), { removeUndefinedValues: true });
}

/** Readings, written once per (source, id) by conditional writes: idempotent without a read. */
export function createReadingStore({ client, tables }: DynamoDeps): ReadingStore {
  const condition = "attribute_not_exists(pk)";
  return {
    async putOnce(reading, receivedAt) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.readings,
            Item: itemOf(reading, receivedAt),
            ConditionExpression: condition,
          }),
        );
        return "stored";
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return "duplicate";
        throw error;
      }
    },
    /**
     * Conditional puts grouped in transactions of up to 100: one round trip instead of a hundred
     * (several times faster on DynamoDB Local; on AWS a transactional write costs two write units
     * instead of one — the price of exact per-reading outcomes in one call). When some already
     * exist the transaction is cancelled with a reason per item: those are the duplicates, and the
     * rest is written again.
     */
    async putManyOnce(readings, receivedAt) {
      const outcomes: Array<"stored" | "duplicate"> = new Array(readings.length);
      for (let offset = 0; offset < readings.length; offset += TRANSACTION_SIZE) {
        let pending = readings
          .slice(offset, offset + TRANSACTION_SIZE)
          .map((reading, i) => ({ reading, index: offset + i }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 10) throw new Error(`readings kept conflicting after ${attempt} transactions`);
          try {
            await client.send(
              new TransactWriteItemsCommand({
                TransactItems: pending.map(({ reading }) => ({
                  Put: {
                    TableName: tables.readings,
                    Item: itemOf(reading, receivedAt),
                    ConditionExpression: condition,
                  },
                })),
              }),
            );
            for (const { index } of pending) outcomes[index] = "stored";
            pending = [];
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            const reasons = error.CancellationReasons ?? [];
            const duplicates = new Set(reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : [])));
            if (duplicates.size === 0) {
              // Cancelled for another reason (a concurrent transaction on the same items): retry.
              await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 5)));
              continue;
            }
            for (const i of duplicates) outcomes[(pending[i] as { index: number }).index] = "duplicate";
            pending = pending.filter((_, i) => !duplicates.has(i));
          }
        }
      }
      return outcomes;
    },
  };
}
