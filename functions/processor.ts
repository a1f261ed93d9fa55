/** Lambda entry point of the processor (Readings stream → State). */
import { Logger } from "@aws-lambda-powertools/logger";
import { createProcessor } from "@ioc/pipeline";
import { createLatestValueStore } from "@ioc/store";
import { dynamoClient, tablesFromEnv } from "./env.js";

export const handler = createProcessor({
  latest: createLatestValueStore({ client: dynamoClient(), tables: tablesFromEnv() }),
  clock: Date.now,
  logger: new Logger({ serviceName: "ioc-processor" }),
});
