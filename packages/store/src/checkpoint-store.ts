import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { checkpointCodec } from "./entity-codecs.js";
import { checkpointKey } from "./keys.js";

/** Where a local stream poller remembers the last sequence number it finished, per shard. */
export interface CheckpointStore {
  get(consumer: string, shardId: string): Promise<{ sequenceNumber?: string; ended: boolean } | undefined>;
  put(consumer: string, shardId: string, sequenceNumber: string | undefined, ended: boolean): Promise<void>;
}

/** Checkpoints in the Control table, so a restarted `npm start` resumes where it stopped. */
export function createCheckpointStore(client: DynamoDBClient, table: string): CheckpointStore {
  return {
    async get(consumer, shardId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: table, Key: marshall(checkpointKey(consumer, shardId)), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return checkpointCodec.fromImage(unmarshall(Item));
    },
    async put(consumer, shardId, sequenceNumber, ended) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall(checkpointCodec.toItem({ sequenceNumber, ended }, checkpointKey(consumer, shardId)), {
            removeUndefinedValues: true,
          }),
        }),
      );
    },
  };
}
