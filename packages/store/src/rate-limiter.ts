import { ConditionalCheckFailedException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { RateLimiter } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { ENTITY, rateWindowKey } from "./keys.js";

const WINDOW_SECONDS = 60;

/**
 * A fixed one-minute window per source, counted in DynamoDB so every API instance (every Lambda
 * container) shares it: one conditional ADD per request, which refuses atomically once the
 * window's budget is spent. Windows expire by TTL.
 */
export function createRateLimiter({ client, tables }: DynamoDeps): RateLimiter {
  return {
    async take(sourceId, count, limitPerMinute, now) {
      const windowStart = Math.floor(now / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
      const retryAfterSeconds = Math.max(1, windowStart + WINDOW_SECONDS - Math.floor(now / 1000));
      if (count > limitPerMinute) return { ok: false, retryAfterSeconds };
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tables.control,
            Key: marshall(rateWindowKey(sourceId, windowStart)),
            UpdateExpression: "ADD used :count SET entity = :entity, expiresAt = :expires",
            ConditionExpression: "attribute_not_exists(used) OR used <= :room",
            ExpressionAttributeValues: marshall({
              ":count": count,
              ":room": limitPerMinute - count,
              ":entity": ENTITY.rateWindow,
              ":expires": windowStart + 2 * WINDOW_SECONDS,
            }),
          }),
        );
        return { ok: true };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return { ok: false, retryAfterSeconds };
        throw error;
      }
    },
  };
}
