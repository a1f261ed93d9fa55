/**
 * The OpenAPI 3.1 document, generated from the same Zod schemas that validate requests.
 * Later features register their paths here too.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { MAX_BODY_BYTES, MAX_READINGS_PER_REQUEST, readingsRequestSchema, scenarioSchema } from "@ioc/core";
import { z } from "zod";
import { jwksSchema, loginRequestSchema, loginResponseSchema, principalSchema } from "./auth/auth-schemas.js";
import { gapsQuerySchema, provinceQuerySchema, scenarioParamsSchema } from "./gaps-routes.js";
import {
  communeParamsSchema,
  communeSummarySchema,
  communesQuerySchema,
  healthSchema,
  ingestReportSchema,
  problemSchema,
  provinceHeaderSchema,
} from "./schemas.js";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

/** Builds the document (once per process; it is static). */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const sourceKey = registry.registerComponent("securitySchemes", "sourceKey", {
    type: "http",
    scheme: "bearer",
    description: "A per-source API key, scoped to one province and to metric prefixes",
  });
  const dashboardToken = registry.registerComponent("securitySchemes", "dashboardToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A dashboard user's sign-in token: Cognito's ID token on AWS, POST /v1/auth/login locally. Roles leader, ops, planner, admin, each scoped to provinces.",
  });
  const signedIn = [{ [dashboardToken.name]: [] }];
  const unauthorized = problem("Missing, invalid or expired sign-in token (problem code unauthorized)");
  const forbidden = problem("The user's role or provinces do not allow this (problem code forbidden)");

  registry.registerPath({
    method: "post",
    path: "/v1/readings",
    summary: "Push readings",
    description: [
      `At most ${MAX_READINGS_PER_REQUEST} readings and ${MAX_BODY_BYTES / 1024} KiB per request.`,
      "Each reading is checked on its own: valid ones are stored, the others are reported by index.",
      "The same (source, id) is stored once, so retrying a request is always safe.",
      "CSV (text/csv, UTF-8, a BOM allowed) carries the same columns with a header row:",
      "id,commune,metric,value,observedAt[,codeSystem]; rejections then also give the line.",
    ].join(" "),
    security: [{ [sourceKey.name]: [] }],
    request: {
      body: {
        required: true,
        content: {
          "application/json": { schema: readingsRequestSchema },
          "text/csv": { schema: z.string().describe("id,commune,metric,value,observedAt[,codeSystem]") },
        },
      },
    },
    responses: {
      202: {
        description: "Accepted: a report of what was stored",
        content: { "application/json": { schema: ingestReportSchema } },
      },
      400: problem("Malformed JSON or CSV, or a body that is not UTF-8"),
      401: problem("Missing, unknown or revoked source key"),
      403: problem("Nothing in the request is within the key's province or metric scope"),
      413: problem(`Body over ${MAX_BODY_BYTES / 1024} KiB or more than ${MAX_READINGS_PER_REQUEST} readings`),
      415: problem("Content type other than application/json or text/csv"),
      422: problem("A well-formed body without a readings array"),
      429: problem("Over the source's readings-per-minute budget; see Retry-After"),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/v1/communes",
    summary: "The registry with each commune's latest values",
    security: signedIn,
    request: { query: communesQuerySchema },
    responses: {
      200: {
        description: "Communes (JSON) or a FeatureCollection with boundaries (geojson)",
        content: {
          "application/json": {
            schema: z.object({ province: provinceHeaderSchema, communes: z.array(communeSummarySchema) }),
          },
        },
      },
      400: problem("Invalid query"),
      401: unauthorized,
      403: forbidden,
      404: problem("Unknown province"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/communes/{code}",
    summary: "One commune with its latest values and boundary",
    security: signedIn,
    request: { params: communeParamsSchema, query: communesQuerySchema.pick({ province: true }) },
    responses: {
      200: { description: "The commune", content: { "application/json": { schema: communeSummarySchema } } },
      400: problem("Invalid code"),
      401: unauthorized,
      403: forbidden,
      404: problem("Unknown commune"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/gaps",
    summary: "Coverage gaps: communes ranked by gap score, with the reasons (docs/GAPS.md)",
    description:
      "format=json needs gaps:read (leader, planner, admin). format=csv (UTF-8 with BOM, bilingual headers) and format=geojson (a FeatureCollection with score and reasons in properties) are downloads and need gaps:export (planner, admin).",
    security: signedIn,
    request: { query: gapsQuerySchema },
    responses: {
      200: {
        description: "The ranking, a CSV file or a GeoJSON FeatureCollection",
        content: {
          "application/json": { schema: z.object({ entries: z.array(z.record(z.string(), z.unknown())) }) },
          "text/csv": { schema: z.string() },
          "application/geo+json": { schema: z.object({ type: z.literal("FeatureCollection") }) },
        },
      },
      400: problem("Invalid filter"),
      401: unauthorized,
      403: forbidden,
      404: problem("Unknown province"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/dx-index",
    summary: "The commune digital-transformation index: pillar scores, composite and ranking",
    security: signedIn,
    request: { query: provinceQuerySchema },
    responses: {
      200: { description: "The index, ranked", content: { "application/json": { schema: z.object({}).loose() } } },
      401: unauthorized,
      403: forbidden,
      404: problem("Unknown province"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v1/scenarios",
    summary: "Save a scenario of planned sites and get the recomputed gaps (planner, admin)",
    security: signedIn,
    request: {
      query: provinceQuerySchema,
      body: { required: true, content: { "application/json": { schema: scenarioSchema } } },
    },
    responses: {
      201: {
        description: "The saved scenario with its result",
        content: { "application/json": { schema: z.object({}).loose() } },
      },
      400: problem("Malformed scenario"),
      401: unauthorized,
      403: forbidden,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/scenarios",
    summary: "The signed-in user's saved scenarios",
    security: signedIn,
    responses: {
      200: {
        description: "Scenarios, newest first",
        content: { "application/json": { schema: z.object({}).loose() } },
      },
      401: unauthorized,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/scenarios/{id}",
    summary: "A saved scenario by id (shareable), with the recomputed gaps and rank changes",
    security: signedIn,
    request: { params: scenarioParamsSchema },
    responses: {
      200: {
        description: "The scenario and its result",
        content: { "application/json": { schema: z.object({}).loose() } },
      },
      401: unauthorized,
      403: forbidden,
      404: problem("No such scenario in the user's provinces"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v1/auth/login",
    summary: "Sign in to the dashboard (local runtime only)",
    description:
      "The local runtime's built-in issuer signs tokens for its demo users (leader, ops, planner, admin). On AWS, users sign in with Cognito and this route does not exist.",
    request: { body: { required: true, content: { "application/json": { schema: loginRequestSchema } } } },
    responses: {
      200: {
        description: "A sign-in token and the user it names",
        content: { "application/json": { schema: loginResponseSchema } },
      },
      400: problem("Malformed JSON or body"),
      401: problem("Wrong username or password (problem code invalid-credentials)"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/me",
    summary: "The signed-in user: role and provinces",
    security: signedIn,
    responses: {
      200: { description: "The user", content: { "application/json": { schema: principalSchema } } },
      401: unauthorized,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/.well-known/jwks.json",
    summary: "The local issuer's public keys (local runtime only)",
    responses: {
      200: { description: "A JSON Web Key Set", content: { "application/json": { schema: jwksSchema } } },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/health",
    summary: "Liveness with the store reachable",
    responses: {
      200: { description: "Up", content: { "application/json": { schema: healthSchema } } },
      503: problem("The store did not answer"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/openapi.json",
    summary: "This document",
    responses: { 200: { description: "OpenAPI 3.1" } },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "IOC — Trung tâm điều hành thông minh API",
      version: "1.0.0",
      description:
        "The public contract of the provincial Intelligent Operations Centre: provincial systems push readings per commune; dashboards read the registry, indicators and alerts.",
    },
    servers: [{ url: "/" }],
  });
}
