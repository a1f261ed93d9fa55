/** Lambda entry point of the HTTP API: builds the Hono app once per container and adapts it. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "@ioc/api";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier } from "@ioc/identity";
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
    // The same verifier as the live socket's $connect: RS256 only, ID tokens of the dashboard client.
    auth: { verifier: createCognitoVerifier({ jwks: cognitoJwks(issuer), issuer, clientId: pool.clientId }) },
  }),
);
