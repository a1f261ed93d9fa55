/**
 * Lambda entry point of the geometry routes — boundary preview and import
 * (`POST /v1/boundaries/preview`, `/import`) and the commune tiles (`GET /v1/communes/tiles/…`):
 * the same Hono app as the API, given the geometry engine the API's bundle leaves out (packages/geo's
 * import, repair and tiling, geojson-vt: about 80 KB, issue 16 item 6). An import also needs more
 * memory and time than a dashboard read; the gateway routes only these paths here (infra/Api.ts).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "@ioc/api";
import { createDeviceTokenVerifier } from "@ioc/aws";
import { geoEngine } from "@ioc/geo";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier, withDeviceTokens } from "@ioc/identity";
import { createDynamoStores } from "@ioc/store";
import { handle } from "hono/aws-lambda";
import { defaultProvinceFromEnv, devicePublicJwkFromEnv, dynamoClient, tablesFromEnv, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);
const users = createCognitoVerifier({ jwks: cognitoJwks(issuer), issuer, clientId: pool.clientId });
// Wall devices read tiles too: their tokens verify with the public half, as in the report function.
const deviceKey = devicePublicJwkFromEnv();

export const handler = handle(
  createApp({
    ...createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() }),
    clock: Date.now,
    logger: new Logger({ serviceName: "ioc-geo" }),
    defaultProvince: defaultProvinceFromEnv(),
    auth: { verifier: deviceKey ? withDeviceTokens(users, createDeviceTokenVerifier(deviceKey, Date.now)) : users },
    geo: geoEngine,
  }),
);
