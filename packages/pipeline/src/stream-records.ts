import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";

/**
 * The new image of an inserted or modified item, or undefined for anything else: removals,
 * including TTL expiries (which DynamoDB Local reports under an event name the SDK does not know),
 * carry nothing a consumer should act on.
 */
export function newImageOf(record: DynamoDBRecord): Record<string, unknown> | undefined {
  if (record.eventName !== "INSERT" && record.eventName !== "MODIFY") return undefined;
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  return unmarshall(image as Record<string, AttributeValue>);
}

/**
 * The `entity` of an inserted or modified item, read straight from the record's new image without
 * decoding the rest: most State records are hour buckets and days (several KB each) that the
 * broadcaster and the notifier skip, so they are not unmarshalled only to be dropped.
 */
export function entityOf(record: DynamoDBRecord): string | undefined {
  if (record.eventName !== "INSERT" && record.eventName !== "MODIFY") return undefined;
  return record.dynamodb?.NewImage?.entity?.S;
}

/** The old image of a modified item (what a change replaced), or undefined. */
export function oldImageOf(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.OldImage;
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}
