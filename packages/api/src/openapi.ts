/**
 * The OpenAPI 3.1 document, generated from the routes the app registered (`app.openapi(route, …)`
 * with the contract's `createRoute` objects): a route cannot be served without being documented.
 * This file adds what no single route owns: security schemes, shared problem responses, request
 * body schemas and the document's header.
 */
import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  ALERT_OPS_BODY_SCHEMAS,
  BODY_SCHEMAS,
  PROBLEM_RESPONSES,
  problemResponseOf,
  problemSchema,
  SECURITY_SCHEMES,
} from "@ioc/contract";
import { z } from "zod";

type OpenAPIDefinitions = ConstructorParameters<typeof OpenApiGeneratorV31>[0][number];

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

/** What the contract shares between routes, as generator definitions. */
function sharedDefinitions(): OpenAPIDefinitions[] {
  const component = (componentType: "securitySchemes" | "responses", name: string, value: object) =>
    ({ type: "component", componentType, name, component: value }) as OpenAPIDefinitions;
  return [
    ...Object.entries(SECURITY_SCHEMES).map(([name, scheme]) => component("securitySchemes", name, scheme)),
    ...Object.entries(PROBLEM_RESPONSES).map(([status, name]) =>
      component("responses", name, problemResponseOf(status as keyof typeof PROBLEM_RESPONSES)),
    ),
    // Schemas carry their component name as zod metadata (`.meta({ id })`), so they are emitted
    // under it; the routes refer to them by that name.
    ...[problemSchema, ...Object.values(BODY_SCHEMAS), ...Object.values(ALERT_OPS_BODY_SCHEMAS)].map(
      (schema) => ({ type: "schema", schema }) as unknown as OpenAPIDefinitions,
    ),
  ];
}

/** The document of the routes registered on `app`. */
export function buildOpenApiDocument(app: Pick<OpenAPIHono, "openAPIRegistry">) {
  const definitions = [...app.openAPIRegistry.definitions, ...sharedDefinitions()];
  withClassicReaders(definitions, new Set());
  return new OpenApiGeneratorV31(definitions).generateDocument(OPENAPI_INFO);
}

/**
 * zod-to-openapi 9 reads schemas through classic zod's members: `meta()` on each, `minLength`,
 * `maxLength` and `format` on strings, `format` on numbers. The zod/mini schemas of @ioc/core
 * have none of them ("zodSchema.meta is not a function"; asteasolutions/zod-to-openapi#390,
 * unreleased, reads the registry instead). Gives each schema reachable from `value` that lacks
 * them read-only equivalents: classic's `meta()` is `globalRegistry.get(this)` (one registry for
 * both APIs) and its bounds and format fold the schema's checks, as these do.
 */
function withClassicReaders(value: unknown, seen: Set<unknown>): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  const internals = (value as Partial<z.core.$ZodType>)._zod;
  if (!internals) {
    for (const child of Object.values(value)) withClassicReaders(child, seen);
    return;
  }
  const def = internals.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const checks = [...(internals.traits.has("$ZodCheck") ? [value as z.core.$ZodCheck] : []), ...(def.checks ?? [])].map(
    (check) => check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>,
  );
  const fold = (kind: string, field: string, pick: (...n: number[]) => number) => {
    const bounds = checks.filter((c) => c.check === kind).map((c) => c[field] as number);
    return bounds.length ? pick(...bounds) : null;
  };
  const format = (kind: string) => checks.find((c) => c.check === kind)?.format ?? null;
  const readers: Record<string, () => unknown> = {
    meta: () => () => z.globalRegistry.get(value as z.core.$ZodType),
    ...(def.type === "string"
      ? {
          minLength: () => fold("min_length", "minimum", Math.max),
          maxLength: () => fold("max_length", "maximum", Math.min),
          format: () => format("string_format"),
        }
      : {}),
    ...(def.type === "number" ? { format: () => format("number_format") } : {}),
  };
  for (const [name, get] of Object.entries(readers))
    if (!(name in value)) Object.defineProperty(value, name, { configurable: true, get });
  if (def.type === "lazy") withClassicReaders((def.getter as () => unknown)(), seen);
  // The children: shape, element, options, innerType, in/out, left/right, items, keyType/valueType…
  for (const [key, child] of Object.entries(def)) if (key !== "checks") withClassicReaders(child, seen);
}
