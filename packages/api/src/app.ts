/**
 * The HTTP application: the same Hono app runs on Lambda (behind API Gateway) and in the local
 * process (behind @hono/node-server). Every route is registered from its contract definition
 * (`app.openapi(route, handler)`), so `/v1/openapi.json` lists exactly the routes served.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { docsRoute, healthRoute, openApiRoute } from "@ioc/contract";
import { HTTPException } from "hono/http-exception";
import { authRoutes } from "./auth/auth-routes.js";
import { requireUser } from "./auth/require-user.js";
import { communesRoutes } from "./communes-route.js";
import { dashboardRoutes } from "./dashboard-routes.js";
import type { ApiDeps } from "./deps.js";
import { DOCS_HTML } from "./docs-page.js";
import { gapsRoutes } from "./gaps-routes.js";
import { buildOpenApiDocument } from "./openapi.js";
import { ProblemError, problem, problemResponse } from "./problem.js";
import { readingsRoutes } from "./readings-route.js";
import { createRegistryCache } from "./registry-cache.js";
import { validationProblem } from "./validation.js";

/** Builds the application from its dependencies. */
export function createApp(deps: ApiDeps) {
  // Query and path parameters are checked against the contract before a handler runs; a failure
  // is the same 400 `invalid-request` problem the handlers raise.
  const app = new OpenAPIHono({ defaultHook: validationProblem });
  const registry = createRegistryCache(deps.registry, deps.clock);
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;

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
    ])
      app.use(path, dashboardReader);
    app.route("/", authRoutes(deps.auth));
  }
  app.route("/", dashboardRoutes(deps));
  app.route("/", gapsRoutes(deps, registry));
  app.route("/", communesRoutes(deps, registry));

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
