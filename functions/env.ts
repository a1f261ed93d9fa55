/**
 * Configuration of the Lambda entry points, read from the environment once and validated:
 * the only place below which nothing reads `process.env`.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type TableNames, withoutSdkLogFilter } from "@ioc/store";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Table names the stacks pass to every function. */
export function tablesFromEnv(): TableNames {
  return {
    readings: required("READINGS_TABLE"),
    state: required("STATE_TABLE"),
    history: required("HISTORY_TABLE"),
    control: required("CONTROL_TABLE"),
  };
}

/** The province a dashboard sees when it names none. */
export function defaultProvinceFromEnv(): string {
  const code = required("DEFAULT_PROVINCE");
  if (!/^\d{2}$/.test(code)) throw new Error(`DEFAULT_PROVINCE=${code} is not a 2-digit province code`);
  return code;
}

/** The Connections table (AWS only): live connections, subscriptions and each province's seq. */
export function connectionsTableFromEnv(): string {
  return required("CONNECTIONS_TABLE");
}

/** The Management API endpoint of the live WebSocket stage, for functions outside its routes. */
export function liveEndpointFromEnv(): string {
  const endpoint = required("LIVE_ENDPOINT");
  if (!/^https:\/\/[^/]+\/[^/]+$/.test(endpoint)) {
    throw new Error(`LIVE_ENDPOINT=${endpoint} is not https://<domain>/<stage>`);
  }
  return endpoint;
}

/** The Cognito user pool that signs dashboard tokens, and the dashboard's client id. */
export function userPoolFromEnv(): { region: string; userPoolId: string; clientId: string } {
  // Lambda sets AWS_REGION itself; the pool's id is what the Auth stack exports.
  return {
    region: required("AWS_REGION"),
    userPoolId: required("USER_POOL_ID"),
    clientId: required("USER_POOL_CLIENT_ID"),
  };
}

/** One DynamoDB client per container, reused across invocations. */
export function dynamoClient(): DynamoDBClient {
  return withoutSdkLogFilter(new DynamoDBClient({}));
}

/**
 * The product's ES256 key for wall-device tokens (issue 14 item 4), a private JWK as JSON in
 * `DEVICE_SIGNING_JWK` (from Secrets Manager); undefined when the deployment has no walls.
 */
export function deviceSigningKeyFromEnv(): Record<string, string> | undefined {
  const raw = process.env.DEVICE_SIGNING_JWK;
  if (!raw) return undefined;
  const jwk = JSON.parse(raw) as Record<string, string>;
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d)
    throw new Error("DEVICE_SIGNING_JWK must be a private P-256 JWK");
  return jwk;
}

/** The notifier's settings: email sender (SES), the webhook-secrets secret, the stage for metrics. */
export function notifierFromEnv(): { mailFrom?: string; webhookSecretsArn?: string; stage: string } {
  const mailFrom = process.env.MAIL_FROM || undefined;
  const webhookSecretsArn = process.env.WEBHOOK_SECRETS_ARN || undefined;
  return {
    stage: required("IOC_STAGE"),
    ...(mailFrom ? { mailFrom } : {}),
    ...(webhookSecretsArn ? { webhookSecretsArn } : {}),
  };
}

/** The public half of the wall devices' key (`DEVICE_PUBLIC_JWK`); undefined when the deployment has no walls. */
export function devicePublicJwkFromEnv(): Record<string, string> | undefined {
  const raw = process.env.DEVICE_PUBLIC_JWK;
  return raw ? (JSON.parse(raw) as Record<string, string>) : undefined;
}

/** The Secrets Manager secret holding the devices' private key (`DEVICE_SIGNING_SECRET_ARN`, the API only). */
export function deviceSigningSecretArnFromEnv(): string | undefined {
  return process.env.DEVICE_SIGNING_SECRET_ARN || undefined;
}

/**
 * The device signing key from the secret's value: undefined while the secret still holds the
 * placeholder the stack created (no `kty`), an error when it holds something else than a private P-256 JWK.
 */
export function deviceSigningKeyOf(secretValue: string | undefined): Record<string, string> | undefined {
  const jwk = secretValue ? (JSON.parse(secretValue) as Record<string, string>) : {};
  if (jwk.kty === undefined) return undefined;
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d)
    throw new Error("the device signing secret must be a private P-256 JWK");
  return jwk;
}
