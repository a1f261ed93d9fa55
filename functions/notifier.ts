/**
 * Lambda entry point of the notifier (issue 13 item 3): alert changes on the State stream fill the
 * outbox, which is drained at once and again every minute (retries, expired leases).
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  createNotifierHandler,
  createWebhookSecretVault,
  notifierMetricsLine,
  withVaultedWebhookSecrets,
} from "@ioc/aws/notifications";
import { createNotificationChannels, createNotifier, createOutboxWriter, DeliveryError } from "@ioc/pipeline";
import { createNotificationStore } from "@ioc/store";
import { dynamoClient, notifierFromEnv, tablesFromEnv } from "./env.js";

const config = notifierFromEnv();
const logger = new Logger({ serviceName: "ioc-notifier" });
const store = createNotificationStore({ client: dynamoClient(), tables: tablesFromEnv() });
const secrets = new SecretsManagerClient({});
const channels = createNotificationChannels({ mail: { kind: "ses" }, from: config.mailFrom ?? "", clock: Date.now });
const vault = createWebhookSecretVault({
  clock: Date.now,
  load: async () =>
    config.webhookSecretsArn
      ? (await secrets.send(new GetSecretValueCommand({ SecretId: config.webhookSecretsArn }))).SecretString
      : undefined,
});

export const handler = createNotifierHandler({
  writeOutbox: createOutboxWriter({ store, clock: Date.now }),
  notifier: createNotifier({
    store,
    channels: withVaultedWebhookSecrets(
      config.mailFrom
        ? channels
        : {
            ...channels,
            // A deployment without a sender: each email fails visibly (and is retried) rather than vanishing.
            email: async () => {
              throw new DeliveryError("email is not configured on this deployment (IOC_NOTIFY_FROM)");
            },
          },
      vault,
    ),
    clock: Date.now,
    // One container, one owner: a lease names the container that holds it.
    owner: `lambda-${randomUUID()}`,
    logger,
  }),
  report: (totals) => console.log(notifierMetricsLine(totals, config.stage, Date.now())),
  clock: Date.now,
  logger,
});
