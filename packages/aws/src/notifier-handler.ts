/**
 * The notifier on AWS (issue 13 item 3): one Lambda with two triggers. The State stream (filtered
 * to alert items at the event source) fills the outbox and then drains it at once, so a first
 * attempt does not wait for a schedule; a one-minute schedule drains what is due later — retries
 * after their backoff, entries whose holder died with its lease. The outbox lives in DynamoDB, so
 * what a stopped container held comes back to the next one, as it does locally after a restart.
 */
import type { DrainReport } from "@ioc/pipeline";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from "aws-lambda";

/** What the notifier handler needs: the pipeline's outbox writer and notifier, and where figures go. */
export interface NotifierHandlerDeps {
  writeOutbox(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
  notifier: { drainOnce(): Promise<DrainReport> };
  /** Receives each invocation's totals (the entry point prints them as CloudWatch metrics). */
  report(totals: DrainReport, trigger: "stream" | "schedule"): void;
  clock: () => number;
  /** How long a scheduled sweep keeps draining while there is work (default 40 s; the function's timeout is longer). */
  sweepMs?: number;
  logger: { warn(message: string, ...extra: unknown[]): void };
}

const isStreamEvent = (event: unknown): event is DynamoDBStreamEvent =>
  Array.isArray((event as { Records?: unknown }).Records);

/** Builds the handler for both triggers; a stream batch reports partial failures of the outbox writes only. */
export function createNotifierHandler(deps: NotifierHandlerDeps) {
  const sweepMs = deps.sweepMs ?? 40_000;
  const add = (totals: DrainReport, pass: DrainReport) => {
    totals.delivered += pass.delivered;
    totals.retried += pass.retried;
    totals.failed += pass.failed;
  };
  return async (event: DynamoDBStreamEvent | ScheduledEvent): Promise<DynamoDBBatchResponse | undefined> => {
    const totals: DrainReport = { delivered: 0, retried: 0, failed: 0 };
    if (isStreamEvent(event)) {
      const response = await deps.writeOutbox(event);
      // The outbox is written: a failed send now must not fail (and replay) the stream batch,
      // since the entries are safe and the schedule retries them.
      try {
        add(totals, await deps.notifier.drainOnce());
      } catch (error) {
        deps.logger.warn("drain after stream batch failed; the schedule retries", { error: String(error) });
      }
      deps.report(totals, "stream");
      return response;
    }
    const until = deps.clock() + sweepMs;
    for (;;) {
      const pass = await deps.notifier.drainOnce();
      add(totals, pass);
      if (pass.delivered + pass.retried + pass.failed === 0 || deps.clock() >= until) break;
    }
    deps.report(totals, "schedule");
    return undefined;
  };
}

/** The CloudWatch namespace of the notifier's own metrics (alarmed on in Monitoring). */
export const NOTIFIER_METRICS_NAMESPACE = "IOC/Notifications";

/** Metric names the notifier emits per invocation. */
export const NOTIFIER_METRICS = {
  delivered: "NotificationsDelivered",
  retried: "NotificationsRetried",
  failed: "NotificationsFailed",
} as const;

/**
 * One log line in CloudWatch's embedded metric format: Lambda's log stream turns it into metrics
 * with no API call and no permission (`Stage` is the only dimension, so alarms name it).
 */
export function notifierMetricsLine(totals: DrainReport, stage: string, at: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: NOTIFIER_METRICS_NAMESPACE,
          Dimensions: [["Stage"]],
          Metrics: Object.values(NOTIFIER_METRICS).map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    Stage: stage,
    [NOTIFIER_METRICS.delivered]: totals.delivered,
    [NOTIFIER_METRICS.retried]: totals.retried,
    [NOTIFIER_METRICS.failed]: totals.failed,
  });
}
