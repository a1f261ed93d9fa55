/** Lambda entry point of the live socket's `$connect` route: admits a signed-in dashboard user or wall device. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createConnectHandler, createConnectionStore, createDeviceTokenVerifier } from "@ioc/aws";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier, withDeviceTokens } from "@ioc/identity";
import { connectionsTableFromEnv, devicePublicJwkFromEnv, dynamoClient, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);
const users = createCognitoVerifier({ issuer, clientId: pool.clientId, jwks: cognitoJwks(issuer), clock: Date.now });
// Wall devices connect with their own short-lived token, checked with the key's public half.
const deviceKey = devicePublicJwkFromEnv();

export const handler = createConnectHandler({
  verifier: deviceKey ? withDeviceTokens(users, createDeviceTokenVerifier(deviceKey, Date.now)) : users,
  connections: createConnectionStore({ client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now }),
  logger: new Logger({ serviceName: "ioc-live-connect" }),
  clock: Date.now,
});
