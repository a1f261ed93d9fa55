/** Lambda entry point of the HTTP API: builds the Hono app once per container and adapts it. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "@ioc/api";
import { createDynamoStores } from "@ioc/store";
import { handle } from "hono/aws-lambda";
import { defaultProvinceFromEnv, dynamoClient, tablesFromEnv } from "./env.js";

const logger = new Logger({ serviceName: "ioc-api" });

export const handler = handle(
  createApp({
    ...createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() }),
    clock: Date.now,
    logger,
    defaultProvince: defaultProvinceFromEnv(),
  }),
);
