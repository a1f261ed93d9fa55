/** Lambda entry point of the processor (Readings stream → State: panels, buckets, rollups, alerts). */
import { Logger } from "@aws-lambda-powertools/logger";
import { createProcessor } from "@ioc/pipeline";
import { createRegistryStore, createRuleStore, createStateStore } from "@ioc/store";
import { dynamoClient, tablesFromEnv } from "./env.js";

const deps = { client: dynamoClient(), tables: tablesFromEnv() };

export const handler = createProcessor({
  state: createStateStore(deps),
  registry: createRegistryStore(deps),
  rules: createRuleStore(deps),
  clock: Date.now,
  logger: new Logger({ serviceName: "ioc-processor" }),
});
