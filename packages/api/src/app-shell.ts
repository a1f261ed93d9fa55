/**
 * What every composition of the HTTP application shares: body limits, the sign-in guards of the
 * dashboard's paths, health, ingest, sign-in, the not-found and error mapping. The route areas
 * come from the composition (app.ts: every route, for the local runtime and the side functions;
 * dashboard-app.ts: the API function's), each registered from its contract definitions
 * (`app.openapi(route, handler)`).
 */

import { healthRoute } from "@ioc/contract";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { authRoutes } from "./auth/auth-routes.js";
import { requireUser } from "./auth/require-user.js";
import { BOUNDARY_PATHS } from "./boundary-routes.js";
import type { ApiDeps } from "./deps.js";
import { HISTORY_IMPORT_PATH } from "./history-routes.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { isStoreUnavailable, ProblemError, problem, problemResponse, storeUnavailable } from "./problem.js";
import { readingsRoutes } from "./readings-route.js";
import { createRegistryCache } from "./registry-cache.js";
import { createTileSets } from "./tile-sets.js";

/** Largest body of a dashboard route (rules, scenarios, alert notes), in bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Largest body of the unauthenticated sign-in route, in bytes: a name and a password. */
export const MAX_SIGN_IN_BODY_BYTES = 4 * 1024;

/** What route areas share within one app: the registry cache and the tile sets. */
export interface AppShared {
  registry: ReturnType<typeof createRegistryCache>;
  tileSets: ReturnType<typeof createTileSets>;
}

/** One area of routes (alerts, history, sources…): a sub-app mounted at the root. */
// biome-ignore lint/suspicious/noExplicitAny: each area has its own Hono env (its context variables).
export type RouteArea = (deps: ApiDeps, shared: AppShared) => OpenAPIHono<any>;

/**
 * The application with `areas` mounted in order (order matters where paths overlap: Hono runs
 * handlers in registration order); `finish` registers what must come after every area.
 */
export function createAppShell(deps: ApiDeps, areas: readonly RouteArea[], finish?: (app: OpenAPIHono) => void) {
  // Query and path parameters are checked against the contract before a handler runs; a failure
  // is the same 400 `invalid-request` problem the handlers raise.
  const app = new OpenAPIHono();
  const registry = createRegistryCache(deps.registry, deps.clock);

  // Every body is bounded before anything parses it: a Content-Length over the limit is refused at
  // once and a chunked body is cut off while streaming. Ingest and history import have their own, larger limits.
  app.use("*", async (c, next) => {
    if (c.req.path === "/v1/readings" || c.req.path === HISTORY_IMPORT_PATH || BOUNDARY_PATHS.includes(c.req.path))
      return next();
    const maxSize = c.req.path.startsWith("/v1/auth/") ? MAX_SIGN_IN_BODY_BYTES : MAX_API_BODY_BYTES;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw problem("payload-too-large", { detail: `the body exceeds ${maxSize} bytes` });
      },
    })(c, next);
  });
  app.openapi(healthRoute, async (c) => {
    try {
      await deps.probe.ping();
    } catch (error) {
      deps.logger.error("health: store unreachable", error as Error);
      throw problem("store-unreachable", { detail: "the database did not answer", cause: error });
    }
    return c.json({ status: "ok", store: "reachable", time: new Date(deps.clock()).toISOString() } as const, 200);
  });
  app.route("/", readingsRoutes(deps));
  if (deps.auth) {
    // Registered before the routes they guard: Hono runs handlers in registration order.
    const dashboardReader = requireUser({
      verifier: deps.auth.verifier,
      permission: "read",
      province: (c) => c.req.query("province") ?? deps.defaultProvince,
    });
    app.use("/v1/communes", dashboardReader);
    app.use("/v1/communes/*", dashboardReader);
    for (const path of [
      "/v1/kpis",
      "/v1/alerts",
      "/v1/alerts/*",
      "/v1/rules",
      "/v1/rules/*",
      "/v1/gaps",
      "/v1/dx-index",
      "/v1/scenarios",
      "/v1/scenarios/*",
      "/v1/history/*",
      "/v1/audit",
      "/v1/audit.csv",
      ...["/v1/targets", "/v1/targets/*", "/v1/changes", "/v1/reports/*"],
      "/v1/sources",
      "/v1/sources/*",
      ...["/v1/dead-letters", "/v1/dead-letters/*", "/v1/users"],
      "/v1/boundaries/*",
      "/v1/province-context",
    ])
      app.use(path, dashboardReader);
    app.route("/", authRoutes(deps.auth, deps.clock, deps.audit));
  }
  const shared = { registry, tileSets: createTileSets(deps.geo) };
  for (const area of areas) app.route("/", area(deps, shared));
  finish?.(app);

  app.notFound((c) =>
    problemResponse(problem("not-found", { detail: `no route for ${c.req.method} ${c.req.path}` }), c.req.path),
  );
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(error, c.req.path);
    if (error instanceof HTTPException) {
      const status = error.status;
      return problemResponse(
        problem("http-error", { status, detail: error.message || "the request failed", cause: error }),
        c.req.path,
      );
    }
    // Mapped here, once, so it holds on Lambda as well as behind the local runtime's wrapper.
    if (isStoreUnavailable(error)) {
      deps.logger.error("store unavailable", error);
      return problemResponse(storeUnavailable(error), c.req.path);
    }
    deps.logger.error("unhandled error", error);
    return problemResponse(
      problem("internal", { detail: "the server failed to handle the request; it has been logged" }),
      c.req.path,
    );
  });
  return app;
}
