import { beforeAll, describe, expect, it } from "vitest";
import { Auth } from "./Auth.js";
import { CONSUMER_SETTINGS, PROCESSOR_TUMBLING_WINDOW, Processing, STALE_FEED_SCHEDULE } from "./Processing.js";
import { Realtime } from "./Realtime.js";
import { Storage } from "./Storage.js";
import {
  environmentOf,
  functionProps,
  logicalIdOf,
  resourcesOf,
  type Synthesized,
  synthesize,
  tableOf,
} from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod", [Storage, Auth, Realtime, Processing]);
});

const mappings = () => Object.values(resourcesOf(synth.template(Processing), "AWS::Lambda::EventSourceMapping"));

describe("Processing", () => {
  it("consumes the Readings stream with the processor and the State stream with the broadcaster, one each", () => {
    const template = synth.template(Processing);
    const byFunction = Object.fromEntries(
      mappings().map((m) => [JSON.stringify(m.Properties.FunctionName), tableOf(m.Properties.EventSourceArn)]),
    );
    expect(byFunction).toEqual({
      [JSON.stringify({ Ref: logicalIdOf(template, "AWS::Lambda::Function", "Processor") })]: "readings:stream",
      [JSON.stringify({ Ref: logicalIdOf(template, "AWS::Lambda::Function", "Broadcaster") })]: "state:stream",
    });
  });

  it("bisects, caps retries and record age, reports partial failures, and dead-letters to SQS", () => {
    const template = synth.template(Processing);
    for (const [consumer, settings] of Object.entries(CONSUMER_SETTINGS)) {
      const fnId = logicalIdOf(
        template,
        "AWS::Lambda::Function",
        consumer === "processor" ? "Processor" : "Broadcaster",
      );
      const mapping = mappings().find((m) => JSON.stringify(m.Properties.FunctionName).includes(fnId));
      const queueId = logicalIdOf(
        template,
        "AWS::SQS::Queue",
        consumer === "processor" ? "ProcessorDeadLetters" : "BroadcasterDeadLetters",
      );
      expect(mapping?.Properties, consumer).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: settings.retryAttempts,
        MaximumRecordAgeInSeconds: settings.maxRecordAge.toSeconds(),
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BatchSize: settings.batchSize,
        ParallelizationFactor: 1,
        StartingPosition: "TRIM_HORIZON",
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
      });
      // The processor's events must name their shard (tumbling-window events do); the broadcaster's need not.
      expect(mapping?.Properties.TumblingWindowInSeconds, consumer).toBe(
        consumer === "processor" ? PROCESSOR_TUMBLING_WINDOW.toSeconds() : undefined,
      );
      expect(settings.retryAttempts).toBeLessThanOrEqual(10);
      expect(settings.maxRecordAge.toHours()).toBeLessThan(24);
    }
  });

  it("keeps dead letters encrypted for 14 days, reachable over TLS only", () => {
    const template = synth.template(Processing);
    const queues = Object.values(resourcesOf(template, "AWS::SQS::Queue"));
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      expect(queue.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 86_400, SqsManagedSseEnabled: true });
    }
    const policies = Object.values(resourcesOf(template, "AWS::SQS::QueuePolicy"));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("runs the stale-feed and escalation checks every minute", () => {
    const template = synth.template(Processing);
    const schedulerId = logicalIdOf(template, "AWS::Lambda::Function", "Scheduler");
    const rules = Object.values(resourcesOf(template, "AWS::Events::Rule"));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.ScheduleExpression).toBe(STALE_FEED_SCHEDULE);
    expect(STALE_FEED_SCHEDULE).toBe("rate(1 minute)");
    expect(JSON.stringify(rules[0]?.Properties.Targets)).toContain(schedulerId);
    expect(functionProps(template, "Scheduler").Handler).toBe("functions/scheduler.handler");
    expect(Object.keys(environmentOf(template, "Scheduler"))).toEqual(
      expect.arrayContaining(["READINGS_TABLE", "STATE_TABLE", "HISTORY_TABLE", "CONTROL_TABLE"]),
    );
  });

  it("points the broadcaster at the live socket's Management API endpoint", () => {
    const template = synth.template(Processing);
    const variables = environmentOf(template, "Broadcaster");
    const endpoint = JSON.stringify(variables.LIVE_ENDPOINT);
    expect(endpoint).toContain("https://");
    expect(endpoint).toMatch(/prod-ioc-Realtime:ExportsOutputRefLiveApi/);
    expect(endpoint).toContain(".execute-api.ap-southeast-1.");
    expect(JSON.stringify(variables.CONNECTIONS_TABLE)).toContain("ConnectionsTable");
  });
});
