/**
 * DynamoDB implementations of the domain's storage ports.
 */
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type ApiKeyRecord,
  type Commune,
  type LatestValue,
  type LatestValueStore,
  type Province,
  RETENTION_DAYS,
  type ReadingStore,
  type RegistryStore,
  type Source,
  type SourceStore,
  type StoreProbe,
  type ValidReading,
} from "@ioc/core";
import {
  apiKeyKey,
  COMMUNE_SK_PREFIX,
  communeKey,
  ENTITY,
  latestKey,
  latestPartition,
  provinceKey,
  readingKey,
  sourceKey,
} from "./keys.js";
import type { TableNames } from "./tables.js";

/** What every DynamoDB store needs. */
export interface DynamoDeps {
  client: DynamoDBClient;
  tables: TableNames;
}

/** Readings, written once per (source, id) by a conditional put. */
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
        expiresAt: Math.floor(reading.observedAt / 1000) + RETENTION_DAYS * 86_400,
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.readings,
            Item: marshall(item),
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
            ExpressionAttributeValues: marshall({
              ":observedAt": value.observedAt,
              ":readingKey": value.readingKey,
            }),
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

/** The registry of provinces and communes, in the Control table. */
export function createRegistryStore({ client, tables }: DynamoDeps): RegistryStore {
  return {
    async getProvince(code: string) {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": provinceKey(code).pk }),
      });
      const meta = items.find((item) => item.sk === "META");
      if (!meta) return undefined;
      const communes = items
        .filter((item) => String(item.sk).startsWith(COMMUNE_SK_PREFIX))
        .map((item) => JSON.parse(String(item.data)) as Commune)
        .sort((a, b) => a.code.localeCompare(b.code));
      return { code, name: String(meta.name), synthetic: Boolean(meta.synthetic), communes };
    },
    async putProvince(province: Province) {
      // Communes first, the header last: a reader that finds the header finds every commune.
      const requests: WriteRequest[] = province.communes.map((commune) => ({
        PutRequest: {
          Item: marshall({
            ...communeKey(province.code, commune.code),
            entity: ENTITY.commune,
            data: JSON.stringify(commune),
          }),
        },
      }));
      await batchWrite(client, tables.control, requests);
      await client.send(
        new PutItemCommand({
          TableName: tables.control,
          Item: marshall({
            ...provinceKey(province.code),
            entity: ENTITY.province,
            name: province.name,
            synthetic: province.synthetic,
            communeCount: province.communes.length,
          }),
        }),
      );
    },
  };
}

/** Sources and their hashed keys, in the Control table. */
export function createSourceStore({ client, tables }: DynamoDeps): SourceStore {
  const get = async (key: Record<string, string>) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tables.control, Key: marshall(key), ConsistentRead: true }),
    );
    return Item ? unmarshall(Item) : undefined;
  };
  const put = (item: Record<string, unknown>) =>
    client.send(
      new PutItemCommand({ TableName: tables.control, Item: marshall(item, { removeUndefinedValues: true }) }),
    );
  return {
    async getSource(id: string) {
      const item = await get(sourceKey(id));
      return item
        ? {
            id: String(item.id),
            name: String(item.name),
            provinceCode: String(item.provinceCode),
            metricPrefixes: (item.metricPrefixes as string[]) ?? [],
            cadenceSeconds: Number(item.cadenceSeconds),
          }
        : undefined;
    },
    async putSource(source: Source) {
      await put({ ...sourceKey(source.id), entity: ENTITY.source, ...source });
    },
    async findKey(keyHash: string) {
      const item = await get(apiKeyKey(keyHash));
      return item
        ? {
            keyHash: String(item.keyHash),
            sourceId: String(item.sourceId),
            status: item.status === "revoked" ? "revoked" : "active",
            createdAt: Number(item.createdAt),
          }
        : undefined;
    },
    async putKey(record: ApiKeyRecord) {
      await put({ ...apiKeyKey(record.keyHash), entity: ENTITY.apiKey, ...record });
    },
  };
}

/** Reachability of the store: a cheap DescribeTable. */
export function createStoreProbe({ client, tables }: DynamoDeps): StoreProbe {
  return {
    async ping() {
      await client.send(new DescribeTableCommand({ TableName: tables.state }));
    },
  };
}

/** Runs a query to the end of its pages. */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: QueryCommandInput["ExclusiveStartKey"];
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Writes items 25 at a time, retrying what DynamoDB leaves unprocessed. */
export async function batchWrite(client: DynamoDBClient, table: string, requests: WriteRequest[]): Promise<void> {
  for (let offset = 0; offset < requests.length; offset += 25) {
    let pending: WriteRequest[] = requests.slice(offset, offset + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table] ?? [];
    }
  }
}
