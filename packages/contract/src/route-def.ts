/**
 * A route of the public API as one object: method, path, parameters, body, answers, security and
 * operationId, with the schemas that validate its parameters (the shape `@hono/zod-openapi`'s
 * `createRoute` made popular). The API registers its handler with this object, validates the
 * parameters with its schemas and documents it from the same object, so a route cannot be served
 * without its entry in `/v1/openapi.json`.
 *
 * It is declared here, over zod's core types, rather than taken from `@hono/zod-openapi`: that
 * package extends zod's classic API at load (about 190 KB in every Lambda bundle with its
 * generator), where the contract's schemas only need zod's tree-shakable core (issue 16 item 6).
 */
import type * as core from "zod/v4/core";

/** A JSON Schema or OpenAPI object written by hand, such as `{ $ref: "#/components/schemas/X" }`. */
export type JsonObject = { readonly [key: string]: unknown };

/** What a media type of a body or an answer carries: a zod schema, or a JSON Schema object. */
export interface MediaType {
  readonly schema: core.$ZodType | JsonObject;
}

/** One documented answer of a route. */
export interface RouteResponse {
  readonly description: string;
  readonly content?: { readonly [mediaType: string]: MediaType };
  readonly headers?: JsonObject;
}

/** The parameters and body a route accepts; objects of zod schemas, one field per parameter. */
export interface RouteRequest {
  readonly params?: core.$ZodObject;
  readonly query?: core.$ZodObject;
  readonly body?: {
    readonly required?: boolean;
    readonly description?: string;
    readonly content: { readonly [mediaType: string]: MediaType };
  };
}

/** A route of the public API. `path` uses OpenAPI's `{name}` parameters. */
export interface RouteConfig {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  readonly path: string;
  readonly operationId: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly security: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  readonly request?: RouteRequest;
  readonly responses: { readonly [status: string]: RouteResponse | { readonly $ref: string } };
}

/** Declares a route; the object is returned as given, typed for the API's `openapi(route, handler)`. */
export function createRoute<const R extends RouteConfig>(route: R): R {
  return route;
}
