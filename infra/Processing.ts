/**
 * The two stream consumers and the schedule. Each consumer bisects a failing batch, retries a
 * capped number of times, gives up on records older than a bound, reports partial failures, and
 * sends what still fails to its own dead-letter queue: nothing blocks a shard for 24 hours.
 */
import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Cron, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { grantTable, grantTableItems, SCOPED_ACCESS, TABLE_ACCESS } from "./access.js";
import { handlerOf } from "./bundling.js";
import { Realtime } from "./Realtime.js";
import { Storage } from "./Storage.js";

/** How each consumer reads its stream; the infra tests assert these. */
export const CONSUMER_SETTINGS = {
  processor: {
    batchSize: 200,
    // Readings are the record of truth: retry longer, keep them in the queue if all else fails.
    retryAttempts: 5,
    maxRecordAge: Duration.hours(6),
  },
  broadcaster: {
    batchSize: 100,
    // A live message an hour late helps nobody: clients have refetched a snapshot by then.
    retryAttempts: 3,
    maxRecordAge: Duration.hours(1),
  },
} as const;

/** The processor's tumbling window: the longest, so the fewest extra end-of-window invocations. */
export const PROCESSOR_TUMBLING_WINDOW = Duration.minutes(15);

/** Every minute: a silent source must be noticed within its cadence, an overdue alert escalated. */
export const STALE_FEED_SCHEDULE = "rate(1 minute)";

/** The consumers, their dead-letter queues and the schedule; other stacks `use(Processing)`. */
export function Processing({ stack }: StackContext) {
  const { readings, state, history, control, connections, tableEnvironment: tables } = use(Storage);
  const { socket } = use(Realtime);

  const deadLetters = (id: string) =>
    new Queue(stack, id, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  const processorDlq = deadLetters("ProcessorDeadLetters");
  const broadcasterDlq = deadLetters("BroadcasterDeadLetters");

  const consume = (settings: (typeof CONSUMER_SETTINGS)[keyof typeof CONSUMER_SETTINGS], dlq: Queue) => ({
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: settings.batchSize,
    bisectBatchOnError: true,
    retryAttempts: settings.retryAttempts,
    maxRecordAge: settings.maxRecordAge,
    reportBatchItemFailures: true,
    // One batch per shard at a time keeps each province's State changes, and thus its seq, in order.
    parallelizationFactor: 1,
    onFailure: new SqsDlq(dlq),
  });

  const processor = new SstFunction(stack, "Processor", {
    handler: handlerOf("processor"),
    description: "IOC processor: Readings stream -> State",
    timeout: 60,
    environment: tables,
  });
  grantTable(processor, state, TABLE_ACCESS.processor.state);
  grantTable(processor, history, TABLE_ACCESS.processor.history);
  grantTable(processor, control, TABLE_ACCESS.processor.control);
  processor.addEventSource(
    new DynamoEventSource(readings.cdk.table, {
      ...consume(CONSUMER_SETTINGS.processor, processorDlq),
      // Not for windowed state (the processor returns none): a tumbling-window event names its
      // shard (`shardId`), and the processor remembers per shard how far each hour bucket has
      // folded records in, which is what makes replays exact without per-reading keys.
      tumblingWindow: PROCESSOR_TUMBLING_WINDOW,
    }),
  );

  const broadcaster = new SstFunction(stack, "Broadcaster", {
    handler: handlerOf("broadcaster"),
    description: "IOC broadcaster: State stream -> live clients",
    timeout: 60,
    environment: {
      CONNECTIONS_TABLE: connections.tableName,
      LIVE_ENDPOINT: socket.cdk.webSocketStage.callbackUrl,
    },
  });
  grantTable(broadcaster, connections, TABLE_ACCESS.broadcaster.connections);
  // Only posting to and closing connections of this API's stage: nothing else of API Gateway.
  const { webSocketApi, webSocketStage } = socket.cdk;
  broadcaster.addToRolePolicy(
    new PolicyStatement({
      actions: ["execute-api:ManageConnections"],
      resources: ["POST", "DELETE"].map((method) =>
        stack.formatArn({
          service: "execute-api",
          resource: webSocketApi.apiId,
          resourceName: `${webSocketStage.stageName}/${method}/@connections/*`,
        }),
      ),
    }),
  );
  broadcaster.addEventSource(
    new DynamoEventSource(state.cdk.table, consume(CONSUMER_SETTINGS.broadcaster, broadcasterDlq)),
  );

  const scheduler = new SstFunction(stack, "Scheduler", {
    handler: handlerOf("scheduler"),
    description: "IOC schedule: stale feeds and alert escalation",
    memorySize: 256,
    timeout: 60,
    environment: tables,
  });
  grantTable(scheduler, state, TABLE_ACCESS.scheduler.state);
  grantTable(scheduler, control, TABLE_ACCESS.scheduler.control);
  for (const grant of SCOPED_ACCESS.scheduler.state) grantTableItems(scheduler, state, grant);
  for (const grant of SCOPED_ACCESS.scheduler.control) grantTableItems(scheduler, control, grant);
  const staleFeeds = new Cron(stack, "StaleFeedCheck", { schedule: STALE_FEED_SCHEDULE, job: scheduler });

  return { processor, broadcaster, scheduler, staleFeeds, processorDlq, broadcasterDlq };
}
