/**
 * Every route of the public API, declared once with `createRoute`: method, path, parameters,
 * body, answers, security and operationId. The API registers its handlers with these objects
 * (`app.openapi(route, handler)`), so a route cannot exist without its schema and its entry in
 * `/v1/openapi.json`; clients infer their types from the schemas the routes name.
 *
 * Request bodies are documented by reference to their schema and parsed by the handler with the
 * same schema (`BODY_SCHEMAS`): ingest checks each reading on its own and must answer a 202 with
 * the bad ones listed, and every route keeps one code for unparseable JSON (`malformed-json`),
 * which a validator in front of the handler would answer differently.
 */

import { MAX_BODY_BYTES, MAX_READINGS_PER_REQUEST, readingsRequestSchema } from "@ioc/core";
import * as z from "zod/mini";
import { jwksSchema, loginRequestSchema, loginResponseSchema, principalSchema } from "./auth-schemas.js";
import { PROBLEMS, problemCodesWithStatus } from "./problems.js";
import { createRoute } from "./route-def.js";
import {
  alertActionSchema,
  alertPageSchema,
  alertParamsSchema,
  alertQuerySchema,
  alertRuleSchema,
  alertSchema,
  alertsQuerySchema,
  communeDetailSchema,
  communeFeatureCollectionSchema,
  communeLabelCollectionSchema,
  communeParamsSchema,
  communesQuerySchema,
  communesResponseSchema,
  dxIndexQuerySchema,
  dxIndexResponseSchema,
  gapsQuerySchema,
  gapsResponseSchema,
  healthSchema,
  ingestReportSchema,
  kpisQuerySchema,
  kpisResponseSchema,
  openApiDocumentSchema,
  provinceQuerySchema,
  ruleParamsSchema,
  rulesResponseSchema,
  scenarioBodySchema,
  scenarioListSchema,
  scenarioParamsSchema,
  scenarioQuerySchema,
  scenarioViewSchema,
  seriesQuerySchema,
  seriesSchema,
} from "./schemas.js";

/** The security schemes the routes name. */
export const SECURITY_SCHEMES = {
  sourceKey: {
    type: "http",
    scheme: "bearer",
    description: "A per-source API key, scoped to one province and to metric prefixes",
  },
  dashboardToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A dashboard user's sign-in token: Cognito's ID token on AWS, POST /v1/auth/login locally. Roles leader, ops, planner, admin, each scoped to provinces.",
  },
} as const;

const signedIn = [{ dashboardToken: [] }];
const sourceKey = [{ sourceKey: [] }];
// Explicitly public, so a generated client sends no credentials and a reader knows it was meant.
const open: Array<Record<string, string[]>> = [];

/** The error statuses the API answers with, each a shared problem+json response. */
export const PROBLEM_RESPONSES = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  413: "ContentTooLarge",
  415: "UnsupportedMediaType",
  422: "UnprocessableContent",
  429: "TooManyRequests",
  503: "ServiceUnavailable",
  // What a route without client input may still answer (a proxy's refusal, a method Hono does not
  // serve): a problem document, like every error.
  "4XX": "ClientError",
} as const;
type ErrorStatus = keyof typeof PROBLEM_RESPONSES;

/** The documented response of an error status: its problem codes, from the catalogue. */
export function problemResponseOf(status: ErrorStatus | `${ErrorStatus}`) {
  if (status === "4XX") {
    return {
      description: "A client error, as a problem document",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  const codes = problemCodesWithStatus(Number(status));
  return {
    description: `A problem document; code is one of ${codes.map((c) => `${c} (${PROBLEMS[c].en})`).join(", ")}`,
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  };
}

const errors = <const S extends readonly ErrorStatus[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }])) as Record<
    S[number],
    { $ref: string }
  >;

/** Request bodies by component name (each schema's meta id): documented by reference, parsed by the handler with the same schema. */
export const BODY_SCHEMAS = {
  ReadingsRequest: readingsRequestSchema,
  LoginRequest: loginRequestSchema,
  AlertAction: alertActionSchema,
  AlertRule: alertRuleSchema,
  Scenario: scenarioBodySchema,
} as const;

const jsonBody = (name: keyof typeof BODY_SCHEMAS, required = true) => ({
  required,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  summary: "Liveness with the store reachable",
  security: open,
  responses: { 200: json("Up", healthSchema), ...errors("4XX", 503) },
});

export const openApiRoute = createRoute({
  method: "get",
  path: "/v1/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This document",
  security: open,
  responses: { 200: json("OpenAPI 3.1", openApiDocumentSchema), ...errors("4XX") },
});

