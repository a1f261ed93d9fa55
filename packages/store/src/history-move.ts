/**
 * Hour buckets, day values and province months moved from the State table to the History table
 * (December 2026): in State they were most of its stream, which no consumer of them reads. A
 * store written before that still holds them in State; `moveHistoryOutOfState` carries them over
 * once. The local runtime runs it before its stream pollers start; a deployed stage runs
 * `ioc history move` with the processor's trigger paused (docs/DEPLOY.md), so no new write can
 * race an item being moved.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { ENTITY } from "./keys.js";

/** The entities that live in the History table. */
export const HISTORY_ENTITIES = [ENTITY.hourBucket, ENTITY.dayValues, ENTITY.provinceMonth] as const;

/**
 * What a move did: items carried over, and items it could not (History already had the item, or
 * State's changed while it was copied); those stay in State, untouched.
 */
export interface HistoryMoveReport {
  moved: number;
  conflicts: Array<{ pk: string; sk: string }>;
}

/**
 * Copies every history item of State into History (never over an item History already has),
 * then deletes it from State if it is still the version copied. Safe to run again: a second run
 * finds nothing to move. `onProgress` hears the running count after each page.
 */
export async function moveHistoryOutOfState(
  deps: DynamoDeps,
  onProgress?: (moved: number) => void,
): Promise<HistoryMoveReport> {
  const { client, tables } = deps;
  const report: HistoryMoveReport = { moved: 0, conflicts: [] };
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tables.state,
        FilterExpression: `entity IN (${HISTORY_ENTITIES.map((_, i) => `:e${i}`).join(", ")})`,
        ExpressionAttributeValues: Object.fromEntries(HISTORY_ENTITIES.map((e, i) => [`:e${i}`, { S: e }])),
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const key = { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.history,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        report.conflicts.push({ pk: key.pk.S ?? "", sk: key.sk.S ?? "" });
        continue;
      }
      // Only the version copied: one that changed in State meanwhile stays there, named.
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tables.state,
            Key: key,
            ...(item.version
              ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": item.version } }
              : {}),
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        report.conflicts.push({ pk: key.pk.S ?? "", sk: key.sk.S ?? "" });
        continue;
      }
      report.moved++;
    }
    onProgress?.(report.moved);
    start = page.LastEvaluatedKey;
  } while (start);
  return report;
}
