/** Lambda entry point of the live socket's `$connect` route: admits a signed-in dashboard user. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createConnectHandler, createConnectionStore } from "@ioc/aws";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier } from "@ioc/identity";
import { connectionsTableFromEnv, dynamoClient, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);

export const handler = createConnectHandler({
  verifier: createCognitoVerifier({ issuer, clientId: pool.clientId, jwks: cognitoJwks(issuer), clock: Date.now }),
  connections: createConnectionStore({ client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now }),
  logger: new Logger({ serviceName: "ioc-live-connect" }),
  clock: Date.now,
});
