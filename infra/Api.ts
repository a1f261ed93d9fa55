/**
 * The public HTTP API: one Hono Lambda behind an API Gateway HTTP API. Every route needs a
 * dashboard sign-in (Cognito JWT) unless it is listed as public: ingest authenticates provincial
 * systems by their own per-source keys, and /health and the OpenAPI document are for anyone.
 * Failing closed means a dashboard route added later is protected even if nobody lists it here.
 */
import { Api as HttpApi, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { Auth } from "./Auth.js";
import { grantTable, grantTableItems, SCOPED_ACCESS, TABLE_ACCESS } from "./access.js";
import { handlerOf } from "./bundling.js";
import { deployConfig } from "./config.js";
import { Storage } from "./Storage.js";

/** Routes with no gateway authorizer, and why. */
export const PUBLIC_ROUTES = [
  "POST /v1/readings", // per-source bearer keys, checked by the app
  "GET /health",
  "GET /v1/openapi.json",
  "GET /v1/docs",
] as const;

/** The dashboard's routes, listed so their protection is explicit; `$default` covers the rest. */
export const DASHBOARD_ROUTES = [
  "GET /v1/communes",
  "GET /v1/communes/{proxy+}",
  "GET /v1/alerts",
  "GET /v1/alerts/{proxy+}",
  "POST /v1/alerts/{proxy+}",
  "GET /v1/kpis",
  "GET /v1/gaps",
] as const;

/** Stage-wide throttle: ample for a province's systems (500 readings per request), a lid on abuse. */
export const API_THROTTLE = { rate: 100, burst: 200 } as const;

/** The HTTP API and its function; other stacks `use(Api)`. */
export function Api({ stack }: StackContext) {
  const { readings, state, control } = use(Storage);
  const { userPool, dashboardClient } = use(Auth);

  const fn = new SstFunction(stack, "ApiFunction", {
    handler: handlerOf("api"),
    description: "IOC HTTP API (Hono)",
    environment: {
      READINGS_TABLE: readings.tableName,
      STATE_TABLE: state.tableName,
      CONTROL_TABLE: control.tableName,
      DEFAULT_PROVINCE: deployConfig().defaultProvince,
      // The app verifies dashboard tokens itself too (roles, provinces), against this pool.
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_ID: dashboardClient.userPoolClientId,
    },
  });
  grantTable(fn, readings, TABLE_ACCESS.api.readings);
  grantTable(fn, state, TABLE_ACCESS.api.state);
  grantTable(fn, control, TABLE_ACCESS.api.control);
  for (const grant of SCOPED_ACCESS.api.state) grantTableItems(fn, state, grant);
  for (const grant of SCOPED_ACCESS.api.control) grantTableItems(fn, control, grant);

  const api = new HttpApi(stack, "Api", {
    // CORS is set by the Web stack once the dashboard's origin exists (see Web.ts).
    cors: false,
    authorizers: {
      dashboard: {
        type: "user_pool",
        userPool: { id: userPool.userPoolId, clientIds: [dashboardClient.userPoolClientId] },
      },
    },
    defaults: { authorizer: "dashboard", throttle: API_THROTTLE },
    accessLog: { retention: "one_month" },
    routes: {
      $default: { function: fn },
      ...Object.fromEntries(DASHBOARD_ROUTES.map((route) => [route, { function: fn }])),
      ...Object.fromEntries(PUBLIC_ROUTES.map((route) => [route, { function: fn, authorizer: "none" as const }])),
    },
  });

  stack.addOutputs({ ApiUrl: api.url });
  return { api, fn };
}
