/**
 * The notifier on AWS, synthesized offline: its event source (the State stream, filtered to alert
 * items, bounded retries, a dead-letter queue), its schedule, its permissions (its own Control
 * partitions, one secret, SES for one sender only) and its alarms on the ops topic.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ALARM_THRESHOLDS, Monitoring } from "./Monitoring.js";
import { NOTIFIER_STREAM, NOTIFIER_SWEEP_SCHEDULE, Notifications } from "./Notifications.js";
import { Storage } from "./Storage.js";
import {
  actionsOf,
  dynamoAccess,
  environmentOf,
  logicalIdOf,
  permissionsOf,
  resourcesOf,
  type Statement,
  type Synthesized,
  synthesize,
  tableOf,
} from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  vi.stubEnv("IOC_NOTIFY_FROM", "IOC Quảng Nam <canh-bao@ioc.quangnam.example.gov.vn>");
  synth = await synthesize("prod");
});
afterAll(() => vi.unstubAllEnvs());

const template = () => synth.template(Notifications);
const notifierId = () => logicalIdOf(template(), "AWS::Lambda::Function", "Notifier");
const leadingKeys = (s: Statement) =>
  (s.Condition as Record<string, Record<string, string[]>> | undefined)?.["ForAllValues:StringLike"]?.[
    "dynamodb:LeadingKeys"
  ];

describe("the notifier", () => {
  it("reads the State stream filtered to alert items, with bounded retries and its own dead-letter queue", () => {
    const mappings = Object.values(resourcesOf(template(), "AWS::Lambda::EventSourceMapping"));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]?.Properties ?? {};
    expect(tableOf(mapping.EventSourceArn)).toBe("state:stream");
    expect(mapping.FunctionName).toEqual({ Ref: notifierId() });
    expect(mapping).toMatchObject({
      BatchSize: NOTIFIER_STREAM.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: NOTIFIER_STREAM.retryAttempts,
      MaximumRecordAgeInSeconds: NOTIFIER_STREAM.maxRecordAge.toSeconds(),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: { "Fn::GetAtt": [logicalIdOf(template(), "AWS::SQS::Queue", "NotifierDeadLetters"), "Arn"] },
        },
      },
    });
    const filters = (mapping.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { entity: { S: ["alert"] } } } },
    ]);
  });

  it("leaves the State stream at two readers: the broadcaster and the notifier", () => {
    const readers = synth
      .all()
      .flatMap((t) => Object.values(resourcesOf(t, "AWS::Lambda::EventSourceMapping")))
      .filter((m) => tableOf(m.Properties.EventSourceArn) === "state:stream");
    expect(readers).toHaveLength(2);
  });

  it("sweeps the outbox every minute", () => {
    const rules = Object.values(resourcesOf(template(), "AWS::Events::Rule"));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.ScheduleExpression).toBe(NOTIFIER_SWEEP_SCHEDULE);
    expect(JSON.stringify(rules[0]?.Properties.Targets)).toContain(notifierId());
  });

  it("touches only its Control partitions: policies and records read, records and the outbox written, nothing deleted but outbox entries", () => {
    const { statements } = permissionsOf(template(), "Notifier");
    expect(dynamoAccess(statements)).toEqual({
      control: ["DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"],
      "state:stream": ["DescribeStream", "GetRecords", "GetShardIterator"],
      "*": ["ListStreams"],
    });
    const onControl = statements
      .filter((s) => tableOf(s.Resource) === "control")
      .map((s) => [actionsOf(s).join(","), leadingKeys(s)]);
    expect(onControl).toEqual([
      ["dynamodb:GetItem", ["P#*", "NOTIFY#*#*"]],
      ["dynamodb:Query", ["OUTBOX"]],
      ["dynamodb:PutItem", ["NOTIFY#*#*", "OUTBOX"]],
      ["dynamodb:UpdateItem", ["NOTIFY#*#*", "OUTBOX"]],
      ["dynamodb:DeleteItem", ["OUTBOX"]],
    ]);
    // Never the Readings table, never the State table's items, never an audit record.
    expect(JSON.stringify(statements)).not.toMatch(/ReadingsTable|AUDIT#/);
  });

  it("reads one secret, and sends email through SES only as the configured sender", () => {
    const { statements } = permissionsOf(template(), "Notifier");
    const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("secretsmanager:")));
    expect(secrets.map(actionsOf)).toEqual([["secretsmanager:GetSecretValue"]]);
    expect(secrets[0]?.Resource).toEqual({
      Ref: logicalIdOf(template(), "AWS::SecretsManager::Secret", "WebhookSecrets"),
    });
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("ses:")));
    expect(ses.map(actionsOf)).toEqual([["ses:SendEmail"]]);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(":identity/ioc.quangnam.example.gov.vn");
    expect(ses[0]?.Condition).toEqual({ StringEquals: { "ses:FromAddress": "canh-bao@ioc.quangnam.example.gov.vn" } });
    const variables = environmentOf(template(), "Notifier");
    expect(variables.MAIL_FROM).toBe("IOC Quảng Nam <canh-bao@ioc.quangnam.example.gov.vn>");
    expect(variables.IOC_STAGE).toBe("prod");
    expect(JSON.stringify(variables.WEBHOOK_SECRETS_ARN)).toContain("WebhookSecrets");
  });

  it("has alarms for its errors, its lag, its dead letters and deliveries given up or retrying", () => {
    const alarms = Object.entries(resourcesOf(synth.template(Monitoring), "AWS::CloudWatch::Alarm")).map(
      ([id, a]) => ({ id, ...a.Properties }) as Record<string, unknown> & { id: string },
    );
    const find = (prefix: string) => {
      const found = alarms.filter((a) => a.id.startsWith(prefix));
      expect(found, prefix).toHaveLength(1);
      return found[0] as Record<string, unknown>;
    };
    for (const [prefix, metric] of [
      ["NotifierErrors", "Errors"],
      ["NotifierThrottles", "Throttles"],
      ["NotifierIteratorAge", "IteratorAge"],
    ] as const) {
      expect(find(prefix), prefix).toMatchObject({ Namespace: "AWS/Lambda", MetricName: metric });
      expect(JSON.stringify(find(prefix).Dimensions)).toContain(notifierId());
    }
    expect(find("NotifierDeadLetters")).toMatchObject({ Namespace: "AWS/SQS", Threshold: 0 });
    expect(find("NotificationsFailed")).toMatchObject({
      Namespace: "IOC/Notifications",
      MetricName: "NotificationsFailed",
      Dimensions: [{ Name: "Stage", Value: "prod" }],
      Threshold: 0,
    });
    expect(find("NotificationsRetrying")).toMatchObject({
      MetricName: "NotificationsRetried",
      Threshold: ALARM_THRESHOLDS.notificationRetries,
      EvaluationPeriods: 3,
    });
    const topic = Object.keys(resourcesOf(synth.template(Monitoring), "AWS::SNS::Topic"))[0] as string;
    for (const prefix of ["NotificationsFailed", "NotifierIteratorAge"]) {
      expect(JSON.stringify(find(prefix).AlarmActions)).toContain(topic);
    }
  });

  it("may not use SES at all when no sender is configured", async () => {
    vi.stubEnv("IOC_NOTIFY_FROM", "");
    const bare = await synthesize("staging", [Storage, Notifications]);
    const { statements } = permissionsOf(bare.template(Notifications), "Notifier");
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith("ses:"))).toEqual([]);
    expect(environmentOf(bare.template(Notifications), "Notifier").MAIL_FROM).toBeUndefined();
  });
});
