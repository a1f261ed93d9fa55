/**
 * The OpenAPI 3.1 document, generated from the routes the app registered (`app.openapi(route, …)`
 * with the contract's `createRoute` objects): a route cannot be served without being documented.
 * Schemas become JSON Schema 2020-12 (OpenAPI 3.1's dialect) through zod's own converter; a
 * schema that carries a component name (`.meta({ id })`) is emitted once under
 * `components/schemas` and referred to from everywhere it appears. This file adds what no single
 * route owns: security schemes, shared problem responses, request body schemas and the header.
 */
import {
  ALERT_OPS_BODY_SCHEMAS,
  BODY_SCHEMAS,
  PROBLEM_RESPONSES,
  problemResponseOf,
  problemSchema,
  type RouteConfig,
  SECURITY_SCHEMES,
} from "@ioc/contract";
import type * as core from "zod/v4/core";
import { toJSONSchema } from "zod/v4/core";
import type { RouteRegistry } from "./openapi-hono.js";

/** The document's header. */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "IOC — Trung tâm điều hành thông minh API",
    version: "1.0.0",
    description:
      "The public contract of the provincial Intelligent Operations Centre: provincial systems push readings per commune; dashboards read the registry, indicators and alerts.",
    license: { name: "Proprietary", url: "https://ioc.example.vn/license" },
  },
  servers: [{ url: "/", description: "The deployment that serves this document" }],
};

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

const isZod = (value: unknown): value is core.$ZodType =>
  typeof value === "object" && value !== null && "_zod" in value;

/** Rewrites the converter's local `#/$defs/X` references to the document's components. */
function toComponentRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(toComponentRefs) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof item === "string"
        ? item.replace(/^#\/\$defs\//, "#/components/schemas/")
        : toComponentRefs(item);
  }
  return out as T;
}

/** Converts zod schemas for one document, collecting named schemas as components. */
function createConverter(components: Record<string, JsonSchema>) {
  return (schema: core.$ZodType | JsonSchema, io: Io): JsonSchema => {
    if (!isZod(schema)) return schema;
    const {
      $schema: _dialect,
      $defs,
      ...body
    } = toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    // The first conversion of a name wins: explicit body components are converted first, as input.
    for (const [name, def] of Object.entries($defs ?? {})) components[name] ??= toComponentRefs(def);
    return toComponentRefs(body);
  };
}

/** The parameters of one request part: one per field of its object schema. */
function parametersOf(
  schema: core.$ZodObject | undefined,
  location: "path" | "query",
  convert: ReturnType<typeof createConverter>,
) {
  if (!schema) return [];
  return Object.entries(schema._zod.def.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = convert(field, "input");
    return {
      name,
      in: location,
      // A field with a default ("defaulted") may be left out as well as an optional one.
      required: location === "path" || field._zod.optin === undefined,
      ...(typeof description === "string" ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

/** The content map of a body or answer, its zod schemas converted. */
function contentOf(
  content: Readonly<Record<string, { schema: core.$ZodType | JsonSchema }>> | undefined,
  io: Io,
  convert: ReturnType<typeof createConverter>,
) {
  if (!content) return undefined;
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, { schema }]) => [mediaType, { schema: convert(schema, io) }]),
  );
}

/** One operation object of the document. */
function operationOf(route: RouteConfig, convert: ReturnType<typeof createConverter>) {
  const parameters = [
    ...parametersOf(route.request?.params, "path", convert),
    ...parametersOf(route.request?.query, "query", convert),
  ];
  const body = route.request?.body;
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => {
      if ("$ref" in response) return [status, response];
      const content = contentOf(response.content, "output", convert);
      return [status, { ...response, ...(content ? { content } : {}) }];
    }),
  );
  return {
    operationId: route.operationId,
    ...(route.summary ? { summary: route.summary } : {}),
    ...(route.description ? { description: route.description } : {}),
    ...(route.tags ? { tags: route.tags } : {}),
    security: route.security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { ...body, content: contentOf(body.content, "input", convert) } } : {}),
    responses,
  };
}

/** The document of the routes (and components) in `registry`. */
export function buildOpenApiDocument(app: { openAPIRegistry: RouteRegistry }) {
  const schemas: Record<string, JsonSchema> = {};
  const convert = createConverter(schemas);
  // Request bodies are documented by reference and parsed by their handlers: their schemas go in
  // first, as what a client sends.
  const bodies: Array<[string, core.$ZodType | JsonSchema]> = [
    ["Problem", problemSchema],
    ...Object.entries(BODY_SCHEMAS),
    ...Object.entries(ALERT_OPS_BODY_SCHEMAS),
    ...app.openAPIRegistry.components.map((c) => [c.name, c.component] as [string, core.$ZodType | JsonSchema]),
  ];
  for (const [name, schema] of bodies) {
    const converted = convert(schema, "input");
    // A schema named by its own meta id comes back as a reference to itself; keep the body.
    if (converted.$ref !== `#/components/schemas/${name}`) schemas[name] ??= converted;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of app.openAPIRegistry.routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operationOf(route, convert);
  }
  return {
    ...OPENAPI_INFO,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([status, name]) => [
          name,
          problemResponseOf(status as keyof typeof PROBLEM_RESPONSES),
        ]),
      ),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
