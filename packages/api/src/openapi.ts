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
  return new OpenApiGeneratorV31([...app.openAPIRegistry.definitions, ...sharedDefinitions()]).generateDocument(
    OPENAPI_INFO,
  );
}
