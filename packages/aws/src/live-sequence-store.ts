/**
 * Each province's live `seq` and its recent messages, in the Connections table. Lambdas share no
 * memory, so the counter the local hub keeps in a Map is an atomic DynamoDB counter here, and the
 * hub's ring buffer is a partition of short-lived message items a reconnecting client resumes from.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServerMessage } from "@ioc/core";
import {
  CONNECTION_TTL_ATTRIBUTE,
  ENTITY,
  liveMessageKey,
  liveMessagePartition,
  liveMessageSort,
  liveSequenceKey,
} from "@ioc/store";

/** A broadcast message with its place in the province's sequence. */
export type SequencedMessage = Extract<ServerMessage, { seq: number }>;

/** How long a message stays available to `resume`: far longer than a reconnect's backoff. */
export const LIVE_MESSAGE_RETENTION_SECONDS = 15 * 60;

/** The province sequence and its recent messages. */
export interface LiveSequenceStore {
  /** Allocates the next `seq` of a province (1, 2, 3…), atomically across Lambdas. */
  next(province: string): Promise<number>;
  /** The last `seq` allocated for a province; 0 before the first. */
  current(province: string): Promise<number>;
  /** Keeps a sent message (as its JSON frame) for `resume`. */
  remember(province: string, seq: number, frame: string): Promise<void>;
  /** Up to `limit` kept frames with `seq` greater than `after`, in order. */
  framesAfter(province: string, after: number, limit: number): Promise<Array<{ seq: number; frame: string }>>;
}

/** What the DynamoDB sequence store needs. */
export interface LiveSequenceStoreDeps {
  client: DynamoDBClient;
  table: string;
  clock: () => number;
}

/** The DynamoDB implementation of the sequence store. */
export function createLiveSequenceStore({ client, table, clock }: LiveSequenceStoreDeps): LiveSequenceStore {
  return {
    async next(province) {
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: marshall(liveSequenceKey(province)),
          UpdateExpression: "ADD seq :one SET entity = :entity",
          ExpressionAttributeValues: marshall({ ":one": 1, ":entity": ENTITY.liveSequence }),
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return Number(unmarshall(Attributes ?? {}).seq);
    },

    async current(province) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: table,
          Key: marshall(liveSequenceKey(province)),
          ConsistentRead: true,
          ProjectionExpression: "seq",
        }),
      );
      return Item ? Number(unmarshall(Item).seq) : 0;
    },

    async remember(province, seq, frame) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({
            ...liveMessageKey(province, seq),
            entity: ENTITY.liveMessage,
            seq,
            frame,
            [CONNECTION_TTL_ATTRIBUTE]: Math.floor(clock() / 1000) + LIVE_MESSAGE_RETENTION_SECONDS,
          }),
        }),
      );
    },

    async framesAfter(province, after, limit) {
      const frames: Array<{ seq: number; frame: string }> = [];
      let start: QueryCommandInput["ExclusiveStartKey"];
      // Pages until `limit`: a page stops at 1 MB, which fewer than `limit` large frames can fill.
      while (frames.length < limit) {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk AND sk > :after",
            ExpressionAttributeValues: marshall({
              ":pk": liveMessagePartition(province),
              ":after": liveMessageSort(after),
            }),
            ConsistentRead: true,
            Limit: limit - frames.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const raw of page.Items ?? []) {
          const item = unmarshall(raw);
          frames.push({ seq: Number(item.seq), frame: String(item.frame) });
        }
        start = page.LastEvaluatedKey;
        if (!start) break;
      }
      return frames;
    },
  };
}
