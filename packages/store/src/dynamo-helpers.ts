/** Paging and batching helpers shared by the DynamoDB stores. */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";

/**
 * Takes the SDK's logger middleware out of a client. With the default no-op logger it logs nothing,
 * yet it still copies every request and response through the sensitive-data filter (smithy's
 * `schemaLogFilter`): profiled here, 8–12 % of the Node process's busy time in `bench:ingest` and
 * `bench:pipeline` (a `GetRecords` answer of 1,000 records walked item by item). The product logs
 * its own calls, so nothing is lost.
 */
export function withoutSdkLogFilter<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove("loggerMiddleware");
  return client;
}

/** What every DynamoDB store needs. */
export interface DynamoDeps {
  client: DynamoDBClient;
  tables: import("./tables.js").TableNames;
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

/** Reads items by key 100 at a time, retrying what DynamoDB leaves unprocessed. */
export async function batchGet(
  client: DynamoDBClient,
  table: string,
  keys: ReadonlyArray<Record<string, string>>,
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const chunks: Array<ReadonlyArray<Record<string, string>>> = [];
  for (let offset = 0; offset < keys.length; offset += 100) chunks.push(keys.slice(offset, offset + 100));
  // The chunks are independent requests: in flight together.
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk.map((key) => marshall(key));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await client.send(
          new BatchGetItemCommand({
            RequestItems: { [table]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) } },
          }),
        );
        for (const item of result.Responses?.[table] ?? []) items.push(unmarshall(item));
        pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as typeof pending;
      }
    }),
  );
  return items;
}
