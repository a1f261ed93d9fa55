/**
 * The administration routes of dead letters and of the sign-in issuer's users (issue 13 item 1).
 * Dead letters: the stream records the processor set aside after failing every attempt, listed
 * per province with why and what they carried, and replayed one at a time through the processor
 * (the result says whether it was folded in and removed, or failed again and was kept). Users:
 * the issuer's users who can see a province, with role and provinces; they are changed in the
 * issuer (Cognito on AWS), never through this API.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";

const signedIn = [{ dashboardToken: [] }];
const STATUS_NAMES = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  503: "ServiceUnavailable",
} as const;
const errors = (...statuses: Array<keyof typeof STATUS_NAMES>) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${STATUS_NAMES[s]}` }]));
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});

const province = z
  .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
  .check(z.describe("Defaults to the deployment's province"));

/** Query of `GET /v1/dead-letters`. */
export const deadLettersQuerySchema = z.object({
  province,
  limit: z._default(z.coerce.number<number | string>().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z
    .optional(z.string().check(z.regex(/^\d+\.[^/]{1,200}$/)))
    .check(z.describe("nextCursor of the previous page")),
});

/** Query of the replay route. */
export const deadLetterReplayQuerySchema = z.object({ province });

/** Path of the routes of one dead letter. */
export const deadLetterParamsSchema = z.object({
  // Loose on purpose: an unknown id is a 404 after the permission check, not a 400 before it.
  id: z.string().check(z.minLength(1), z.maxLength(200), z.describe("The stream event id of the dead letter")),
});

/** What the record carried, as far as it could be read. */
export const deadLetterSummarySchema = z
  .object({
    eventName: z.optional(z.string()),
    entity: z.optional(z.string()),
    sourceId: z.optional(z.string()),
    readingId: z.optional(z.string()),
    province: z.optional(z.string()),
    commune: z.optional(z.string()),
    metric: z.optional(z.string()),
    value: z.optional(z.number()).check(z.describe("Absent when its absence is why the record failed")),
    observedAt: z.optional(z.string()),
  })
  .check(z.meta({ id: "DeadLetterSummary" }));

/** One dead letter. */
export const deadLetterSchema = z
  .object({
    id: z.string(),
    at: z.string().check(z.describe("When it was set aside")),
    reason: z.string(),
    attempts: z.nullable(z.int()).check(z.describe("Attempts before it was set aside, when known")),
    summary: deadLetterSummarySchema,
  })
  .check(z.meta({ id: "DeadLetter" }));

/** `GET /v1/dead-letters`: newest first. */
export const deadLetterPageSchema = z
  .object({
    province: z.string(),
    total: z.int().check(z.describe("Dead letters of the province, across pages")),
    deadLetters: z.array(deadLetterSchema),
    nextCursor: z.optional(z.string()),
  })
  .check(z.meta({ id: "DeadLetterPage" }));

/** The answer of a replay. */
export const deadLetterReplaySchema = z
  .object({
    id: z.string(),
    outcome: z.enum(["replayed", "failed"]).check(z.describe("replayed: folded in and removed; failed: kept")),
    reason: z.optional(z.string()).check(z.describe("Why it failed again")),
  })
  .check(z.meta({ id: "DeadLetterReplay" }));

export const listDeadLettersRoute = createRoute({
  method: "get",
  path: "/v1/dead-letters",
  operationId: "listDeadLetters",
  summary: "The processor's dead letters of a province, newest first, with why and what they carried (admin)",
  description:
    "Needs deadletters:write in the province. A record too broken to name a province is listed to users of every province only.",
  security: signedIn,
  request: { query: deadLettersQuerySchema },
  responses: { 200: json("A page of dead letters", deadLetterPageSchema), ...errors(400, 401, 403, 503) },
});

export const replayDeadLetterRoute = createRoute({
  method: "post",
  path: "/v1/dead-letters/{id}/replay",
  operationId: "replayDeadLetter",
  summary: "Run a dead letter through the processor again: removed when it succeeds, kept when not (admin)",
  description:
    "Idempotent: the processor folds a record in once, so replaying twice never doubles anything. Audited as dlq.replay whatever the outcome. Needs deadletters:write in the province of the record.",
  security: signedIn,
  request: { params: deadLetterParamsSchema, query: deadLetterReplayQuerySchema },
  responses: { 200: json("What the replay did", deadLetterReplaySchema), ...errors(400, 401, 403, 404, 503) },
});

/** Query of `GET /v1/users`. */
export const usersQuerySchema = z.object({ province });

/** One user of the issuer. */
export const directoryUserSchema = z
  .object({
    username: z.string(),
    role: z.nullable(z.enum(["leader", "ops", "planner", "admin"])).check(z.describe("null: in no role group")),
    provinces: z.array(z.string()).check(z.describe('"*" is every province')),
    enabled: z.boolean(),
    status: z.optional(z.string()),
    createdAt: z.optional(z.string()),
  })
  .check(z.meta({ id: "DirectoryUser" }));

/** `GET /v1/users`. */
export const userListSchema = z
  .object({
    province: z.string(),
    issuer: z.enum(["local", "cognito"]).check(z.describe("Where the users are kept, and changed")),
    users: z.array(directoryUserSchema),
  })
  .check(z.meta({ id: "UserList" }));

export const listUsersRoute = createRoute({
  method: "get",
  path: "/v1/users",
  operationId: "listUsers",
  summary: "The sign-in issuer's users who can see a province, with role and provinces (admin)",
  description:
    "Needs users:read in the province. Read-only: users are changed in the issuer itself (the Cognito user pool on AWS).",
  security: signedIn,
  request: { query: usersQuerySchema },
  responses: { 200: json("The users", userListSchema), ...errors(400, 401, 403, 503) },
});
