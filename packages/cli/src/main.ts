/**
 * `npm run ioc -- …`: the admin CLI. Connects to the DynamoDB that `npm start` runs (or starts
 * DynamoDB Local on the same data if none is running), or to AWS when table names are given.
 */
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { isPortFree, LocalRuntimeError, localClients, startDynamoLocal } from "@ioc/local";
import { createDynamoStores, ensureTables, type TableNames, tableNamesFor, withoutSdkLogFilter } from "@ioc/store";
import { runCli } from "./cli.js";
import type { CliOptions } from "./cli-context.js";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function connect(options: CliOptions) {
  const env = process.env;
  const awsTables: TableNames | undefined =
    env.READINGS_TABLE && env.STATE_TABLE && env.HISTORY_TABLE && env.CONTROL_TABLE
      ? { readings: env.READINGS_TABLE, state: env.STATE_TABLE, history: env.HISTORY_TABLE, control: env.CONTROL_TABLE }
      : undefined;
  const prefix =
    typeof options["table-prefix"] === "string" ? options["table-prefix"] : (env.IOC_TABLE_PREFIX ?? "ioc-local");
  const endpoint = typeof options.endpoint === "string" ? options.endpoint : env.IOC_DYNAMODB_ENDPOINT;

  if (awsTables && !endpoint) {
    // A deployed stage: the tables the stack outputs, with the caller's AWS credentials.
    const client = withoutSdkLogFilter(new DynamoDBClient({}));
    return { ...context(client, awsTables), close: async () => client.destroy() };
  }
  if (endpoint) {
    const { client } = localClients(endpoint);
    const tables = tableNamesFor(prefix);
    await ensureTables(client, tables);
    return { ...context(client, tables), close: async () => client.destroy() };
  }
  const port = Number(env.DYNAMODB_PORT ?? 8000);
  const tables = tableNamesFor(prefix);
  if (!(await isPortFree(port))) {
    // `npm start` is running: talk to its DynamoDB Local rather than opening the same files twice.
    const { client } = localClients(`http://127.0.0.1:${port}`);
    await ensureTables(client, tables);
    return { ...context(client, tables), close: async () => client.destroy() };
  }
  const dynamo = await startDynamoLocal({
    port,
    dataDir: resolve(env.IOC_DATA_DIR ?? resolve(root, ".data"), "dynamodb"),
  });
  await ensureTables(dynamo.client, tables);
  return { ...context(dynamo.client, tables), close: () => dynamo.stop() };
}

function context(client: DynamoDBClient, tables: TableNames) {
  // The audit trail names who ran a command: the OS account (IOC_OPERATOR overrides it, e.g. in CI).
  const operator = process.env.IOC_OPERATOR ?? userInfo().username;
  return { stores: createDynamoStores({ client, tables }), dynamo: { client, tables }, clock: Date.now, operator };
}

const code = await runCli(
  process.argv.slice(2),
  {
    out: (t) => console.log(t),
    err: (t) => console.error(t),
    // One line rewritten in place, and only on a terminal: a log file gets no carriage returns.
    progress: process.stderr.isTTY ? (t) => process.stderr.write(`\r${t}\x1b[K`) : undefined,
  },
  async (options) => {
    try {
      return await connect(options);
    } catch (error) {
      if (error instanceof LocalRuntimeError) {
        const { CliError } = await import("./cli-context.js");
        throw new CliError({ vi: error.message, en: error.message });
      }
      throw error;
    }
  },
  process.env.IOC_LANG === "en" ? "en" : "vi",
);
process.exit(code);
