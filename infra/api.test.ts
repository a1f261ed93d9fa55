import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createDashboardApp } from "@ioc/api";
import { beforeAll, describe, expect, it } from "vitest";
import { createAuthTestApp } from "../packages/api/src/auth/test-auth.js";
import {
  ADMIN_PUBLIC_ROUTES,
  ADMIN_ROUTES,
  API_THROTTLE,
  Api,
  DASHBOARD_ROUTES,
  GEO_TILE_ROUTE,
  GEO_WRITE_ROUTES,
  isReadRoute,
  PUBLIC_ROUTES,
  READ_ROUTE,
  REPORT_ROUTE,
} from "./Api.js";
import { Auth } from "./Auth.js";
import { BUNDLE_BUDGETS_KB } from "./bundling.js";
import { gatewayTarget } from "./gateway-routing.js";
import { Storage } from "./Storage.js";
import {
  actionsOf,
  environmentOf,
  functionProps,
  logicalIdOf,
  permissionsOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod", [Storage, Auth, Api]);
  console.log(`synthesized Storage, Auth, Api (prod) in ${synth.seconds.toFixed(1)} s`);
});

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0] as T;
};

describe("Api", () => {
  it("runs the Hono Lambda on nodejs22.x, arm64, with its tables and default province", () => {
    const template = synth.template(Api);
    const fn = functionProps(template, "ApiFunction");
    expect(fn).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "functions/api.handler",
      MemorySize: 512,
      Timeout: 10,
    });
    const variables = environmentOf(template, "ApiFunction");
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(["READINGS_TABLE", "STATE_TABLE", "HISTORY_TABLE", "CONTROL_TABLE", "DEFAULT_PROVINCE"]),
    );
    expect(variables.DEFAULT_PROVINCE).toBe("99");
    expect(JSON.stringify(variables.READINGS_TABLE)).toContain("ReadingsTable");
  });

  it("deploys the bundle SST built as a minified ES module within its budget", () => {
    // SST writes each function's build under .sst/artifacts/<hash>/; take the newest API build.
    const artifacts = resolve(import.meta.dirname, "../.sst/artifacts");
    const builds = readdirSync(artifacts)
      .map((dir) => join(artifacts, dir, "functions/api.mjs"))
      .filter((file) => {
        try {
          return statSync(file).isFile();
        } catch {
          return false;
        }
      })
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    const file = builds[0] as string;
    const code = readFileSync(file, "utf8");
    console.log(`SST-built API bundle: ${(code.length / 1000).toFixed(1)} KB`);
    expect(code.length).toBeLessThanOrEqual(BUNDLE_BUDGETS_KB.api * 1000);
    expect(code).toMatch(/export\s*\{/);
    // Minified: long lines (an unminified bundle averages a few dozen characters per line).
    expect(code.length / code.split("\n").length).toBeGreaterThan(1000);
  });

  it("lets the admin function list the user pool's users for the admin screen, read-only, on that pool alone", () => {
    // The API function serves no admin screen, so it has no Cognito call at all.
    expect(
      permissionsOf(synth.template(Api), "ApiFunction").statements.filter((s) =>
        actionsOf(s).some((a) => a.startsWith("cognito-idp:")),
      ),
    ).toEqual([]);
    const { statements } = permissionsOf(synth.template(Api), "AdminFunction");
    const cognito = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("cognito-idp:")));
    expect(cognito.map(actionsOf)).toEqual([["cognito-idp:ListUsers", "cognito-idp:ListUsersInGroup"]]);
    expect(JSON.stringify(cognito[0]?.Resource)).toMatch(/^{"Fn::ImportValue":"prod-ioc-Auth:/);
    expect(JSON.stringify(cognito[0]?.Resource)).not.toContain("*");
  });

  it("is an HTTP API with stage throttling and no CORS of its own (the Web stack sets it)", () => {
    const template = synth.template(Api);
    const api = only(resourcesOf(template, "AWS::ApiGatewayV2::Api"));
    expect(api.Properties.ProtocolType).toBe("HTTP");
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const stage = only(resourcesOf(template, "AWS::ApiGatewayV2::Stage"));
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: API_THROTTLE.burst,
      ThrottlingRateLimit: API_THROTTLE.rate,
    });
    expect(stage.Properties.AccessLogSettings).toBeDefined();
  });

  it("checks dashboard sign-ins with a JWT authorizer bound to the user pool and its client", () => {
    const authorizers = Object.values(resourcesOf(synth.template(Api), "AWS::ApiGatewayV2::Authorizer"));
    // The JWT one, and the reader authorizer for users and wall devices (devices.test.ts).
    expect(authorizers.map((a) => a.Properties.AuthorizerType).sort()).toEqual(["JWT", "REQUEST"]);
    const authorizer = authorizers.find((a) => a.Properties.AuthorizerType === "JWT") as (typeof authorizers)[number];
    expect(authorizer.Properties.AuthorizerType).toBe("JWT");
    expect(authorizer.Properties.IdentitySource).toEqual(["$request.header.Authorization"]);
    const jwt = JSON.stringify(authorizer.Properties.JwtConfiguration);
    expect(jwt).toContain("https://cognito-idp.ap-southeast-1.amazonaws.com/");
    expect(jwt).toMatch(/prod-ioc-Auth:ExportsOutputRefUsers[0-9A-F]+/);
    expect(jwt).toMatch(/prod-ioc-Auth:ExportsOutputRefUsersDashboard[0-9A-F]+/);
  });

  it("requires a sign-in on every route but ingest, health and the OpenAPI document", () => {
    const routes = Object.values(resourcesOf(synth.template(Api), "AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const byKey = new Map(routes.map((route) => [route.RouteKey as string, route]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        "$default",
        READ_ROUTE,
        REPORT_ROUTE,
        GEO_TILE_ROUTE,
        ...GEO_WRITE_ROUTES,
        ...DASHBOARD_ROUTES,
        ...PUBLIC_ROUTES,
        ...ADMIN_ROUTES,
        ...ADMIN_PUBLIC_ROUTES,
      ].sort(),
    );
    for (const key of ["$default", READ_ROUTE, REPORT_ROUTE, ...DASHBOARD_ROUTES, ...ADMIN_ROUTES]) {
      // Reads: the reader authorizer (a user's or a wall's token); writes: the Cognito JWT only.
      expect(byKey.get(key)?.AuthorizationType, key).toBe(isReadRoute(key) ? "CUSTOM" : "JWT");
      expect(byKey.get(key)?.AuthorizerId, key).toBeDefined();
      // The dashboard sends the Cognito ID token, which has no `scope` claim: a route that asked
      // for scopes would refuse every dashboard request.
      expect(byKey.get(key)?.AuthorizationScopes, key).toBeUndefined();
    }
    for (const key of [...PUBLIC_ROUTES, ...ADMIN_PUBLIC_ROUTES]) {
      expect(byKey.get(key)?.AuthorizationType, key).toBe("NONE");
      expect(byKey.get(key)?.AuthorizerId, key).toBeUndefined();
    }
    // The routes the issue names are all among the protected ones.
    for (const key of ["GET /v1/communes", "GET /v1/alerts", "GET /v1/kpis", "GET /v1/gaps"]) {
      expect(DASHBOARD_ROUTES as readonly string[]).toContain(key);
    }
  });

  it("sends every route to the API function, but the admin, weekly report and geometry routes to their own", () => {
    const template = synth.template(Api);
    const fnId = logicalIdOf(template, "AWS::Lambda::Function", "ApiFunction");
    const adminId = logicalIdOf(template, "AWS::Lambda::Function", "AdminFunction");
    const reportId = logicalIdOf(template, "AWS::Lambda::Function", "ReportFunction");
    const geoId = logicalIdOf(template, "AWS::Lambda::Function", "GeoFunction");
    const integrations = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Integration"));
    const geoRoutes = [GEO_TILE_ROUTE, ...GEO_WRITE_ROUTES];
    const adminRoutes = [...ADMIN_ROUTES, ...ADMIN_PUBLIC_ROUTES];
    expect(integrations.length).toBe(
      1 + 1 + 1 + DASHBOARD_ROUTES.length + PUBLIC_ROUTES.length + geoRoutes.length + adminRoutes.length,
    );
    const to = (id: string) => integrations.filter((i) => JSON.stringify(i.Properties.IntegrationUri).includes(id));
    const toReport = to(reportId);
    const toGeo = to(geoId);
    const toAdmin = to(adminId);
    expect(toReport).toHaveLength(1);
    expect(toGeo).toHaveLength(geoRoutes.length);
    expect(toAdmin).toHaveLength(adminRoutes.length);
    // Tiles are a read (users and wall devices); imports keep the dashboard's Cognito authorizer.
    const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const route = (key: string) => routes.find((r) => r.RouteKey === key);
    expect(route(GEO_TILE_ROUTE)?.AuthorizationType).toBe("CUSTOM");
    for (const key of GEO_WRITE_ROUTES) expect(route(key)?.AuthorizationType, key).toBe("JWT");
    for (const integration of integrations) {
      expect(integration.Properties.IntegrationType).toBe("AWS_PROXY");
      if (!toReport.includes(integration) && !toGeo.includes(integration) && !toAdmin.includes(integration))
        expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnId);
      expect(integration.Properties.PayloadFormatVersion).toBe("2.0");
    }
  });

  it("sends each route of the app to a function whose part of the app serves it", async () => {
    const { app: full, deps } = await appsUnderTest();
    const dashboard = createDashboardApp(deps);
    const served = (app: { routes: Array<{ method: string; path: string }> }) =>
      new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const dashboardRoutes = served(dashboard);
    const misrouted: string[] = [];
    for (const route of served(full)) {
      const [method, path] = route.split(" ") as [string, string];
      const target = gatewayTarget(method, path.replaceAll(/:[^/]+/g, "x"));
      // The API function must serve what the gateway sends it; every other function runs the whole app.
      if (target === "api" ? !dashboardRoutes.has(route) : dashboardRoutes.has(route) && target !== "geo")
        misrouted.push(`${route} → ${target}`);
    }
    expect(misrouted).toEqual([]);
    expect(dashboardRoutes.size).toBeGreaterThan(20);
    expect(served(full).size - dashboardRoutes.size).toBeGreaterThan(20);
  });
});

/** The whole app of the tests, and dependencies to build the API function's part from. */
async function appsUnderTest() {
  const t = await createAuthTestApp();
  const deps: Parameters<typeof createDashboardApp>[0] = {
    ...t.deps,
    clock: t.clock,
    logger: { info() {}, error() {} },
    defaultProvince: "99",
    auth: { verifier: t.verifier, issuer: t.issuer },
  };
  return { app: t.app, deps };
}
