/** Lambda entry point of the HTTP API's reader authorizer: a dashboard user's or a wall device's token. */
import { Logger } from "@aws-lambda-powertools/logger";
import { createDeviceTokenVerifier, createGatewayAuthorizer } from "@ioc/aws";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier, withDeviceTokens } from "@ioc/identity";
import { devicePublicJwkFromEnv, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);
const users = createCognitoVerifier({ issuer, clientId: pool.clientId, jwks: cognitoJwks(issuer), clock: Date.now });
const deviceKey = devicePublicJwkFromEnv();

export const handler = createGatewayAuthorizer({
  verifier: deviceKey ? withDeviceTokens(users, createDeviceTokenVerifier(deviceKey, Date.now)) : users,
  logger: new Logger({ serviceName: "ioc-gateway-authorizer" }),
});
