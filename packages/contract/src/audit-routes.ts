/**
 * The audit trail's routes (issue 13 item 2): admins of a province search its chain and export
 * it as CSV. There is deliberately no route that edits or deletes a record.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";

const signedIn = [{ dashboardToken: [] }];
const STATUS_NAMES = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 503: "ServiceUnavailable" } as const;
const errors = (...statuses: Array<keyof typeof STATUS_NAMES>) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${STATUS_NAMES[s]}` }])) as Record<
    keyof typeof STATUS_NAMES,
    { $ref: string }
  >;

/** Query of `GET /v1/audit` and `GET /v1/audit.csv`. */
export const auditQuerySchema = z.object({
  province: z
    .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
    .check(z.describe("The chain; defaults to the deployment's province. 00 holds actions of no single province")),
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(128))).check(z.describe("The user name exactly")),
  action: z
    .optional(z.string().check(z.regex(/^[a-z-]+(\.[a-z-]+)+$/)))
    .check(z.describe("An action such as alert.ack")),
  object: z
    .optional(z.string().check(z.minLength(1), z.maxLength(300)))
    .check(z.describe("An object type, an object id, or type/id")),
  from: z.optional(z.iso.datetime({ offset: true })).check(z.describe("Inclusive")),
  to: z.optional(z.iso.datetime({ offset: true })).check(z.describe("Exclusive")),
  limit: z._default(z.coerce.number<number | string>().check(z.int(), z.gte(1), z.lte(500)), 50),
  cursor: z.optional(z.string().check(z.regex(/^\d+$/))).check(z.describe("nextCursor of the previous page")),
});

/** One audit record on the wire (`AuditRecord` in packages/core/src/audit.ts, `at` as ISO text). */
export const auditRecordSchema = z
  .object({
    province: z.string(),
    seq: z.int(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string(),
    before: z.optional(z.unknown()),
    after: z.optional(z.unknown()),
    address: z.optional(z.string()),
    userAgent: z.optional(z.string()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .check(z.meta({ id: "AuditRecord" }));

/** `GET /v1/audit`: newest first. */
export const auditPageSchema = z
  .object({ province: z.string(), records: z.array(auditRecordSchema), nextCursor: z.optional(z.string()) })
  .check(z.meta({ id: "AuditPage" }));

export const auditRoute = createRoute({
  method: "get",
  path: "/v1/audit",
  operationId: "listAudit",
  summary: "The province's audit trail, newest first, filtered by person, action, object and period (admin)",
  security: signedIn,
  request: { query: auditQuerySchema },
  responses: {
    200: { description: "One page of records", content: { "application/json": { schema: auditPageSchema } } },
    ...errors(400, 401, 403, 503),
  },
});

export const auditCsvRoute = createRoute({
  method: "get",
  path: "/v1/audit.csv",
  operationId: "exportAudit",
  summary: "The same search as CSV (UTF-8 with BOM, bilingual headers, formula cells neutralised; admin)",
  security: signedIn,
  request: { query: z.omit(auditQuerySchema, { limit: true, cursor: true }) },
  responses: {
    200: { description: "A CSV file", content: { "text/csv": { schema: z.string() } } },
    ...errors(400, 401, 403, 503),
  },
});