export const docsRoute = createRoute({
  method: "get",
  path: "/v1/docs",
  operationId: "getApiReference",
  summary: "A reference page rendered from this document, with no CDN",
  security: open,
  responses: {
    200: { description: "An HTML page", content: { "text/html": { schema: z.string() } } },
    ...errors("4XX"),
  },
});

export const ingestRoute = createRoute({
  method: "post",
  path: "/v1/readings",
  operationId: "postReadings",
  summary: "Push readings",
  description: [
    `At most ${MAX_READINGS_PER_REQUEST} readings and ${MAX_BODY_BYTES / 1024} KiB per request.`,
    "Each reading is checked on its own: valid ones are stored, the others are reported by index.",
    "The same (source, id) is stored once, so retrying a request is always safe.",
    "CSV (text/csv, UTF-8, a BOM allowed) carries the same columns with a header row:",
    "id,commune,metric,value,observedAt[,codeSystem]; rejections then also give the line.",
  ].join(" "),
  security: sourceKey,
  request: {
    body: {
      required: true,
      content: {
        ...jsonBody("ReadingsRequest").content,
        "text/csv": { schema: { type: "string", description: "id,commune,metric,value,observedAt[,codeSystem]" } },
      },
    },
  },
  responses: {
    202: json("Accepted: a report of what was stored", ingestReportSchema),
    ...errors(400, 401, 403, 413, 415, 422, 429),
  },
});

export const communesRoute = createRoute({
  method: "get",
  path: "/v1/communes",
  operationId: "listCommunes",
  summary: "The registry with each commune's latest values",
  security: signedIn,
  request: { query: communesQuerySchema },
  responses: {
    200: json(
      "Communes (JSON), a FeatureCollection with boundaries (geojson), or with label points when the boundaries come as tiles (geojson, boundaries=auto)",
      z.union([communesResponseSchema, communeFeatureCollectionSchema, communeLabelCollectionSchema]),
    ),
    ...errors(400, 401, 403, 404),
  },
});

export const communeRoute = createRoute({
  method: "get",
  path: "/v1/communes/{code}",
  operationId: "getCommune",
  summary: "One commune with its latest values and boundary",
  security: signedIn,
  request: { params: communeParamsSchema, query: z.pick(communesQuerySchema, { province: true }) },
  responses: { 200: json("The commune", communeDetailSchema), ...errors(400, 401, 403, 404) },
});

export const seriesRoute = createRoute({
  method: "get",
  path: "/v1/communes/{code}/series",
  operationId: "getCommuneSeries",
  summary: "A commune's series of one metric, in hourly or daily buckets (at most 1,000)",
  security: signedIn,
  request: { params: communeParamsSchema, query: seriesQuerySchema },
  responses: { 200: json("The buckets, oldest first", seriesSchema), ...errors(400, 401, 403) },
});

export const kpisRoute = createRoute({
  method: "get",
  path: "/v1/kpis",
  operationId: "getKpis",
  summary: "The province's indicators against their targets, with their change over seven days",
  security: signedIn,
  request: { query: kpisQuerySchema },
  responses: { 200: json("The indicators", kpisResponseSchema), ...errors(400, 401, 403) },
});

export const alertsRoute = createRoute({
  method: "get",
  path: "/v1/alerts",
  operationId: "listAlerts",
  summary: "Alerts, newest first, one page at a time, with the not-resolved counts per severity",
  security: signedIn,
  request: { query: alertsQuerySchema },
  responses: { 200: json("One page of alerts", alertPageSchema), ...errors(400, 401, 403) },
});

export const alertRoute = createRoute({
  method: "get",
  path: "/v1/alerts/{id}",
  operationId: "getAlert",
  summary: "One alert with its history",
  security: signedIn,
  request: { params: alertParamsSchema, query: alertQuerySchema },
  responses: { 200: json("The alert", alertSchema), ...errors(400, 401, 403, 404) },
});

