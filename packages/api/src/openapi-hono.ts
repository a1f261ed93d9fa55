/**
 * Hono with contract routes: `app.openapi(route, handler)` serves a contract route (see
 * @ioc/contract's `createRoute`), validates its path and query parameters with the route's own
 * schemas before the handler runs, and records the route so the OpenAPI document (openapi.ts)
 * lists exactly what is served. Sub-apps mounted with `route()` bring their routes and
 * components along.
 *
 * This is the part of `@hono/zod-openapi` the product used, over zod's core: that package extends
 * zod's classic API when it loads and brings its own document generator, about 190 KB of the API
 * Lambda (issue 16 item 6). Validation failures throw the same 400 `invalid-request` problem the
 * handlers raise (validation.ts).
 */
import type { RouteConfig } from "@ioc/contract";
import { type Env, Hono, type Input, type MiddlewareHandler, type Schema } from "hono";
import type { Handler } from "hono/types";
import { validator } from "hono/validator";
import type * as core from "zod/v4/core";
import { safeParseAsync } from "zod/v4/core";
import { validationProblem } from "./validation.js";

/** `{name}` path parameters in Hono's `:name` form, at the type level. */
type HonoPath<P extends string> = P extends `${infer Head}{${infer Name}}${infer Tail}`
  ? `${Head}:${Name}${HonoPath<Tail>}`
  : P;

type OutputOf<S> = S extends core.$ZodType ? core.output<S> : never;
type InputOf<S> = S extends core.$ZodType ? core.input<S> : never;
type Request_<R extends RouteConfig> = NonNullable<R["request"]>;

/** What the validators put on `c.req.valid(…)` for a route. */
export type RouteInput<R extends RouteConfig> = Input & {
  in: (Request_<R> extends { query: infer Q } ? { query: InputOf<Q> } : unknown) &
    (Request_<R> extends { params: infer P } ? { param: InputOf<P> } : unknown);
  out: (Request_<R> extends { query: infer Q } ? { query: OutputOf<Q> } : unknown) &
    (Request_<R> extends { params: infer P } ? { param: OutputOf<P> } : unknown);
};

/** A component the document carries beside the routes (a body schema documented by reference). */
export interface ComponentDefinition {
  readonly componentType: "schemas";
  readonly name: string;
  readonly component: core.$ZodType | Readonly<Record<string, unknown>>;
}

/** The routes and components an app (and the sub-apps mounted on it) documents. */
export class RouteRegistry {
  readonly routes: RouteConfig[] = [];
  readonly components: ComponentDefinition[] = [];

  /** Adds a schema component: a zod schema (converted with the document) or a JSON Schema object. */
  registerComponent(componentType: "schemas", name: string, component: ComponentDefinition["component"]): void {
    this.components.push({ componentType, name, component });
  }
}

/** `{name}` → `:name`. */
const honoPathOf = (path: string) => path.replaceAll(/\/{(.+?)}/g, "/:$1");

/** A validator of one request part against the route's schema; a failure is a 400 problem. */
function validatorOf(target: "query" | "param", schema: core.$ZodType): MiddlewareHandler {
  return validator(target, async (value) => {
    const result = await safeParseAsync(schema, value);
    if (!result.success) validationProblem({ success: false, target, error: result.error });
    return result.data as never;
  });
}

/** Hono that serves and documents contract routes. */
export class OpenAPIHono<E extends Env = Env, S extends Schema = {}, BasePath extends string = "/"> extends Hono<
  E,
  S,
  BasePath
> {
  readonly openAPIRegistry = new RouteRegistry();

  /**
   * Serves `route` with `handler` after its own `middleware` (a body limit, a role check) and the
   * validation of its path and query parameters, and documents it.
   */
  openapi<R extends RouteConfig>(
    { middleware, ...route }: R & { middleware?: MiddlewareHandler | MiddlewareHandler[] },
    handler: Handler<E, HonoPath<R["path"]>, RouteInput<R>>,
  ): this {
    this.openAPIRegistry.routes.push(route);
    const validators: MiddlewareHandler[] = middleware ? [middleware].flat() : [];
    if (route.request?.query) validators.push(validatorOf("query", route.request.query));
    if (route.request?.params) validators.push(validatorOf("param", route.request.params));
    this.on([route.method.toUpperCase()], [honoPathOf(route.path)], ...validators, handler as MiddlewareHandler);
    return this;
  }

  /** Mounts `app` at `path`; a contract sub-app's routes and components join this app's document. */
  // biome-ignore lint/suspicious/noExplicitAny: the same loose signature as Hono's own overloads.
  override route(path: string, app?: Hono<any, any, any>): any {
    super.route(path, app as Hono);
    if (app instanceof OpenAPIHono) {
      const prefix = path === "/" ? "" : path.replaceAll(/:([^/]+)/g, "{$1}");
      for (const route of app.openAPIRegistry.routes)
        this.openAPIRegistry.routes.push(prefix ? { ...route, path: `${prefix}${route.path}` } : route);
      this.openAPIRegistry.components.push(...app.openAPIRegistry.components);
    }
    return this;
  }
}
