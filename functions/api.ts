/** Lambda entry point of the HTTP API: builds the Hono app once per container and adapts it. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "@ioc/api";
import {
  createLatestValueStore,
  createReadingStore,
  createRegistryStore,
  createSourceStore,
  createStoreProbe,
} from "@ioc/store";
import { handle } from "hono/aws-lambda";
import { defaultProvinceFromEnv, dynamoClient, tablesFromEnv } from "./env.js";

const deps = { client: dynamoClient(), tables: tablesFromEnv() };
const logger = new Logger({ serviceName: "ioc-api" });

export const handler = handle(
  createApp({
    readings: createReadingStore(deps),
    latest: createLatestValueStore(deps),
    registry: createRegistryStore(deps),
    sources: createSourceStore(deps),
    probe: createStoreProbe(deps),
    clock: Date.now,
    logger,
    defaultProvince: defaultProvinceFromEnv(),
  }),
);
