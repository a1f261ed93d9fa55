/**
 * Alarms for the ops team, published to one SNS topic (subscribe to it after deploying; see
 * docs/DEPLOY.md): anything in a dead-letter queue, a stream consumer falling behind, the API
 * failing, and any function erroring or being throttled.
 */

import { NOTIFIER_METRICS, NOTIFIER_METRICS_NAMESPACE } from "@ioc/aws/notifications";
import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Function as SstFunction, StackContext } from "sst/constructs";
import { use } from "sst/constructs";
import { Api } from "./Api.js";
import { Auth } from "./Auth.js";
import { Notifications } from "./Notifications.js";
import { Processing } from "./Processing.js";
import { Realtime } from "./Realtime.js";

/** The thresholds, named so tests and docs quote the same numbers. */
export const ALARM_THRESHOLDS = {
  /** Milliseconds a stream consumer may lag before ops hear of it. */
  iteratorAgeMs: 60_000,
  /** Percent of API requests answered 5xx over five minutes. */
  api5xxPercent: 1,
  /** Failed-and-rescheduled notification attempts per five minutes, three periods running. */
  notificationRetries: 10,
} as const;

/** The ops topic and the alarms; nothing `use`s it. */
export function Monitoring({ stack }: StackContext) {
  const { api, fn: apiFn, admin, report, geo, readerAuthorizer } = use(Api);
  const { signInAudit } = use(Auth);
  const { processor, broadcaster, scheduler, processorDlq, broadcasterDlq } = use(Processing);
  const { connect, disconnect, message } = use(Realtime);
  const { notifier, notifierDlq } = use(Notifications);

  const topic = new Topic(stack, "OpsAlarms", { displayName: `IOC ${stack.stage} alarms`, enforceSSL: true });
  const notify = new SnsAction(topic);

  const alarm = (id: string, description: string, metric: IMetric, threshold: number, periods = 1) => {
    const created = new Alarm(stack, id, {
      alarmName: `${stack.stackName}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      // No data means no traffic, which is not a fault.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(notify);
    created.addOkAction(notify);
    return created;
  };

  for (const [id, queue, consumer] of [
    ["ProcessorDeadLetters", processorDlq, "processor"],
    ["BroadcasterDeadLetters", broadcasterDlq, "broadcaster"],
    ["NotifierDeadLetters", notifierDlq, "notifier"],
  ] as const) {
    alarm(
      id,
      `Records the ${consumer} gave up on are waiting in ${queue.queueName}; inspect them, fix the cause, then redrive.`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
      0,
    );
  }

  for (const [id, fn] of [
    ["ProcessorIteratorAge", processor],
    ["BroadcasterIteratorAge", broadcaster],
    ["NotifierIteratorAge", notifier],
  ] as const) {
    alarm(
      id,
      `The ${fn.node.id} is more than ${ALARM_THRESHOLDS.iteratorAgeMs / 1000} s behind its stream for 3 minutes: the map is stale.`,
      fn.metric("IteratorAge", { period: Duration.minutes(1), statistic: "Maximum" }),
      ALARM_THRESHOLDS.iteratorAgeMs,
      3,
    );
  }

  const httpApi = api.cdk.httpApi;
  alarm(
    "Api5xxRate",
    `More than ${ALARM_THRESHOLDS.api5xxPercent} % of API requests failed with 5xx over five minutes.`,
    new MathExpression({
      expression: "IF(requests > 0, 100 * errors / requests, 0)",
      usingMetrics: {
        errors: httpApi.metricServerError({ period: Duration.minutes(5), statistic: "Sum" }),
        requests: httpApi.metricCount({ period: Duration.minutes(5), statistic: "Sum" }),
      },
      period: Duration.minutes(5),
      label: "API 5xx %",
    }),
    ALARM_THRESHOLDS.api5xxPercent,
  );

  const functions: Array<[string, SstFunction]> = [
    ["Api", apiFn],
    ["Processor", processor],
    ["Broadcaster", broadcaster],
    ["Scheduler", scheduler],
    ["LiveConnect", connect],
    ["LiveDisconnect", disconnect],
    ["LiveMessage", message],
    ["Notifier", notifier],
    ["Admin", admin],
    ["Report", report],
    ["Geo", geo],
    ["ReaderAuthorizer", readerAuthorizer],
    // A failing sign-in trigger fails every sign-in.
    ["SignInAudit", signInAudit],
  ];
  for (const [name, fn] of functions) {
    alarm(
      `${name}Errors`,
      `The ${name} function failed at least once in five minutes; see its logs.`,
      fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      0,
    );
    alarm(
      `${name}Throttles`,
      `The ${name} function was throttled in the last five minutes; check the account's Lambda concurrency.`,
      fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }),
      0,
    );
  }

  // Deliveries the notifier gave up on (every retry failed): someone was not told of an alert.
  const notifierMetric = (name: string) =>
    new Metric({
      namespace: NOTIFIER_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { Stage: stack.stage },
      period: Duration.minutes(5),
      statistic: "Sum",
    });
  alarm(
    "NotificationsFailed",
    "The notifier gave up on at least one notification in five minutes (all retries failed); see the alert's delivery outcomes and the receiver.",
    notifierMetric(NOTIFIER_METRICS.failed),
    0,
  );
  alarm(
    "NotificationsRetrying",
    `More than ${ALARM_THRESHOLDS.notificationRetries} notification attempts failed and were rescheduled in each of three five-minute periods: a receiver or SES is failing.`,
    notifierMetric(NOTIFIER_METRICS.retried),
    ALARM_THRESHOLDS.notificationRetries,
    3,
  );

  stack.addOutputs({ OpsTopicArn: topic.topicArn });
  return { topic };
}
