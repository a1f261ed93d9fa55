/**
 * Ops basics on alerts (issue 13 item 4): assign to a person, snooze with a reason until a time,
 * end a snooze, and acknowledge several at once. Each is refused to leaders and planners and
 * outside the user's provinces, and each is audited.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { alertParamsSchema, alertQuerySchema, alertSchema } from "./schemas.js";

const signedIn = [{ dashboardToken: [] }];
const STATUS_NAMES = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
} as const;
const errors = (...statuses: Array<keyof typeof STATUS_NAMES>) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${STATUS_NAMES[s]}` }])) as Record<
    keyof typeof STATUS_NAMES,
    { $ref: string }
  >;
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const body = (name: string) => ({
  required: true,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});

/** Body of `POST /v1/alerts/{id}/assign`. */
export const alertAssignSchema = z
  .strictObject({
    assignee: z
      .string()
      .check(z.minLength(1), z.maxLength(128), z.describe("The user name of the person who takes it")),
    note: z.optional(z.string().check(z.maxLength(2000))),
  })
  .register(z.globalRegistry, { id: "AlertAssign" });

/** Body of `POST /v1/alerts/{id}/snooze`. */
export const alertSnoozeSchema = z
  .strictObject({
    until: z.iso.datetime({ offset: true }).check(z.describe("When it nags again; at most 7 days ahead")),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  })
  .register(z.globalRegistry, { id: "AlertSnooze" });

/** Body of `POST /v1/alerts/ack`. */
export const bulkAckSchema = z
  .strictObject({
    ids: z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.minLength(1), z.maxLength(100)),
    note: z.optional(z.string().check(z.maxLength(2000))),
  })
  .register(z.globalRegistry, { id: "BulkAcknowledge" });

/** The body schemas of these routes by component name; the API registers them in the document. */
export const ALERT_OPS_BODY_SCHEMAS = {
  AlertAssign: alertAssignSchema,
  AlertSnooze: alertSnoozeSchema,
  BulkAcknowledge: bulkAckSchema,
} as const;

/** `POST /v1/alerts/ack`: each id's outcome, in request order. */
export const bulkAckResultSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        outcome: z.enum(["acknowledged", "already-acknowledged", "already-resolved", "not-found"]),
        alert: z.optional(alertSchema),
      }),
    ),
  })
  .register(z.globalRegistry, { id: "BulkAcknowledgeResult" });

const alertOp = (action: "assign" | "snooze" | "unsnooze", operationId: string, summary: string, name?: string) =>
  createRoute({
    method: "post",
    path: `/v1/alerts/{id}/${action}`,
    operationId,
    summary,
    security: signedIn,
    request: { params: alertParamsSchema, query: alertQuerySchema, ...(name ? { body: body(name) } : {}) },
    responses: { 200: json("The updated alert", alertSchema), ...errors(400, 401, 403, 404, 409) },
  });

export const assignAlertRoute = alertOp(
  "assign",
  "assignAlert",
  "Assign an alert to a person (ops, admin)",
  "AlertAssign",
);
export const snoozeAlertRoute = alertOp(
  "snooze",
  "snoozeAlert",
  "Snooze an alert with a reason until a time: no sound, no escalation until then (ops, admin)",
  "AlertSnooze",
);
export const unsnoozeAlertRoute = alertOp("unsnooze", "unsnoozeAlert", "End an alert's snooze early (ops, admin)");

export const bulkAckRoute = createRoute({
  method: "post",
  path: "/v1/alerts/ack",
  operationId: "acknowledgeAlerts",
  summary: "Acknowledge several alerts at once, each id with its outcome (ops, admin)",
  security: signedIn,
  request: { query: alertQuerySchema, body: body("BulkAcknowledge") },
  responses: { 200: json("Each id's outcome", bulkAckResultSchema), ...errors(400, 401, 403) },
});
