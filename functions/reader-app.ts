/**
 * What the functions that serve a slice of the HTTP app beside the API (the weekly report, the
 * geometry routes) build the same way: the stores, and sign-in checks for dashboard users and,
 * when the deployment has their key, wall devices (their routes sit behind the reader authorizer).
 * Each adds the one dependency the API's bundle leaves out.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { ApiDeps } from "@ioc/api";
import { createDeviceTokenVerifier } from "@ioc/aws";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier, withDeviceTokens } from "@ioc/identity";
import { createDynamoStores } from "@ioc/store";
import { defaultProvinceFromEnv, devicePublicJwkFromEnv, dynamoClient, tablesFromEnv, userPoolFromEnv } from "./env.js";

/** The app's dependencies for a side function named `serviceName` in its logs. */
export function readerAppDeps(serviceName: string): ApiDeps {
  const pool = userPoolFromEnv();
  const issuer = cognitoIssuer(pool.region, pool.userPoolId);
  const users = createCognitoVerifier({ jwks: cognitoJwks(issuer), issuer, clientId: pool.clientId });
  const deviceKey = devicePublicJwkFromEnv();
  return {
    ...createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() }),
    clock: Date.now,
    logger: new Logger({ serviceName }),
    defaultProvince: defaultProvinceFromEnv(),
    auth: { verifier: deviceKey ? withDeviceTokens(users, createDeviceTokenVerifier(deviceKey, Date.now)) : users },
  };
}
