/**
 * The part of the HTTP application the API function serves on AWS: ingest, sign-in, and what the
 * dashboard reads and does every minute (communes, indicators, alerts and their operations, rules,
 * gaps and scenarios, history, province context). The rest — admin screens, the OpenAPI document,
 * the weekly report, boundaries and tiles — is served from the same app by functions of their own
 * (infra/Api.ts routes each path), so this bundle carries only what a dashboard's cold start needs
 * (issue 16 item 6). app.ts composes every area, for the local runtime and those functions.
 */
import { alertOpsRoutes } from "./alert-ops-routes.js";
import { type AppShared, createAppShell, type RouteArea } from "./app-shell.js";
import { communesRoutes } from "./communes-route.js";
import { contextRoutes } from "./context-routes.js";
import { dashboardRoutes } from "./dashboard-routes.js";
import type { ApiDeps } from "./deps.js";
import { gapsRoutes } from "./gaps-routes.js";
import { historyRoutes } from "./history-routes.js";

/**
 * The dashboard's route areas, in registration order (alert operations first: POST /v1/alerts/ack
 * is no alert id). A function, not a module-level list, so a bundle that does not call it leaves
 * every area it names out.
 */
export const dashboardAreas = (): RouteArea[] => [
  (deps) => alertOpsRoutes(deps),
  (deps) => dashboardRoutes(deps),
  (deps, { registry }: AppShared) => gapsRoutes(deps, registry),
  (deps, { registry, tileSets }: AppShared) => communesRoutes(deps, registry, tileSets),
  (deps, { registry }: AppShared) => historyRoutes(deps, registry),
  (deps, { registry }: AppShared) => contextRoutes(deps, registry),
];

/** Builds the API function's application: ingest, sign-in and the dashboard's areas. */
export function createDashboardApp(deps: ApiDeps) {
  return createAppShell(deps, dashboardAreas());
}
