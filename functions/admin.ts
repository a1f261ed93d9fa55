/**
 * Lambda entry point of the admin and documentation routes (sources and keys, dead letters, users,
 * notification policy, targets, audit, wall devices, rule preview, the OpenAPI document): the
 * whole Hono app, with what only these routes use — the wall devices' signing key and the user
 * pool's directory. The gateway sends only these paths here (infra/Api.ts, ADMIN_ROUTES); the API
 * function serves the dashboard's part of the same app (functions/api.ts).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import {
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createApp } from "@ioc/api";
import { createCognitoUserDirectory } from "@ioc/aws/users";
import {
  cognitoIssuer,
  cognitoJwks,
  createCognitoVerifier,
  createDeviceService,
  withDeviceTokens,
} from "@ioc/identity";
import { createDynamoStores } from "@ioc/store";
import { handle } from "hono/aws-lambda";
import {
  defaultProvinceFromEnv,
  deviceSigningKeyFromEnv,
  deviceSigningKeyOf,
  deviceSigningSecretArnFromEnv,
  dynamoClient,
  tablesFromEnv,
  userPoolFromEnv,
} from "./env.js";

const logger = new Logger({ serviceName: "ioc-admin" });
const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);

const stores = createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() });
// The same verifier as the live socket's $connect: RS256 only, ID tokens of the dashboard client.
const users = createCognitoVerifier({ jwks: cognitoJwks(issuer), issuer, clientId: pool.clientId });
// Wall devices, when the deployment holds their signing key (the DeviceSigningKey secret on AWS,
// read once per container): their tokens verify beside Cognito's.
const secretArn = deviceSigningSecretArnFromEnv();
const deviceKey =
  deviceSigningKeyFromEnv() ??
  (secretArn
    ? deviceSigningKeyOf(
        (await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString,
      )
    : undefined);
const devices = deviceKey
  ? await createDeviceService({ store: stores.deviceStore, clock: Date.now, privateJwk: deviceKey })
  : undefined;

// "Quản trị → Người dùng" lists the pool's users (changed in Cognito, never through the API).
const cognito = new CognitoIdentityProviderClient({});
const directory = createCognitoUserDirectory({
  userPoolId: pool.userPoolId,
  pool: {
    listUsers: (input) => cognito.send(new ListUsersCommand(input)),
    listUsersInGroup: (input) => cognito.send(new ListUsersInGroupCommand(input)),
  },
});

export const handler = handle(
  createApp({
    ...stores,
    clock: Date.now,
    logger,
    defaultProvince: defaultProvinceFromEnv(),
    // API Gateway has checked the token already; the app checks it again for roles and provinces.
    auth: { verifier: devices ? withDeviceTokens(users, devices.verifier) : users },
    devices,
    users: directory,
  }),
);
