/**
 * The administration routes of data sources and their keys (issue 13 item 1): an admin of a
 * province lists, adds and edits its sources and creates, rotates and revokes their keys. A key's
 * secret appears once, in the answer that created it; every other answer carries its id only.
 * Request bodies are documented by reference and parsed by the handler (see routes.ts on why).
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";

const signedIn = [{ dashboardToken: [] }];

/** The query every source route takes: the province whose sources they are. */
export const sourcesQuerySchema = z.object({
  province: z
    .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
    .check(z.describe("Defaults to the deployment's province")),
});

const SOURCE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const sourceId = z.string().check(z.regex(SOURCE_ID, "lowercase letters, digits and hyphens (2–63 characters)"));
// Loose on purpose: an unknown id is a 404 after the permission check, not a 400 before it.
const keyId = z.string().check(z.minLength(1), z.maxLength(64), z.describe("A key id such as k_3f9a2c1b0e"));

/** Path of the routes of one source. */
export const sourceParamsSchema = z.object({ id: sourceId });
/** Path of the routes of one key. */
export const sourceKeyParamsSchema = z.object({ id: sourceId, keyId });

const metricPrefixes = z
  .array(z.string().check(z.maxLength(64)))
  .check(
    z.minLength(1),
    z.maxLength(32),
    z.describe('Metric key prefixes the source may write, e.g. "net."; [""] allows every metric'),
  );
const cadenceSeconds = z.int().check(z.gte(1), z.lte(31 * 86_400), z.describe("Expected reporting cadence in seconds"));
const rateLimitPerMinute = z.int().check(z.gte(1), z.lte(1_000_000), z.describe("Readings per minute; over it, 429"));

/** Body of `POST /v1/sources`. */
export const sourceCreateSchema = z
  .strictObject({
    id: sourceId,
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    metricPrefixes,
    cadenceSeconds,
    rateLimitPerMinute: z.optional(rateLimitPerMinute),
  })
  .check(z.meta({ id: "SourceCreate" }));

/** Body of `PATCH /v1/sources/{id}`: only the fields to change. */
export const sourcePatchSchema = z
  .strictObject({
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    metricPrefixes: z.optional(metricPrefixes),
    cadenceSeconds: z.optional(cadenceSeconds),
    rateLimitPerMinute: z.optional(rateLimitPerMinute),
    enabled: z.optional(z.boolean()).check(z.describe("false refuses every key of the source (401) until re-enabled")),
  })
  .check(z.meta({ id: "SourcePatch" }));

/** A key as listed: never its secret nor its hash. */
export const sourceKeySchema = z
  .object({
    keyId: z.string(),
    status: z.enum(["active", "revoked"]),
    createdAt: z.string(),
    lastUsedAt: z
      .nullable(z.string())
      .check(z.describe("The last accepted ingest with it (recorded at most once a minute)")),
    revokedAt: z.nullable(z.string()),
  })
  .check(z.meta({ id: "SourceKey" }));

/** A source with its keys. */
export const sourceViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    provinceCode: z.string(),
    metricPrefixes: z.array(z.string()),
    cadenceSeconds: z.number(),
    rateLimitPerMinute: z.number(),
    enabled: z.boolean(),
    createdAt: z.nullable(z.string()),
    keys: z.array(sourceKeySchema),
  })
  .check(z.meta({ id: "SourceView" }));

/** `GET /v1/sources`. */
export const sourceListSchema = z
  .object({ province: z.string(), sources: z.array(sourceViewSchema) })
  .check(z.meta({ id: "SourceList" }));

/** A key just created: the only answer that carries its secret. */
export const createdKeySchema = z
  .object({
    key: z.string().check(z.describe("The secret, shown this once; only its hash is stored")),
    record: sourceKeySchema,
    revokedKeyId: z.optional(z.string()).check(z.describe("On rotation: the key it replaced, now revoked")),
  })
  .check(z.meta({ id: "CreatedSourceKey" }));

/** Body schemas of these routes, to be emitted as components. */
export const SOURCE_BODY_SCHEMAS = { SourceCreate: sourceCreateSchema, SourcePatch: sourcePatchSchema } as const;

const ref = (name: keyof typeof SOURCE_BODY_SCHEMAS) => ({
  required: true,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = (...statuses: Array<400 | 401 | 403 | 404 | 409>) => {
  const names = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict" };
  return Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${names[s]}` }]));
};

export const listSourcesRoute = createRoute({
  method: "get",
  path: "/v1/sources",
  operationId: "listSources",
  summary: "The data sources of a province with their keys, never a secret (admin)",
  description: "Needs sources:write in the province of the query.",
  security: signedIn,
  request: { query: sourcesQuerySchema },
  responses: { 200: json("The province's sources", sourceListSchema), ...errors(400, 401, 403) },
});

export const createSourceRoute = createRoute({
  method: "post",
  path: "/v1/sources",
  operationId: "createSource",
  summary: "Add a data source to a province (admin)",
  description:
    "Each metric prefix must match a catalogue metric. An id already taken (in any province) is a 409. Needs sources:write in the province.",
  security: signedIn,
  request: { query: sourcesQuerySchema, body: ref("SourceCreate") },
  responses: { 201: json("The stored source", sourceViewSchema), ...errors(400, 401, 403, 409) },
});

export const patchSourceRoute = createRoute({
  method: "patch",
  path: "/v1/sources/{id}",
  operationId: "patchSource",
  summary: "Edit a source's name, scope, cadence or rate, or disable and enable it (admin)",
  security: signedIn,
  request: { params: sourceParamsSchema, query: sourcesQuerySchema, body: ref("SourcePatch") },
  responses: { 200: json("The stored source", sourceViewSchema), ...errors(400, 401, 403, 404) },
});

export const createSourceKeyRoute = createRoute({
  method: "post",
  path: "/v1/sources/{id}/keys",
  operationId: "createSourceKey",
  summary: "Create a key for a source; its secret is in this answer only (admin)",
  security: signedIn,
  request: { params: sourceParamsSchema, query: sourcesQuerySchema },
  responses: { 201: json("The new key, shown once", createdKeySchema), ...errors(400, 401, 403, 404) },
});

export const rotateSourceKeyRoute = createRoute({
  method: "post",
  path: "/v1/sources/{id}/keys/{keyId}/rotate",
  operationId: "rotateSourceKey",
  summary: "Replace a key by a new one and revoke it at once (admin)",
  description:
    "For a rotation without downtime, create a second key, move the system to it, then revoke the old one instead.",
  security: signedIn,
  request: { params: sourceKeyParamsSchema, query: sourcesQuerySchema },
  responses: { 201: json("The new key, shown once", createdKeySchema), ...errors(400, 401, 403, 404, 409) },
});

export const revokeSourceKeyRoute = createRoute({
  method: "delete",
  path: "/v1/sources/{id}/keys/{keyId}",
  operationId: "revokeSourceKey",
  summary: "Revoke a key: the next ingest with it gets 401 (admin)",
  security: signedIn,
  request: { params: sourceKeyParamsSchema, query: sourcesQuerySchema },
  responses: { 200: json("The revoked key", sourceKeySchema), ...errors(400, 401, 403, 404) },
});
