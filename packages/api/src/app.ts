/**
 * The HTTP application: the same Hono app runs on Lambda (behind API Gateway) and in the local
 * process (behind @hono/node-server). Every route is registered from its contract definition
 * (`app.openapi(route, handler)`), so `/v1/openapi.json` lists exactly the routes served.
 */

import { docsRoute, healthRoute, openApiRoute } from "@ioc/contract";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { alertOpsRoutes } from "./alert-ops-routes.js";
import { auditRoutes } from "./audit-routes.js";
import { authRoutes } from "./auth/auth-routes.js";
import { requireUser } from "./auth/require-user.js";
import { BOUNDARY_PATHS, boundaryRoutes } from "./boundary-routes.js";
import { communesRoutes } from "./communes-route.js";
import { contextRoutes } from "./context-routes.js";
import { dashboardRoutes } from "./dashboard-routes.js";
import { deadLetterRoutes } from "./deadletter-routes.js";
import type { ApiDeps } from "./deps.js";
import { devicesRoutes } from "./devices-routes.js";
import { DOCS_HTML } from "./docs-page.js";
import { gapsRoutes } from "./gaps-routes.js";
import { HISTORY_IMPORT_PATH, historyRoutes } from "./history-routes.js";
import { notifyRoutes } from "./notify-routes.js";
import { buildOpenApiDocument } from "./openapi.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { isStoreUnavailable, ProblemError, problem, problemResponse, storeUnavailable } from "./problem.js";
import { readingsRoutes } from "./readings-route.js";
import { createRegistryCache } from "./registry-cache.js";
import { rulePreviewRoutes } from "./rule-preview-routes.js";
import { sourcesRoutes } from "./sources-routes.js";
import { targetsRoutes } from "./targets-routes.js";
import { createTileSets } from "./tile-sets.js";
import { tilesRoutes } from "./tiles-routes.js";

/** Largest body of a dashboard route (rules, scenarios, alert notes), in bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Largest body of the unauthenticated sign-in route, in bytes: a name and a password. */
export const MAX_SIGN_IN_BODY_BYTES = 4 * 1024;

/** Builds the application from its dependencies. */
export function createApp(deps: ApiDeps) {
  // Query and path parameters are checked against the contract before a handler runs; a failure
  // is the same 400 `invalid-request` problem the handlers raise.
  const app = new OpenAPIHono();
  const registry = createRegistryCache(deps.registry, deps.clock);
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;

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
  app.openapi(openApiRoute, (c) => {
    // Built on first request, once every route is registered; it is static afterwards.
    openApi ??= buildOpenApiDocument(app);
    return c.json(openApi, 200);
  });
  app.openapi(docsRoute, (c) => c.html(DOCS_HTML, 200));
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
  // Before the dashboard routes: POST /v1/alerts/ack must not be read as an alert id.
  app.route("/", alertOpsRoutes(deps));
  app.route("/", auditRoutes(deps));
  app.route("/", dashboardRoutes(deps));
  app.route("/", gapsRoutes(deps, registry));
  const tileSets = createTileSets(deps.geo);
  app.route("/", tilesRoutes(deps, registry, tileSets));
  app.route("/", communesRoutes(deps, registry, tileSets));
  app.route("/", historyRoutes(deps, registry));
  app.route("/", devicesRoutes(deps));
  app.route("/", targetsRoutes(deps, registry));
  app.route("/", notifyRoutes(deps));
  app.route("/", sourcesRoutes(deps));
  app.route("/", deadLetterRoutes(deps));
  app.route("/", rulePreviewRoutes(deps, registry));
  app.route("/", boundaryRoutes(deps, registry));
  app.route("/", contextRoutes(deps, registry));

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

/** The application's type, for typed clients. */
export type IocApp = ReturnType<typeof createApp>;
