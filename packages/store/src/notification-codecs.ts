/**
 * The stored entities of notifications (issue 13, item 3), all in the Control table (no stream,
 * so neither consumer of the State stream sees them): a province's notification policy, one
 * notification record per alert state change × channel × target (kept, and shown on the alert),
 * and an outbox entry per record still to send — the work queue the notifier claims from with a
 * lease, deleted in the same transaction that records the final outcome.
 */
import type { NotificationPolicy } from "@ioc/core";
import * as z from "zod/mini";
import { defineCodec, jsonData } from "./entity-codecs.js";
import { ENTITY } from "./keys.js";

/** Control table: a province's notification policy. */
export const notificationPolicyKey = (province: string) => ({ pk: `P#${province}`, sk: "NOTIFY-POLICY" });

/** Control table: the notifications of one alert, in state order (`listForAlert` is one query). */
export const notificationPartition = (province: string, alertId: string) => `NOTIFY#${province}#${alertId}`;
/** Zero-padded so that sort-key order is state order. */
export const notificationSort = (stateVersion: number, channel: string, target: string) =>
  `${String(stateVersion).padStart(6, "0")}#${channel}:${target}`;
/** Control table: one notification record. */
export const notificationKey = (
  province: string,
  alertId: string,
  stateVersion: number,
  channel: string,
  target: string,
) => ({
  pk: notificationPartition(province, alertId),
  sk: notificationSort(stateVersion, channel, target),
});

/**
 * Control table: the outbox, one partition. Only what is still to send lives here (entries go
 * once delivered or given up), so the notifier's query stays short however many were sent.
 */
export const OUTBOX_PK = "OUTBOX";
/** Control table: the outbox entry of a notification record. */
export const outboxKey = (record: {
  province: string;
  alertId: string;
  stateVersion: number;
  channel: string;
  target: string;
}) => ({
  pk: OUTBOX_PK,
  sk: `${record.province}#${record.alertId}#${notificationSort(record.stateVersion, record.channel, record.target)}`,
});

const severity = z.enum(["critical", "warning", "info"]);
const policySchema: z.ZodMiniType<NotificationPolicy> = z.object({
  province: z.string(),
  people: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  dutyLists: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(z.string()) })),
  webhooks: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), secret: z.string() })),
  routes: z.array(
    z.object({
      severities: z.array(severity),
      levels: z.array(
        z.object({ afterMinutes: z.number(), email: z.array(z.string()), webhooks: z.array(z.string()) }),
      ),
    }),
  ),
  quietHours: z.optional(z.object({ start: z.string(), end: z.string() })),
  updatedAt: z.optional(z.number()),
  updatedBy: z.optional(z.string()),
});

/** Control: a province's notification policy, kept whole as JSON (it is read and written whole). */
export const notificationPolicyCodec = defineCodec<NotificationPolicy>({
  entity: ENTITY.notificationPolicy,
  schema: jsonData(policySchema),
  keyOf: (p) => notificationPolicyKey(p.province),
  toAttributes: (p) => ({ data: JSON.stringify(p) }),
});

/** What happened to a notification. */
export type NotificationStatus = "pending" | "delivered" | "failed" | "suppressed";

/** One attempt's outcome. */
export interface DeliveryAttempt {
  at: number;
  ok: boolean;
  detail: string;
}

/** A notification of one alert state change to one target, and what became of it. */
export interface NotificationRecord {
  /** The planned delivery's key: alert id @ state version / channel:target. */
  key: string;
  idempotencyKey: string;
  province: string;
  alertId: string;
  stateVersion: number;
  change: "opened" | "escalated" | "acknowledged" | "resolved";
  level: number;
  channel: "email" | "webhook";
  target: string;
  recipient: string;
  status: NotificationStatus;
  attempts: number;
  /** When the alert changed. */
  changeAt: number;
  /** When the record was written. */
  createdAt: number;
  deliveredAt?: number;
  suppressed?: "quiet-hours";
  /** The webhook document, JSON (its `sentAt` is added when sent). */
  document: string;
  subject: string;
  text: string;
  /** The latest attempts, oldest first (at most `ATTEMPT_LOG_LIMIT`). */
  attemptLog: DeliveryAttempt[];
}

/** How many attempts a record keeps in its log. */
export const ATTEMPT_LOG_LIMIT = 12;

/** Control: a notification record. */
export const notificationCodec = defineCodec<NotificationRecord>({
  entity: ENTITY.notification,
  schema: z.object({
    key: z.string(),
    idempotencyKey: z.string(),
    province: z.string(),
    alertId: z.string(),
    stateVersion: z.number(),
    change: z.enum(["opened", "escalated", "acknowledged", "resolved"]),
    level: z.number(),
    channel: z.enum(["email", "webhook"]),
    target: z.string(),
    recipient: z.string(),
    status: z.enum(["pending", "delivered", "failed", "suppressed"]),
    attempts: z.number(),
    changeAt: z.number(),
    createdAt: z.number(),
    deliveredAt: z.optional(z.number()),
    suppressed: z.optional(z.literal("quiet-hours")),
    document: z.string(),
    subject: z.string(),
    text: z.string(),
    attemptLog: z._default(z.array(z.object({ at: z.number(), ok: z.boolean(), detail: z.string() })), []),
  }),
  keyOf: (r) => notificationKey(r.province, r.alertId, r.stateVersion, r.channel, r.target),
});

/** An outbox entry: which record to send, when, and who holds it (the lease). */
export interface OutboxEntry {
  province: string;
  alertId: string;
  stateVersion: number;
  channel: "email" | "webhook";
  target: string;
  /** Not before this time (epoch ms): the backoff of the last failure. */
  dueAt: number;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: number;
}

/** Control: an outbox entry. */
export const outboxEntryCodec = defineCodec<OutboxEntry>({
  entity: ENTITY.outboxEntry,
  schema: z.object({
    province: z.string(),
    alertId: z.string(),
    stateVersion: z.number(),
    channel: z.enum(["email", "webhook"]),
    target: z.string(),
    dueAt: z.number(),
    attempts: z.number(),
    leaseOwner: z.optional(z.string()),
    leaseUntil: z.optional(z.number()),
  }),
  keyOf: outboxKey,
});