const alertAction = (action: "ack" | "resolve", operationId: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/v1/alerts/{id}/${action}`,
    operationId,
    summary,
    security: signedIn,
    request: { params: alertParamsSchema, query: alertQuerySchema, body: jsonBody("AlertAction", false) },
    responses: { 200: json("The updated alert", alertSchema), ...errors(400, 401, 403, 404, 409) },
  });
export const acknowledgeRoute = alertAction("ack", "acknowledgeAlert", "Acknowledge an alert (ops, admin)");
export const resolveRoute = alertAction("resolve", "resolveAlert", "Resolve an alert by hand (ops, admin)");

export const rulesRoute = createRoute({
  method: "get",
  path: "/v1/rules",
  operationId: "listRules",
  summary: "The alert rules in force in a province",
  description:
    "The province's own rules and the national templates it has not adopted (those carry no province). A user sees the rules of their provinces only.",
  security: signedIn,
  request: { query: provinceQuerySchema },
  responses: { 200: json("The rules", rulesResponseSchema), ...errors(400, 401, 403) },
});

export const putRuleRoute = createRoute({
  method: "put",
  path: "/v1/rules/{id}",
  operationId: "putRule",
  summary: "Create or replace an alert rule of a province (admin)",
  description:
    "Stores the rule under the province of the query (default: the deployment's). A rule with a national template's id adopts the template in that province only; every other province keeps the template. Needs rules:write in that province.",
  security: signedIn,
  request: { params: ruleParamsSchema, query: provinceQuerySchema, body: jsonBody("AlertRule") },
  responses: { 200: json("The stored rule", alertRuleSchema), ...errors(400, 401, 403) },
});

export const gapsRoute = createRoute({
  method: "get",
  path: "/v1/gaps",
  operationId: "getGaps",
  summary: "Coverage gaps: communes ranked by gap score, with the reasons (docs/GAPS.md)",
  description:
    "format=json needs gaps:read (leader, planner, admin). format=csv (UTF-8 with BOM, bilingual headers) and format=geojson (a FeatureCollection with score and reasons in properties) are downloads and need gaps:export (planner, admin).",
  security: signedIn,
  request: { query: gapsQuerySchema },
  responses: {
    200: {
      description: "The ranking, a CSV file or a GeoJSON FeatureCollection",
      content: {
        "application/json": { schema: gapsResponseSchema },
        "text/csv": { schema: z.string() },
        "application/geo+json": { schema: z.looseObject({ type: z.literal("FeatureCollection") }) },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

export const dxIndexRoute = createRoute({
  method: "get",
  path: "/v1/dx-index",
  operationId: "getDxIndex",
  summary: "The commune digital-transformation index: pillar scores, composite and ranking",
  security: signedIn,
  request: { query: dxIndexQuerySchema },
  responses: { 200: json("The index, ranked", dxIndexResponseSchema), ...errors(400, 401, 403, 404) },
});

export const createScenarioRoute = createRoute({
  method: "post",
  path: "/v1/scenarios",
  operationId: "createScenario",
  summary: "Save a scenario of planned sites and get the recomputed gaps (planner, admin)",
  security: signedIn,
  request: { query: scenarioQuerySchema, body: jsonBody("Scenario") },
  responses: {
    201: json("The saved scenario with its result", scenarioViewSchema),
    ...errors(400, 401, 403, 404, 503),
  },
});

export const scenariosRoute = createRoute({
  method: "get",
  path: "/v1/scenarios",
  operationId: "listScenarios",
  summary: "The signed-in user's saved scenarios",
  security: signedIn,
  responses: { 200: json("Scenarios, newest first", scenarioListSchema), ...errors(401, 403, 503) },
});

export const scenarioRoute = createRoute({
  method: "get",
  path: "/v1/scenarios/{id}",
  operationId: "getScenario",
  summary: "A saved scenario by id (shareable), with the recomputed gaps and rank changes",
  security: signedIn,
  request: { params: scenarioParamsSchema, query: z.omit(scenarioQuerySchema, { province: true }) },
  responses: {
    200: json("The scenario and its result", scenarioViewSchema),
    ...errors(400, 401, 403, 404, 503),
  },
});

export const loginRoute = createRoute({
  method: "post",
  path: "/v1/auth/login",
  operationId: "login",
  summary: "Sign in to the dashboard (local runtime only)",
  description:
    "The local runtime's built-in issuer signs tokens for its demo users (leader, ops, planner, admin). On AWS, users sign in with Cognito and this route does not exist.",
  security: open,
  request: { body: jsonBody("LoginRequest") },
  responses: {
    200: json("A sign-in token and the user it names", loginResponseSchema),
    ...errors(400, 401, 413, 429),
  },
});

export const meRoute = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  summary: "The signed-in user: role and provinces",
  security: signedIn,
  responses: { 200: json("The user", principalSchema), ...errors(401) },
});

export const jwksRoute = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  operationId: "getJwks",
  summary: "The local issuer's public keys (local runtime only)",
  security: open,
  responses: { 200: json("A JSON Web Key Set", jwksSchema), ...errors("4XX") },
});
