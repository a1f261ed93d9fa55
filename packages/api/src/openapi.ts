/**
 * The OpenAPI 3.1 document, generated from the same Zod schemas that validate requests.
 * Later features register their paths here too.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { MAX_BODY_BYTES, MAX_READINGS_PER_REQUEST, readingsRequestSchema } from "@ioc/core";
import { z } from "zod";
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
      404: problem("Unknown province"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v1/communes/{code}",
    summary: "One commune with its latest values and boundary",
    request: { params: communeParamsSchema, query: communesQuerySchema.pick({ province: true }) },
    responses: {
      200: { description: "The commune", content: { "application/json": { schema: communeSummarySchema } } },
      400: problem("Invalid code"),
      404: problem("Unknown commune"),
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
