import { GetItemCommand, TransactionCanceledException, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ApiKeyRecord, Source, SourceStore } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { apiKeyKey, ENTITY, SOURCE_LIST_PK, sourceKey, sourceKeyListKey, sourceListKey } from "./keys.js";

function toSource(item: Record<string, unknown>): Source {
  return {
    id: String(item.id),
    name: String(item.name),
    provinceCode: String(item.provinceCode),
    metricPrefixes: (item.metricPrefixes as string[] | undefined) ?? [],
    cadenceSeconds: Number(item.cadenceSeconds),
    rateLimitPerMinute: Number(item.rateLimitPerMinute ?? 60_000),
    ...(item.createdAt === undefined ? {} : { createdAt: Number(item.createdAt) }),
  };
}

function toKey(item: Record<string, unknown>): ApiKeyRecord {
  return {
    keyId: String(item.keyId),
    keyHash: String(item.keyHash),
    sourceId: String(item.sourceId),
    status: item.status === "revoked" ? "revoked" : "active",
    createdAt: Number(item.createdAt),
    ...(item.revokedAt === undefined ? {} : { revokedAt: Number(item.revokedAt) }),
  };
}

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
  return {
    async getSource(id) {
      const item = await get(sourceKey(id));
      return item ? toSource(item) : undefined;
    },
    async putSource(source) {
      const item = { entity: ENTITY.source, ...source };
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tables.control,
                Item: marshall({ ...sourceKey(source.id), ...item }, { removeUndefinedValues: true }),
              },
            },
            {
              Put: {
                TableName: tables.control,
                Item: marshall({ ...sourceListKey(source.id), ...item }, { removeUndefinedValues: true }),
              },
            },
          ],
        }),
      );
    },
    async listSources() {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": SOURCE_LIST_PK }),
      });
      return items.map(toSource);
    },
    async findKey(keyHash) {
      const item = await get(apiKeyKey(keyHash));
      return item ? toKey(item) : undefined;
    },
    async putKey(record) {
      const item = { entity: ENTITY.apiKey, ...record };
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tables.control,
                Item: marshall({ ...apiKeyKey(record.keyHash), ...item }, { removeUndefinedValues: true }),
              },
            },
            {
              Put: {
                TableName: tables.control,
                Item: marshall(
                  { ...sourceKeyListKey(record.sourceId, record.keyId), ...item },
                  { removeUndefinedValues: true },
                ),
              },
            },
          ],
        }),
      );
    },
    async listKeys(sourceId) {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: marshall({ ":pk": sourceKey(sourceId).pk, ":prefix": "KEY#" }),
      });
      return items.map(toKey).sort((a, b) => a.createdAt - b.createdAt);
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
