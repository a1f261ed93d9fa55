import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/** The physical names of the product's tables; injected, never read from the environment here. */
export interface TableNames {
  readings: string;
  state: string;
  /** Hour buckets, day values and province months: the series, kept out of State's stream. */
  history: string;
  control: string;
}

/** Table names for a stage, e.g. `ioc-local-readings`. */
export function tableNamesFor(prefix: string): TableNames {
  return {
    readings: `${prefix}-readings`,
    state: `${prefix}-state`,
    history: `${prefix}-history`,
    control: `${prefix}-control`,
  };
}

/** The TTL attribute of the Readings table (epoch seconds). */
export const READING_TTL_ATTRIBUTE = "expiresAt";
/**
 * The TTL attribute of the State table (epoch seconds): hour buckets written before they moved to
 * the History table carry it, so what `moveHistoryOutOfState` leaves behind still expires.
 */
export const STATE_TTL_ATTRIBUTE = "expiresAt";
/** The TTL attribute of the History table (epoch seconds): hour buckets carry it, days do not. */
export const HISTORY_TTL_ATTRIBUTE = "expiresAt";
/** The TTL attribute of the Connections table (epoch seconds). */
export const CONNECTION_TTL_ATTRIBUTE = "expiresAt";

/** Every table's key: generic string attributes whose values carry an entity prefix (keys.ts). */
export const TABLE_KEY = { partitionKey: "pk", sortKey: "sk" } as const;

/** What a table's stream carries; both consumers need the new image, and old images cost nothing extra. */
export const STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES";

/** How a table is built: whether it has a stream, and which attribute (if any) expires items. */
export interface TableShape {
  stream: boolean;
  ttlAttribute: string | undefined;
}

/**
 * What each table looks like. The SST stacks in `infra/` declare the same shape for AWS; a test
 * checks they agree.
 */
export const TABLE_SHAPES = {
  readings: { stream: true, ttlAttribute: READING_TTL_ATTRIBUTE },
  // What live clients and the notifier follow (panels, alerts, rollups, feeds): its stream is
  // their feed, so it carries nothing else.
  state: { stream: true, ttlAttribute: STATE_TTL_ATTRIBUTE },
  /**
   * The series the processor folds readings into and the history routes read: hour buckets
   * (expiring after 90 days), day values and province months. No stream: no consumer follows
   * them, and in State they were most of its stream's records and bytes (items of 3–15 KB, each
   * written with both images and read by two consumers).
   */
  history: { stream: false, ttlAttribute: HISTORY_TTL_ATTRIBUTE },
  control: { stream: false, ttlAttribute: undefined },
  /**
   * AWS only: WebSocket connections, subscriptions and each province's live sequence. The local
   * runtime keeps these in its hub's memory, so `ensureTables` does not create it.
   */
  connections: { stream: false, ttlAttribute: CONNECTION_TTL_ATTRIBUTE },
} as const satisfies Record<string, TableShape>;

/** The CreateTable request for a table of the given shape (the stacks in `infra/` mirror it). */
export function createTableInput(name: string, shape: TableShape): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY.partitionKey, AttributeType: "S" },
      { AttributeName: TABLE_KEY.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEY.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_KEY.sortKey, KeyType: "RANGE" },
    ],
    ...(shape.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW_TYPE } } : {}),
  };
}

/** Creates any missing table (with its stream and TTL); leaves existing ones and their data alone. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const role of ["readings", "state", "history", "control"] as const) {
    await ensureTable(client, names[role], TABLE_SHAPES[role]);
  }
}

/** Creates one table of the given shape unless it exists. */
export async function ensureTable(client: DynamoDBClient, name: string, shape: TableShape): Promise<void> {
  if (await tableExists(client, name)) return;
  try {
    await client.send(new CreateTableCommand(createTableInput(name, shape)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
  if (shape.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: shape.ttlAttribute, Enabled: true },
      }),
    );
  }
}

async function tableExists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** The ARN of a table's current stream. */
export async function latestStreamArn(client: DynamoDBClient, name: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table?.LatestStreamArn) throw new Error(`table ${name} has no stream`);
  return Table.LatestStreamArn;
}
