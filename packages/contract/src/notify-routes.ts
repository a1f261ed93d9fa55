/**
 * Notification routes (issue 13, item 3): a province's notification policy, read and replaced by
 * its admins, and the notifications of one alert with their delivery outcomes.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { alertParamsSchema, alertQuerySchema, provinceQuerySchema } from "./schemas.js";

const id = z
  .string()
  .check(
    z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and dashes"),
    z.describe("An id of this policy's own choosing"),
  );
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"));
const severity = z.enum(["critical", "warning", "info"]);

const levelSchema = z.strictObject({
  afterMinutes: z
    .int()
    .check(
      z.gte(0),
      z.lte(7 * 24 * 60),
      z.describe("Minutes since the alert opened, unacknowledged, before this level is told (0 for the first)"),
    ),
  email: z.array(id).check(z.maxLength(50), z.describe("Person or duty-list ids told by email")),
  webhooks: z.array(id).check(z.maxLength(20), z.describe("Webhook ids")),
});
const routeSchema = z.strictObject({
  severities: z.array(severity).check(z.minLength(1)),
  levels: z.array(levelSchema).check(z.minLength(1), z.maxLength(5)),
});
const personSchema = z.strictObject({
  id,
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  email: z.email().check(z.maxLength(254)),
});
const dutyListSchema = z.strictObject({
  id,
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  members: z.array(id).check(z.maxLength(100)),
});
const quietHoursSchema = z
  .strictObject({ start: hhmm, end: hhmm })
  .check(z.describe("Asia/Ho_Chi_Minh; non-critical alerts are recorded but not sent during them"));

/** Body of `PUT /v1/notification-policy`. A webhook without `secret` keeps the one stored under its id. */
export const notificationPolicyInputSchema = z
  .strictObject({
    people: z.array(personSchema).check(z.maxLength(200)),
    dutyLists: z.array(dutyListSchema).check(z.maxLength(50)),
    webhooks: z
      .array(
        z.strictObject({
          id,
          name: z.string().check(z.minLength(1), z.maxLength(120)),
          url: z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)),
          secret: z
            .optional(z.string().check(z.minLength(16), z.maxLength(200)))
            .check(z.describe("Signs each body (HMAC-SHA256); never answered back")),
        }),
      )
      .check(z.maxLength(20)),
    routes: z.array(routeSchema).check(z.maxLength(3)),
    quietHours: z.optional(quietHoursSchema),
  })
  .check(z.meta({ id: "NotificationPolicyInput" }));

/** A policy as the API answers it: webhook secrets are never sent back. */
export const notificationPolicySchema = z
  .object({
    province: z.string(),
    configured: z.boolean().check(z.describe("False while the province has no policy (nobody is notified)")),
    people: z.array(personSchema),
    dutyLists: z.array(dutyListSchema),
    webhooks: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), hasSecret: z.boolean() })),
    routes: z.array(routeSchema),
    quietHours: z.optional(quietHoursSchema),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  })
  .check(z.meta({ id: "NotificationPolicy" }));

/** One notification of an alert and what became of it. */
export const alertNotificationSchema = z.object({
  change: z.enum(["opened", "escalated", "acknowledged", "resolved"]),
  level: z.int(),
  channel: z.enum(["email", "webhook"]),
  recipient: z.string(),
  status: z.enum(["pending", "delivered", "failed", "suppressed"]),
  suppressed: z.optional(z.literal("quiet-hours")),
  attempts: z.int(),
  idempotencyKey: z.string(),
  changeAt: z.string(),
  deliveredAt: z.optional(z.string()),
  lastAttempt: z.optional(z.object({ at: z.string(), ok: z.boolean(), detail: z.string() })),
});

/** `GET /v1/alerts/{id}/notifications`. */
export const alertNotificationsSchema = z
  .object({ alertId: z.string(), notifications: z.array(alertNotificationSchema) })
  .check(z.meta({ id: "AlertNotifications" }));

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
