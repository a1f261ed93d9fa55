import {
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { SourceStore } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { apiKeyCodec, type EntityCodec, type ItemKey, sourceCodec } from "./entity-codecs.js";
import { apiKeyKey, SOURCE_LIST_PK, sourceKey, sourceKeyListKey, sourceListKey } from "./keys.js";

/**
 * Sources and their keys, in the Control table. A key is stored twice: under its hash, for the
 * lookup on every ingest request, and under its source, for listing and revoking; both are
 * written in one transaction so they never disagree.
 */
export function createSourceStore({ client, tables }: DynamoDeps): SourceStore {
  const get = async (key: Record<string, string>) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tables.control, Key: marshall(key), ConsistentRead: true }),
    );
    return Item ? unmarshall(Item) : undefined;
  };
  /** The same item under several keys, in one transaction so the copies never disagree. */
  const putUnder = async <T>(codec: EntityCodec<T>, value: T, keys: ItemKey[]) => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: keys.map((key) => ({
          Put: { TableName: tables.control, Item: marshall(codec.toItem(value, key), { removeUndefinedValues: true }) },
        })),
      }),
    );
  };
  return {
    async getSource(id) {
      const item = await get(sourceKey(id));
      return item ? sourceCodec.fromImage(item) : undefined;
    },
    async putSource(source) {
      await putUnder(sourceCodec, source, [sourceCodec.keyOf(source), sourceListKey(source.id)]);
    },
    async listSources() {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": SOURCE_LIST_PK }),
      });
      return items.map((i) => sourceCodec.fromImage(i));
    },
    async findKey(keyHash) {
      const item = await get(apiKeyKey(keyHash));
      return item ? apiKeyCodec.fromImage(item) : undefined;
    },
    async putKey(record) {
      await putUnder(apiKeyCodec, record, [apiKeyCodec.keyOf(record), sourceKeyListKey(record.sourceId, record.keyId)]);
    },
    async listKeys(sourceId) {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: marshall({ ":pk": sourceKey(sourceId).pk, ":prefix": "KEY#" }),
      });
      return items.map((i) => apiKeyCodec.fromImage(i)).sort((a, b) => a.createdAt - b.createdAt);
    },
    async markKeyUsed(record, at) {
      // Two plain updates, not a transaction: a last-use time that briefly differs between the
      // copies is harmless, and this runs on the ingest path.
      for (const key of [apiKeyKey(record.keyHash), sourceKeyListKey(record.sourceId, record.keyId)]) {
        await client.send(
          new UpdateItemCommand({
            TableName: tables.control,
            Key: marshall(key),
            UpdateExpression: "SET lastUsedAt = :at",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: marshall({ ":at": at }),
          }),
        );
      }
    },
    async revokeKey(sourceId, keyId, at) {
      const listed = await get(sourceKeyListKey(sourceId, keyId));
      if (!listed) return false;
      const update = {
        UpdateExpression: "SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :at)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: marshall({ ":revoked": "revoked", ":at": at }),
        ConditionExpression: "attribute_exists(pk)",
      };
      try {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Update: { TableName: tables.control, Key: marshall(apiKeyKey(String(listed.keyHash))), ...update } },
              { Update: { TableName: tables.control, Key: marshall(sourceKeyListKey(sourceId, keyId)), ...update } },
            ],
          }),
        );
        return true;
      } catch (error) {
        // The key vanished between the read and the write.
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },
  };
}
