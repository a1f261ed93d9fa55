/**
 * The notifier on AWS (issue 13 item 3): one function, two triggers. It reads the State stream,
 * filtered at the event source to alert items, writes the outbox (Control table) and drains it at
 * once; a one-minute schedule drains what falls due later (retries after their backoff, entries
 * a stopped container held). Least privilege: only its Control partitions, SES for the one
 * sender, and the one secret of webhook secrets.
 *
 * The State stream has two readers now, the broadcaster and this one, which is all a DynamoDB
 * stream shard supports without throttling; a third consumer of alert changes must not add a
 * third reader (docs/DEPLOY.md, "Notifications on AWS", says what to do instead).
 */

import { ENTITY } from "@ioc/store";
import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Cron, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { grantTableItems, SCOPED_ACCESS } from "./access.js";
import { handlerOf } from "./bundling.js";
import { deployConfig } from "./config.js";
import { Storage } from "./Storage.js";

/** How the notifier reads the State stream; the infra tests assert these. */
export const NOTIFIER_STREAM = {
  batchSize: 50,
  // The outbox write is idempotent per key, so retrying a batch is safe; an alert change a day
  // late is no news (the outbox writer drops changes over an hour old anyway).
  retryAttempts: 5,
  maxRecordAge: Duration.hours(6),
} as const;

/** Every minute: retries after their backoff and expired leases are picked up within a minute. */
export const NOTIFIER_SWEEP_SCHEDULE = "rate(1 minute)";

/**
 * The event-source filter: only alert items, inserted or changed. Everything else on the State
 * stream (panels, buckets, rollups) is dropped by Lambda before an invocation, at no cost.
 */
export const NOTIFIER_FILTER = {
  eventName: FilterRule.or("INSERT", "MODIFY"),
  dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(ENTITY.alert) } } },
};

/** The notifier, its dead letters and its schedule; Monitoring `use`s it. */
export function Notifications({ stack, app }: StackContext) {
  const { state, control, tableEnvironment } = use(Storage);
  const config = deployConfig();

  const notifierDlq = new Queue(stack, "NotifierDeadLetters", {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });

  // Webhook secrets (JSON: webhook name → secret), referenced from a policy as `secret:<name>`.
  // Created as `{}`; an operator puts the real value (docs/DEPLOY.md), never in code or DynamoDB.
  const webhookSecrets = new Secret(stack, "WebhookSecrets", {
    description: `IOC ${app.stage}: notification webhook secrets (JSON object, name -> secret)`,
    generateSecretString: { secretStringTemplate: "{}", generateStringKey: "unused", passwordLength: 32 },
  });

  const notifier = new SstFunction(stack, "Notifier", {
    handler: handlerOf("notifier"),
    description: "IOC notifier: alert changes -> outbox -> webhooks and email",
    memorySize: 256,
    // A sweep drains for at most 40 s; sends time out after 10 s each.
    timeout: 60,
    environment: {
      ...tableEnvironment,
      IOC_STAGE: app.stage,
      WEBHOOK_SECRETS_ARN: webhookSecrets.secretArn,
      ...(config.notifyFrom ? { MAIL_FROM: config.notifyFrom.header } : {}),
    },
  });
  for (const grant of SCOPED_ACCESS.notifier.control) grantTableItems(notifier, control, grant);
  notifier.addToRolePolicy(
    new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [webhookSecrets.secretArn] }),
  );
  if (config.notifyFrom) {
    // SES v2 SendEmail, from the one configured sender only, through its verified domain identity.
    notifier.addToRolePolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [stack.formatArn({ service: "ses", resource: "identity", resourceName: config.notifyFrom.domain })],
        conditions: { StringEquals: { "ses:FromAddress": config.notifyFrom.address } },
      }),
    );
  }
  notifier.addEventSource(
    new DynamoEventSource(state.cdk.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: NOTIFIER_STREAM.batchSize,
      bisectBatchOnError: true,
      retryAttempts: NOTIFIER_STREAM.retryAttempts,
      maxRecordAge: NOTIFIER_STREAM.maxRecordAge,
      reportBatchItemFailures: true,
      parallelizationFactor: 1,
      onFailure: new SqsDlq(notifierDlq),
      filters: [FilterCriteria.filter(NOTIFIER_FILTER)],
    }),
  );
  const sweep = new Cron(stack, "NotifierSweep", { schedule: NOTIFIER_SWEEP_SCHEDULE, job: notifier });

  stack.addOutputs({ WebhookSecretsArn: webhookSecrets.secretArn });
  return { notifier, notifierDlq, webhookSecrets, sweep };
}
