/**
 * Notifications of alert state changes (issue 13, item 3), in two halves:
 *
 * - the outbox writer consumes the State stream (the broadcaster's shape): for each alert image
 *   whose state changed (opened, escalated, acknowledged, resolved — never a refreshed reading)
 *   it plans the deliveries under the province's policy and writes one record per delivery,
 *   conditionally, so a replayed batch writes nothing twice;
 * - the notifier claims due outbox entries with a lease, sends each through its channel, and
 *   records the outcome — delivered, or failed and rescheduled with exponential backoff, or given
 *   up after the last attempt. An entry whose holder died comes back when its lease runs out.
 *
 * Receivers get the same idempotency key (alert id @ state version) on every retry of one change,
 * so a send whose answer was lost (the sender stopped between the receiver's 2xx and the record)
 * is recognisable at the receiver: delivery is at least once on the wire, once in effect.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import {
  alertChangeOf,
  type BackoffOptions,
  DEFAULT_BACKOFF,
  type NotificationPolicy,
  notificationDocument,
  notificationEmail,
  planDeliveries,
  retryDelayMs,
} from "@ioc/core";
import { alertCodec, ENTITY, type NotificationRecord, type NotificationStore, type OutboxEntry } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { entityOf, newImageOf, oldImageOf } from "./stream-records.js";

/** What the outbox writer needs. */
export interface OutboxWriterDeps {
  store: Pick<NotificationStore, "getPolicy" | "enqueue">;
  clock: () => number;
  /**
   * Changes older than this are not announced (default 1 h): a consumer that starts on an old
   * stream, or catches up after an outage, tells nobody about yesterday's state as news.
   */
  maxChangeAgeMs?: number;
}

/** The notification records a State stream record means (none for anything but an alert's state change). */
export async function recordsOf(
  record: DynamoDBRecord,
  policyOf: (province: string) => Promise<NotificationPolicy | undefined>,
  now: number,
): Promise<NotificationRecord[]> {
  if (entityOf(record) !== ENTITY.alert) return [];
  const image = newImageOf(record);
  if (image?.entity !== ENTITY.alert) return [];
  const after = alertCodec.fromImage(image);
  const old = oldImageOf(record);
  const change = alertChangeOf(old ? alertCodec.fromImage(old) : undefined, after);
  if (!change) return [];
  const policy = await policyOf(after.province);
  const document = JSON.stringify(notificationDocument(change));
  const { subject, text } = notificationEmail(change);
  return planDeliveries(policy, change).map((d) => ({
    key: d.key,
    idempotencyKey: d.idempotencyKey,
    province: after.province,
    alertId: after.id,
    stateVersion: change.stateVersion,
    change: change.kind,
    level: change.level,
    channel: d.channel,
    target: d.target,
    recipient: d.recipient,
    status: d.suppressed ? "suppressed" : "pending",
    attempts: 0,
    changeAt: change.at,
    createdAt: now,
    ...(d.suppressed ? { suppressed: d.suppressed } : {}),
    document,
    subject,
    text,
    attemptLog: [],
  }));
}

/** Builds the State-stream handler that fills the outbox; the Lambda and the local poller both call it. */
export function createOutboxWriter(deps: OutboxWriterDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const maxAge = deps.maxChangeAgeMs ?? 3_600_000;
  // A batch of a province's alerts reads its policy once (an edit applies within 5 s).
  const policies = new Map<string, { at: number; policy: Promise<NotificationPolicy | undefined> }>();
  const policyOf = (province: string) => {
    const hit = policies.get(province);
    if (hit && deps.clock() - hit.at < 5_000) return hit.policy;
    const policy = deps.store.getPolicy(province);
    policies.set(province, { at: deps.clock(), policy });
    policy.catch(() => policies.delete(province));
    return policy;
  };
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const now = deps.clock();
    const records = (await recordsOf(record, policyOf, now)).filter((r) => now - r.changeAt <= maxAge);
    // Each record is its own conditional write: written together, order does not matter.
    await Promise.all(records.map((r) => deps.store.enqueue(r)));
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { processInParallel: false });
}

/** A delivery that did not go through; `detail` is what the alert shows. */
export class DeliveryError extends Error {
  readonly code = "delivery-failed";
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = "DeliveryError";
  }
}

/** Sends one notification through its channel; resolves with a short outcome, throws on failure. */
export interface NotificationChannels {
  webhook(input: {
    url: string;
    secret: string;
    document: string;
    idempotencyKey: string;
    signal: AbortSignal;
  }): Promise<string>;
  email(input: { to: string; subject: string; text: string; idempotencyKey: string }): Promise<string>;
}

