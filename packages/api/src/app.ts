/**
 * The HTTP application with every route: the same Hono app runs in the local process (behind
 * @hono/node-server) and, on AWS, in the functions that serve what the API function leaves out
 * (admin screens and the document: functions/admin.ts; the weekly report; the geometry routes).
 * The API function serves the dashboard's and ingest's part of it (dashboard-app.ts). Every route
 * is registered from its contract definition, so `/v1/openapi.json` lists exactly the routes served.
 */
import { docsRoute, openApiRoute } from "@ioc/contract";
import { type AppShared, createAppShell, type RouteArea } from "./app-shell.js";
import { auditRoutes } from "./audit-routes.js";
import { boundaryRoutes } from "./boundary-routes.js";
import { dashboardAreas } from "./dashboard-app.js";
import { deadLetterRoutes } from "./deadletter-routes.js";
import type { ApiDeps } from "./deps.js";
import { devicesRoutes } from "./devices-routes.js";
import { DOCS_HTML } from "./docs-page.js";
import { notifyRoutes } from "./notify-routes.js";
import { buildOpenApiDocument } from "./openapi.js";
import { rulePreviewRoutes } from "./rule-preview-routes.js";
import { sourcesRoutes } from "./sources-routes.js";
import { targetsRoutes } from "./targets-routes.js";
import { tilesRoutes } from "./tiles-routes.js";

export { MAX_API_BODY_BYTES, MAX_SIGN_IN_BODY_BYTES } from "./app-shell.js";

/** Every route area, in registration order: the tiles before the other commune paths, then the dashboard's. */
export const allAreas = (): RouteArea[] => [
  (deps, { registry, tileSets }: AppShared) => tilesRoutes(deps, registry, tileSets),
  ...dashboardAreas(),
  (deps) => auditRoutes(deps),
  (deps) => devicesRoutes(deps),
  (deps, { registry }: AppShared) => targetsRoutes(deps, registry),
  (deps) => notifyRoutes(deps),
  (deps) => sourcesRoutes(deps),
  (deps) => deadLetterRoutes(deps),
  (deps, { registry }: AppShared) => rulePreviewRoutes(deps, registry),
  (deps, { registry }: AppShared) => boundaryRoutes(deps, registry),
];

/** Builds the application, every route and the OpenAPI document, from its dependencies. */
export function createApp(deps: ApiDeps) {
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  return createAppShell(deps, allAreas(), (app) => {
    app.openapi(openApiRoute, (c) => {
      // Built on first request, once every route is registered; it is static afterwards.
      openApi ??= buildOpenApiDocument(app);
      return c.json(openApi, 200);
    });
    app.openapi(docsRoute, (c) => c.html(DOCS_HTML, 200));
  });
}

/** The application's type, for typed clients. */
export type IocApp = ReturnType<typeof createApp>;
