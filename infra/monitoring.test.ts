import { beforeAll, describe, expect, it } from "vitest";
import { Api } from "./Api.js";
import { Auth } from "./Auth.js";
import { ALARM_THRESHOLDS, Monitoring } from "./Monitoring.js";
import { Notifications } from "./Notifications.js";
import { Processing } from "./Processing.js";
import { Realtime } from "./Realtime.js";
import { logicalIdOf, resourcesOf, type Synthesized, synthesize } from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod");
  console.log(`synthesized every stack but Web (prod) in ${synth.seconds.toFixed(1)} s`);
});

const alarms = () =>
  Object.entries(resourcesOf(synth.template(Monitoring), "AWS::CloudWatch::Alarm")).map(
    ([id, a]): Record<string, unknown> & { id: string } => ({ id, ...a.Properties }),
  );
const alarm = (idPrefix: string) => {
  const found = alarms().filter((a) => a.id.startsWith(idPrefix));
  expect(found, idPrefix).toHaveLength(1);
  return found[0] as ReturnType<typeof alarms>[number];
};

describe("Monitoring", () => {
  it("sends every alarm, and its recovery, to the ops topic", () => {
    const topics = Object.keys(resourcesOf(synth.template(Monitoring), "AWS::SNS::Topic"));
    expect(topics).toHaveLength(1);
    for (const a of alarms()) {
      expect(JSON.stringify(a.AlarmActions), a.id).toContain(topics[0] as string);
      expect(JSON.stringify(a.OKActions), a.id).toContain(topics[0] as string);
      expect(a.TreatMissingData, a.id).toBe("notBreaching");
    }
  });

  it("alarms as soon as anything lands in a dead-letter queue", () => {
    const processing = synth.template(Processing);
    for (const queue of ["ProcessorDeadLetters", "BroadcasterDeadLetters"]) {
      const a = alarm(queue);
      expect(a).toMatchObject({
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      });
      expect(JSON.stringify(a.Dimensions)).toContain(logicalIdOf(processing, "AWS::SQS::Queue", queue));
    }
  });

  it("alarms when either stream consumer is more than 60 s behind", () => {
    const processing = synth.template(Processing);
    for (const [id, fn] of [
      ["ProcessorIteratorAge", "Processor"],
      ["BroadcasterIteratorAge", "Broadcaster"],
    ] as const) {
      const a = alarm(id);
      expect(a).toMatchObject({
        Namespace: "AWS/Lambda",
        MetricName: "IteratorAge",
        Statistic: "Maximum",
        Threshold: 60_000,
        ComparisonOperator: "GreaterThanThreshold",
      });
      expect(JSON.stringify(a.Dimensions)).toContain(logicalIdOf(processing, "AWS::Lambda::Function", fn));
    }
    expect(ALARM_THRESHOLDS.iteratorAgeMs).toBe(60_000);
  });

  it("alarms on the API's 5xx rate", () => {
    const a = alarm("Api5xxRate");
    const metrics = JSON.stringify(a.Metrics);
    expect(metrics).toContain("100 * errors / requests");
    expect(metrics).toContain('"MetricName":"5xx"');
    expect(metrics).toContain('"MetricName":"Count"');
    expect(metrics).toContain(logicalIdOf(synth.template(Api), "AWS::ApiGatewayV2::Api", "Api"));
    expect(a.Threshold).toBe(ALARM_THRESHOLDS.api5xxPercent);
  });

  it("alarms on errors and throttles of every function", () => {
    const functions: Array<[string, string, ReturnType<typeof synth.template>]> = [
      ["Api", "ApiFunction", synth.template(Api)],
      ["Processor", "Processor", synth.template(Processing)],
      ["Broadcaster", "Broadcaster", synth.template(Processing)],
      ["Scheduler", "Scheduler", synth.template(Processing)],
      ["LiveConnect", "LiveConnect", synth.template(Realtime)],
      ["LiveDisconnect", "LiveDisconnect", synth.template(Realtime)],
      ["LiveMessage", "LiveMessage", synth.template(Realtime)],
      ["Notifier", "Notifier", synth.template(Notifications)],
      ["Admin", "AdminFunction", synth.template(Api)],
      ["Report", "ReportFunction", synth.template(Api)],
      ["Geo", "GeoFunction", synth.template(Api)],
      ["ReaderAuthorizer", "ReaderAuthorizer", synth.template(Api)],
      ["SignInAudit", "SignInAudit", synth.template(Auth)],
    ];
    for (const [name, prefix, template] of functions) {
      const fnId = logicalIdOf(template, "AWS::Lambda::Function", prefix);
      for (const metric of ["Errors", "Throttles"]) {
        const a = alarm(`${name}${metric}`);
        expect(a, `${name} ${metric}`).toMatchObject({ Namespace: "AWS/Lambda", MetricName: metric, Threshold: 0 });
        expect(JSON.stringify(a.Dimensions)).toContain(fnId);
      }
    }
    // Three DLQs, three iterator ages, the API rate, the notifier's two delivery alarms (its own
    // test), and two per function: nothing unaccounted for.
    expect(alarms()).toHaveLength(3 + 3 + 1 + 2 + 2 * functions.length);
  });
});
