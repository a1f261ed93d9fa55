/**
 * Notification routes (issue 13, item 3): a province's notification policy, read and replaced by
 * its admins, and the notifications of one alert with their delivery outcomes.
 */

import { z } from "zod";
import { createRoute } from "./route-def.js";
import { alertParamsSchema, alertQuerySchema, provinceQuerySchema } from "./schemas.js";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and dashes")
  .describe("An id of this policy's own choosing");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");
const severity = z.enum(["critical", "warning", "info"]);

const levelSchema = z
  .object({
    afterMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .describe("Minutes since the alert opened, unacknowledged, before this level is told (0 for the first)"),
    email: z.array(id).max(50).describe("Person or duty-list ids told by email"),
    webhooks: z.array(id).max(20).describe("Webhook ids"),
  })
  .strict();
const routeSchema = z
  .object({ severities: z.array(severity).min(1), levels: z.array(levelSchema).min(1).max(5) })
  .strict();
const personSchema = z.object({ id, name: z.string().min(1).max(120), email: z.email().max(254) }).strict();
const dutyListSchema = z.object({ id, name: z.string().min(1).max(120), members: z.array(id).max(100) }).strict();
const quietHoursSchema = z
  .object({ start: hhmm, end: hhmm })
  .strict()
  .describe("Asia/Ho_Chi_Minh; non-critical alerts are recorded but not sent during them");

/** Body of `PUT /v1/notification-policy`. A webhook without `secret` keeps the one stored under its id. */
export const notificationPolicyInputSchema = z
  .object({
    people: z.array(personSchema).max(200),
    dutyLists: z.array(dutyListSchema).max(50),
    webhooks: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1).max(120),
            url: z.url({ protocol: /^https?$/ }).max(2000),
            secret: z
              .string()
              .min(16)
              .max(200)
              .optional()
              .describe("Signs each body (HMAC-SHA256); never answered back"),
          })
          .strict(),
      )
      .max(20),
    routes: z.array(routeSchema).max(3),
    quietHours: quietHoursSchema.optional(),
  })
  .strict()
  .meta({ id: "NotificationPolicyInput" });

/** A policy as the API answers it: webhook secrets are never sent back. */
export const notificationPolicySchema = z
  .object({
    province: z.string(),
    configured: z.boolean().describe("False while the province has no policy (nobody is notified)"),
    people: z.array(personSchema),
    dutyLists: z.array(dutyListSchema),
    webhooks: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), hasSecret: z.boolean() })),
    routes: z.array(routeSchema),
    quietHours: quietHoursSchema.optional(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "NotificationPolicy" });

/** One notification of an alert and what became of it. */
export const alertNotificationSchema = z.object({
  change: z.enum(["opened", "escalated", "acknowledged", "resolved"]),
  level: z.number().int(),
  channel: z.enum(["email", "webhook"]),
  recipient: z.string(),
  status: z.enum(["pending", "delivered", "failed", "suppressed"]),
  suppressed: z.literal("quiet-hours").optional(),
  attempts: z.number().int(),
  idempotencyKey: z.string(),
  changeAt: z.string(),
  deliveredAt: z.string().optional(),
  lastAttempt: z.object({ at: z.string(), ok: z.boolean(), detail: z.string() }).optional(),
});

/** `GET /v1/alerts/{id}/notifications`. */
export const alertNotificationsSchema = z
  .object({ alertId: z.string(), notifications: z.array(alertNotificationSchema) })
  .meta({ id: "AlertNotifications" });

const security = [{ dashboardToken: [] }];
const problems = (...statuses: Array<400 | 401 | 403 | 404>) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        $ref: `#/components/responses/${{ 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound" }[s]}`,
      },
    ]),
  );

export const getNotificationPolicyRoute = createRoute({
  method: "get",
  path: "/v1/notification-policy",
  operationId: "getNotificationPolicy",
  summary: "The province's notification policy (admin)",
  security,
  request: { query: provinceQuerySchema },
  responses: {
    200: { description: "The policy", content: { "application/json": { schema: notificationPolicySchema } } },
    ...problems(400, 401, 403),
  },
});

export const putNotificationPolicyRoute = createRoute({
  method: "put",
  path: "/v1/notification-policy",
  operationId: "putNotificationPolicy",
  summary: "Replace the province's notification policy (admin)",
  security,
  request: {
    query: provinceQuerySchema,
    body: {
      required: true,
      content: { "application/json": { schema: notificationPolicyInputSchema } },
    },
  },
  responses: {
    200: { description: "The stored policy", content: { "application/json": { schema: notificationPolicySchema } } },
    ...problems(400, 401, 403),
  },
});

export const alertNotificationsRoute = createRoute({
  method: "get",
  path: "/v1/alerts/{id}/notifications",
  operationId: "listAlertNotifications",
  summary: "The notifications of an alert's state changes, with their delivery outcomes",
  security,
  request: { params: alertParamsSchema, query: alertQuerySchema },
  responses: {
    200: {
      description: "The notifications, in state order",
      content: { "application/json": { schema: alertNotificationsSchema } },
    },
    ...problems(400, 401, 403, 404),
  },
});