/** What the notifier needs. */
export interface NotifierDeps {
  store: NotificationStore;
  channels: NotificationChannels;
  clock: () => number;
  /** This notifier's name in leases: unique per process. */
  owner: string;
  backoff?: BackoffOptions;
  /** How long a claim holds an entry; a send must finish within it. Default 60 s. */
  leaseMs?: number;
  /** Entries handled per pass. Default 50. */
  batch?: number;
  /** Sends in flight at once. Default 16. */
  lanes?: number;
  random?: () => number;
  logger?: { warn(message: string, ...extra: unknown[]): void };
}

/** What one pass did. */
export interface DrainReport {
  delivered: number;
  retried: number;
  failed: number;
}

/** Builds the notifier: `drainOnce` sends what is due (the Lambda runs it on a schedule, the local runtime in a loop). */
export function createNotifier(deps: NotifierDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const leaseMs = deps.leaseMs ?? 60_000;
  const aborts = new Set<AbortController>();
  let abandoned = false;
  const policies = new Map<string, { at: number; policy: NotificationPolicy | undefined }>();
  const policyOf = async (province: string) => {
    // Read at most every 5 s per province: a pass of 50 entries reads the policy once.
    const hit = policies.get(province);
    if (hit && deps.clock() - hit.at < 5_000) return hit.policy;
    const policy = await deps.store.getPolicy(province);
    policies.set(province, { at: deps.clock(), policy });
    return policy;
  };

  const send = async (entry: OutboxEntry, record: NotificationRecord, signal: AbortSignal): Promise<string> => {
    if (record.channel === "email") {
      return deps.channels.email({
        to: record.target,
        subject: record.subject,
        text: record.text,
        idempotencyKey: record.idempotencyKey,
      });
    }
    const hook = (await policyOf(entry.province))?.webhooks.find((w) => w.id === record.target);
    if (!hook) throw new DeliveryError(`webhook ${record.target} is no longer in the policy`);
    return deps.channels.webhook({
      url: hook.url,
      secret: hook.secret,
      document: record.document,
      idempotencyKey: record.idempotencyKey,
      signal,
    });
  };

  const deliver = async (entry: OutboxEntry, report: DrainReport) => {
    if (abandoned) return;
    if (!(await deps.store.claim(entry, deps.owner, deps.clock(), leaseMs))) return;
    const record = await deps.store.getRecord(entry);
    const abort = new AbortController();
    aborts.add(abort);
    try {
      if (!record) throw new DeliveryError("the notification record is missing");
      const detail = await send(entry, record, abort.signal);
      if (abort.signal.aborted) return;
      if (await deps.store.delivered(entry, deps.owner, { at: deps.clock(), ok: true, detail })) report.delivered++;
    } catch (error) {
      if (abort.signal.aborted) return;
      const attempts = entry.attempts + 1;
      const wait = retryDelayMs(attempts, backoff, deps.random);
      const detail = error instanceof DeliveryError ? error.detail : String(error);
      const at = deps.clock();
      const recorded = await deps.store.failed(
        entry,
        deps.owner,
        { at, ok: false, detail },
        wait === undefined ? undefined : at + wait,
      );
      if (recorded) {
        if (wait === undefined) report.failed++;
        else report.retried++;
      }
      deps.logger?.warn("notification attempt failed", { key: record?.key, attempts, detail });
    } finally {
      aborts.delete(abort);
    }
  };

  return {
    /** Claims and sends every due entry once (up to `batch`), `lanes` at a time (default 16). */
    async drainOnce(): Promise<DrainReport> {
      const report: DrainReport = { delivered: 0, retried: 0, failed: 0 };
      const due = await deps.store.due(deps.clock(), deps.batch ?? 50);
      // A pool, not fixed groups: one slow receiver holds up one lane, not its group.
      const queue = [...due];
      const lane = async () => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) await deliver(entry, report);
      };
      await Promise.all(Array.from({ length: Math.min(deps.lanes ?? 16, queue.length) }, lane));
      return report;
    },
    /**
     * Abandons every send in flight without recording anything, as a process killed mid-delivery
     * would: its leases stay until they run out. For restart tests and shutdown.
     */
    abandon(): void {
      abandoned = true;
      for (const abort of aborts) abort.abort();
    },
  };
}

/** A notifier that drains in a loop (the local runtime), waking early when asked. */
export function startNotifierLoop(
  notifier: ReturnType<typeof createNotifier>,
  options: { idleMs?: number; onError?: (error: unknown) => void } = {},
) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const idle = options.idleMs ?? 250;
  const running = (async () => {
    while (!stopped) {
      try {
        const report = await notifier.drainOnce();
        if (report.delivered + report.retried + report.failed > 0) continue;
      } catch (error) {
        options.onError?.(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idle);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
  return {
    /** Runs a pass now rather than after the idle wait. */
    poke(): void {
      wake?.();
    },
    /** Stops after the current pass (which finishes its sends and records them). */
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await running;
    },
    /** Stops at once, leaving sends in flight unrecorded (a crash, for tests). */
    async kill(): Promise<void> {
      stopped = true;
      notifier.abandon();
      wake?.();
      await running.catch(() => undefined);
    },
  };
}
