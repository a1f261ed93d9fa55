import type { DrainReport } from "@ioc/pipeline";
import type { DynamoDBStreamEvent, ScheduledEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { createNotifierHandler, NOTIFIER_METRICS_NAMESPACE, notifierMetricsLine } from "./notifier-handler.js";

const pass = (delivered: number, retried = 0, failed = 0): DrainReport => ({ delivered, retried, failed });
const streamEvent = { Records: [{ eventID: "1" }] } as unknown as DynamoDBStreamEvent;
const scheduled = { "detail-type": "Scheduled Event", time: "2026-12-01T00:00:00Z" } as unknown as ScheduledEvent;

describe("the notifier handler", () => {
  it("writes the outbox from a stream batch, drains once, and returns the writer's partial failures", async () => {
    const writeOutbox = vi.fn(async () => ({ batchItemFailures: [{ itemIdentifier: "1" }] }));
    const drainOnce = vi.fn(async () => pass(2, 1));
    const report = vi.fn();
    const handler = createNotifierHandler({
      writeOutbox,
      notifier: { drainOnce },
      report,
      clock: () => 0,
      logger: { warn: vi.fn() },
    });
    await expect(handler(streamEvent)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: "1" }] });
    expect(writeOutbox).toHaveBeenCalledWith(streamEvent);
    expect(drainOnce).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledWith(pass(2, 1), "stream");
  });

  it("does not fail a stream batch whose outbox is written when the drain after it fails", async () => {
    const warn = vi.fn();
    const handler = createNotifierHandler({
      writeOutbox: async () => ({ batchItemFailures: [] }),
      notifier: {
        drainOnce: async () => {
          throw new Error("throttled");
        },
      },
      report: vi.fn(),
      clock: () => 0,
      logger: { warn },
    });
    await expect(handler(streamEvent)).resolves.toEqual({ batchItemFailures: [] });
    expect(warn).toHaveBeenCalledOnce();
  });

  it("sweeps on the schedule until a pass finds nothing, within its time", async () => {
    const passes = [pass(3), pass(0, 2), pass(0)];
    const drainOnce = vi.fn(async () => passes.shift() ?? pass(0));
    const report = vi.fn();
    const handler = createNotifierHandler({
      writeOutbox: vi.fn(),
      notifier: { drainOnce },
      report,
      clock: () => 0,
      logger: { warn: vi.fn() },
    });
    await expect(handler(scheduled)).resolves.toBeUndefined();
    expect(drainOnce).toHaveBeenCalledTimes(3);
    expect(report).toHaveBeenCalledWith(pass(3, 2), "schedule");
  });

  it("stops a sweep at its time limit even while work remains", async () => {
    let now = 0;
    const drainOnce = vi.fn(async () => {
      now += 15_000;
      return pass(1);
    });
    const handler = createNotifierHandler({
      writeOutbox: vi.fn(),
      notifier: { drainOnce },
      report: vi.fn(),
      clock: () => now,
      sweepMs: 40_000,
      logger: { warn: vi.fn() },
    });
    await handler(scheduled);
    expect(drainOnce).toHaveBeenCalledTimes(3);
  });
});

describe("the notifier's metrics line", () => {
  it("is CloudWatch's embedded metric format with the stage as dimension", () => {
    const line = JSON.parse(notifierMetricsLine(pass(4, 2, 1), "prod", 1_700_000_000_000));
    expect(line._aws.Timestamp).toBe(1_700_000_000_000);
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: NOTIFIER_METRICS_NAMESPACE,
      Dimensions: [["Stage"]],
    });
    expect(line).toMatchObject({
      Stage: "prod",
      NotificationsDelivered: 4,
      NotificationsRetried: 2,
      NotificationsFailed: 1,
    });
  });
});
