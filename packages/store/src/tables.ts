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
  control: string;
}

/** Table names for a stage, e.g. `ioc-local-readings`. */
export function tableNamesFor(prefix: string): TableNames {
  return { readings: `${prefix}-readings`, state: `${prefix}-state`, control: `${prefix}-control` };
}

/** The TTL attribute of the Readings table (epoch seconds). */
export const READING_TTL_ATTRIBUTE = "expiresAt";

/**
 * What each table looks like. The SST stacks in `infra/` declare the same shape for AWS; a test
 * checks they agree.
 */
export const TABLE_SHAPES = {
  readings: { stream: true, ttlAttribute: READING_TTL_ATTRIBUTE },
  state: { stream: true, ttlAttribute: undefined },
  control: { stream: false, ttlAttribute: undefined },
} as const;

function createInput(name: string, stream: boolean): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } } : {}),
  };
}

/** Creates any missing table (with its stream and TTL); leaves existing ones and their data alone. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const role of ["readings", "state", "control"] as const) {
    const name = names[role];
    const shape = TABLE_SHAPES[role];
    if (await tableExists(client, name)) continue;
    try {
      await client.send(new CreateTableCommand(createInput(name, shape.stream)));
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
