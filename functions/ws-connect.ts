/** Lambda entry point of the live socket's `$connect` route: admits a signed-in dashboard user. */
import { Logger } from "@aws-lambda-powertools/logger";
import {
  cognitoIssuer,
  cognitoJwks,
  createCognitoTokenVerifier,
  createConnectHandler,
  createConnectionStore,
} from "@ioc/aws";
import { connectionsTableFromEnv, dynamoClient, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);

export const handler = createConnectHandler({
  verifier: createCognitoTokenVerifier({ issuer, clientId: pool.clientId, keys: cognitoJwks(issuer), clock: Date.now }),
  connections: createConnectionStore({ client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now }),
  logger: new Logger({ serviceName: "ioc-live-connect" }),
  clock: Date.now,
});
