/**
 * Wall devices (issue 14 item 4): an admin registers a named wall screen of one province and gets
 * a one-time enrolment code; the wall trades the code once for a long-lived device secret, then
 * the secret for short-lived read-only tokens; revoking the device refuses its next renewal.
 * Bodies are parsed by the handlers with these same schemas, so every failure is one problem code.
 */

import * as z from "zod/mini";
import { loginResponseSchema } from "./auth-schemas.js";
import { createRoute } from "./route-def.js";
import { problemResponseOf } from "./routes.js";

const signedIn = [{ dashboardToken: [] }];
const open: Array<Record<string, string[]>> = [];
const problems = (...statuses: Array<400 | 401 | 403 | 404 | 413 | 503>) =>
  Object.fromEntries(statuses.map((s) => [s, problemResponseOf(s)]));
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
// Documented inline and parsed by the handler (not by a validator in front of it), as every body here.
type Property = { type: "string"; maxLength?: number; pattern?: string };
const body = (description: string, properties: Record<string, Property>, required: string[]) => ({
  required: true,
  description,
  content: { "application/json": { schema: { type: "object" as const, properties, required } } },
});

/** `POST /v1/devices` body. */
export const deviceCreateSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  province: z.optional(z.string().check(z.regex(/^\d{2}$/))),
});
/** `POST /v1/devices/enrol` body. */
export const deviceEnrolSchema = z.strictObject({ code: z.string().check(z.minLength(10), z.maxLength(200)) });
/** `POST /v1/devices/token` body. */
export const deviceTokenSchema = z.strictObject({ secret: z.string().check(z.minLength(10), z.maxLength(200)) });

/** A device as admins see it: no hash, no secret. */
export const deviceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  province: z.string(),
  status: z.enum(["pending", "active", "revoked"]),
  enrolmentExpiresAt: z.optional(z.number()),
  createdAt: z.number(),
  createdBy: z.string(),
  enrolledAt: z.optional(z.number()),
  revokedAt: z.optional(z.number()),
  lastSeenAt: z.optional(z.number()),
});
const deviceParamsSchema = z.object({ id: z.string().check(z.regex(/^d_[0-9a-f]{20}$/, "a device id")) });

export const createDeviceRoute = createRoute({
  method: "post",
  path: "/v1/devices",
  operationId: "createDevice",
  summary: "Register a wall screen and get its one-time enrolment code (admin)",
  security: signedIn,
  request: {
    body: body(
      "The wall's name and its province (the admin's default province when omitted)",
      { name: { type: "string", maxLength: 120 }, province: { type: "string", pattern: "^\\d{2}$" } },
      ["name"],
    ),
  },
  responses: {
    201: json(
      "The pending device, its one-time code and the enrolment path to open on the wall",
      z.object({ device: deviceViewSchema, enrolmentCode: z.string(), enrolmentPath: z.string() }),
    ),
    ...problems(400, 401, 403, 413, 503),
  },
});

export const listDevicesRoute = createRoute({
  method: "get",
  path: "/v1/devices",
  operationId: "listDevices",
  summary: "The wall screens of the provinces the admin manages",
  security: signedIn,
  responses: {
    200: json("Devices, oldest first", z.object({ devices: z.array(deviceViewSchema) })),
    ...problems(401, 403, 503),
  },
});

export const revokeDeviceRoute = createRoute({
  method: "delete",
  path: "/v1/devices/{id}",
  operationId: "revokeDevice",
  summary: "Revoke a wall screen: its next token renewal is refused (admin)",
  security: signedIn,
  request: { params: deviceParamsSchema },
  responses: {
    200: json("The revoked device", z.object({ device: deviceViewSchema })),
    ...problems(400, 401, 403, 404, 503),
  },
});

export const enrolDeviceRoute = createRoute({
  method: "post",
  path: "/v1/devices/enrol",
  operationId: "enrolDevice",
  summary: "A wall trades its one-time enrolment code for its device secret and a first token",
  security: open,
  request: { body: body("The one-time code", { code: { type: "string" } }, ["code"]) },
  responses: {
    200: json(
      "The device secret (keep it; it is not shown again) and a short-lived read-only token",
      z.extend(loginResponseSchema, { secret: z.string() }),
    ),
    ...problems(400, 401, 413),
  },
});

export const deviceTokenRoute = createRoute({
  method: "post",
  path: "/v1/devices/token",
  operationId: "renewDeviceToken",
  summary: "A wall trades its device secret for a fresh short-lived read-only token",
  security: open,
  request: { body: body("The device secret", { secret: { type: "string" } }, ["secret"]) },
  responses: {
    200: json("A short-lived read-only token", loginResponseSchema),
    ...problems(400, 401, 413),
  },
});
