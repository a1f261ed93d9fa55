/** Lambda entry point of the HTTP API: builds the Hono app once per container and adapts it. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp, createJwtVerifier } from "@ioc/api";
import { cognitoIssuer, cognitoJwks } from "@ioc/aws";
import { createDynamoStores } from "@ioc/store";
import { handle } from "hono/aws-lambda";
import { defaultProvinceFromEnv, dynamoClient, tablesFromEnv, userPoolFromEnv } from "./env.js";

const logger = new Logger({ serviceName: "ioc-api" });
const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);

export const handler = handle(
  createApp({
    ...createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() }),
    clock: Date.now,
    logger,
    defaultProvince: defaultProvinceFromEnv(),
    // API Gateway has checked the token already; the app checks it again for roles and provinces.
    auth: { verifier: createJwtVerifier({ jwks: cognitoJwks(issuer), issuer, audience: pool.clientId }) },
  }),
);
