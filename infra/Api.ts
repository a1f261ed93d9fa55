/**
 * The public HTTP API: one Hono Lambda behind an API Gateway HTTP API. Every route needs a
 * dashboard sign-in (Cognito JWT) unless it is listed as public: ingest authenticates provincial
 * systems by their own per-source keys, and /health and the OpenAPI document are for anyone.
 * Failing closed means a dashboard route added later is protected even if nobody lists it here.
 *
 * Reads (every GET) go through the reader authorizer instead, which admits a dashboard user's
 * Cognito token or a wall device's token (issue 14 item 4); writes keep the Cognito JWT
 * authorizer, so a wall's token opens nothing but reads at the gateway already. The weekly report
 * has a function of its own (pdfkit and the font do not fit the API's bundle), and so do the
 * admin screens with the OpenAPI document (ADMIN_ROUTES): the API function keeps what a dashboard
 * and ingest call every minute, so its cold start loads only that (issue 16 item 6).
 */
import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
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
] as const;

/**
 * The admin function's public routes: the document, and the two by which a wall trades its
 * one-time code, then its device secret, for a token (it has none before).
 */
export const ADMIN_PUBLIC_ROUTES = [
  "GET /v1/openapi.json",
  "GET /v1/docs",
  "POST /v1/devices/enrol",
  "POST /v1/devices/token",
] as const;

/**
 * The paths of the admin screens, served by the admin function (functions/admin.ts): sources and
 * their keys, dead letters, users, the notification policy and an alert's notifications, targets
 * and changes, the audit trail, wall devices and the rule preview. Each is routed for reads (the
 * reader authorizer, like every GET) and for writes (the Cognito JWT); the app checks roles.
 */
export const ADMIN_PATHS = [
  "/v1/sources",
  "/v1/sources/{proxy+}",
  "/v1/dead-letters",
  "/v1/dead-letters/{proxy+}",
  "/v1/users",
  "/v1/notification-policy",
  "/v1/alerts/{id}/notifications",
  "/v1/targets",
  "/v1/targets/{proxy+}",
  "/v1/changes",
  "/v1/audit",
  "/v1/audit.csv",
  "/v1/devices",
  "/v1/devices/{proxy+}",
  "/v1/rules/preview",
] as const;

/** The admin function's gateway routes: each admin path for reads and for writes. */
export const ADMIN_ROUTES = ADMIN_PATHS.flatMap((path) => [`GET ${path}`, `ANY ${path}`]);

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

/** Every other read: history, tiles, targets, changes... admitted for users and wall devices alike. */
export const READ_ROUTE = "GET /{proxy+}";

/** The weekly report's route, served by its own function. */
export const REPORT_ROUTE = "GET /v1/reports/weekly";

/**
 * The geometry routes, served by the Geo function (functions/geo.ts): boundary preview and import
 * (admins, Cognito JWT) and the commune tiles (a read: users and wall devices). The tiles' route is
 * more specific than `GET /v1/communes/{proxy+}`, so the gateway picks it for tiles only.
 */
export const GEO_WRITE_ROUTES = ["POST /v1/boundaries/preview", "POST /v1/boundaries/import"] as const;
export const GEO_TILE_ROUTE = "GET /v1/communes/tiles/{proxy+}";

/** The font files the report function ships beside its bundle (pdfkit reads them at run time). */
export const REPORT_FONT_FILES = ["400Regular/BeVietnamPro_400Regular.ttf", "700Bold/BeVietnamPro_700Bold.ttf"].map(
  (file) => `node_modules/@expo-google-fonts/be-vietnam-pro/${file}`,
);

/** How long the gateway reuses a reader decision per token: well under a device token's 5 minutes. */
export const READER_CACHE = Duration.seconds(60);

/** True for a route key the reader authorizer guards (a GET that is not public). */
export const isReadRoute = (route: string) => route.startsWith("GET ");

/** Stage-wide throttle: ample for a province's systems (500 readings per request), a lid on abuse. */
export const API_THROTTLE = { rate: 100, burst: 200 } as const;

/** The HTTP API and its function; other stacks `use(Api)`. */
export function Api({ stack }: StackContext) {
  const { readings, state, history, control, tableEnvironment } = use(Storage);
  const { userPool, dashboardClient } = use(Auth);

  const config = deployConfig();
  const appEnvironment = {
    ...tableEnvironment,
    DEFAULT_PROVINCE: config.defaultProvince,
    // The app verifies dashboard tokens itself too (roles, provinces), against this pool.
    USER_POOL_ID: userPool.userPoolId,
    USER_POOL_CLIENT_ID: dashboardClient.userPoolClientId,
  };
  // The wall devices' tokens are checked with the public half wherever a token arrives.
  const devicePublicKey: Record<string, string> = config.devicePublicJwk
    ? { DEVICE_PUBLIC_JWK: config.devicePublicJwk }
    : {};

  // The private half signs device tokens; only the API reads it. Created with a placeholder (walls
  // off) that an operator replaces with the key (docs/DEPLOY.md), so it is never in code or config.
  const deviceSigningKey = new Secret(stack, "DeviceSigningKey", {
    description: `IOC ${stack.stage}: the private P-256 JWK that signs wall-device tokens`,
    generateSecretString: { secretStringTemplate: "{}", generateStringKey: "placeholder", passwordLength: 32 },
  });

  const fn = new SstFunction(stack, "ApiFunction", {
    handler: handlerOf("api"),
    description: "IOC HTTP API (Hono): ingest, sign-in and the dashboard's routes",
    environment: { ...appEnvironment, ...devicePublicKey },
  });
  const admin = new SstFunction(stack, "AdminFunction", {
    handler: handlerOf("admin"),
    description: "IOC admin routes and the OpenAPI document (Hono, the whole app)",
    // The public half too: a new key pair changes this environment, so the deploy that configures
    // it also replaces the admin function's containers, which read the secret once, at start.
    environment: { ...appEnvironment, ...devicePublicKey, DEVICE_SIGNING_SECRET_ARN: deviceSigningKey.secretArn },
  });
  // Only the admin function signs device tokens (enrolment, renewal).
  admin.addToRolePolicy(
    new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [deviceSigningKey.secretArn] }),
  );
  // The admin's user list (GET /v1/users): read-only calls on this pool, nothing that changes it.
  admin.addToRolePolicy(
    new PolicyStatement({
      actions: ["cognito-idp:ListUsers", "cognito-idp:ListUsersInGroup"],
      resources: [userPool.userPoolArn],
    }),
  );
  for (const [f, name] of [
    [fn, "api"],
    [admin, "admin"],
  ] as const) {
    grantTable(f, readings, TABLE_ACCESS[name].readings);
    grantTable(f, state, TABLE_ACCESS[name].state);
    grantTable(f, history, TABLE_ACCESS[name].history);
    grantTable(f, control, TABLE_ACCESS[name].control);
    for (const grant of SCOPED_ACCESS[name].state) grantTableItems(f, state, grant);
    for (const grant of SCOPED_ACCESS[name].history) grantTableItems(f, history, grant);
    for (const grant of SCOPED_ACCESS[name].control) grantTableItems(f, control, grant);
  }

  const report = new SstFunction(stack, "ReportFunction", {
    handler: handlerOf("report"),
    description: "IOC weekly report (PDF, pdfkit + Be Vietnam Pro)",
    // pdfkit lays out and subsets the font in memory: more memory is also more CPU (about 1 s a page here).
    memorySize: 1024,
    timeout: 30,
    environment: { ...appEnvironment, ...devicePublicKey },
    copyFiles: REPORT_FONT_FILES.map((from) => ({ from })),
  });
  grantTable(report, state, TABLE_ACCESS.report.state);
  grantTable(report, control, TABLE_ACCESS.report.control);

  const geo = new SstFunction(stack, "GeoFunction", {
    handler: handlerOf("geo"),
    description: "IOC boundary import and commune tiles (packages/geo, geojson-vt)",
    // An import parses, checks and repairs a province's boundaries in memory (a national file of
    // ~4 million vertices took 1.5 GiB locally); more memory is also more CPU.
    memorySize: 1536,
    // API Gateway answers 503 after 30 s whatever the function does.
    timeout: 29,
    environment: { ...appEnvironment, ...devicePublicKey },
  });
  grantTable(geo, control, TABLE_ACCESS.geo.control);
  for (const grant of SCOPED_ACCESS.geo.control) grantTableItems(geo, control, grant);

  const readerAuthorizer = new SstFunction(stack, "ReaderAuthorizer", {
    handler: handlerOf("gatewayAuthorizer"),
    description: "IOC reader authorizer: dashboard users' and wall devices' tokens",
    memorySize: 256,
    environment: {
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_ID: dashboardClient.userPoolClientId,
      ...devicePublicKey,
    },
  });

  const api = new HttpApi(stack, "Api", {
    // CORS is set by the Web stack once the dashboard's origin exists (see Web.ts).
    cors: false,
    authorizers: {
      dashboard: {
        type: "user_pool",
        userPool: { id: userPool.userPoolId, clientIds: [dashboardClient.userPoolClientId] },
      },
      reader: {
        type: "lambda",
        function: readerAuthorizer,
        responseTypes: ["simple"],
        identitySource: ["$request.header.Authorization"],
        resultsCacheTtl: "60 seconds",
      },
    },
    defaults: { authorizer: "dashboard", throttle: API_THROTTLE },
    accessLog: { retention: "one_month" },
    routes: {
      $default: { function: fn },
      [READ_ROUTE]: { function: fn, authorizer: "reader" },
      ...Object.fromEntries(
        DASHBOARD_ROUTES.map((route) => [
          route,
          isReadRoute(route) ? { function: fn, authorizer: "reader" } : { function: fn },
        ]),
      ),
      ...Object.fromEntries(PUBLIC_ROUTES.map((route) => [route, { function: fn, authorizer: "none" as const }])),
      ...Object.fromEntries(
        ADMIN_ROUTES.map((route) => [
          route,
          isReadRoute(route) ? { function: admin, authorizer: "reader" } : { function: admin },
        ]),
      ),
      ...Object.fromEntries(
        ADMIN_PUBLIC_ROUTES.map((route) => [route, { function: admin, authorizer: "none" as const }]),
      ),
      [REPORT_ROUTE]: { function: report, authorizer: "reader" },
      [GEO_TILE_ROUTE]: { function: geo, authorizer: "reader" },
      ...Object.fromEntries(GEO_WRITE_ROUTES.map((route) => [route, { function: geo }])),
    },
  });

  stack.addOutputs({ ApiUrl: api.url, DeviceSigningKeyArn: deviceSigningKey.secretArn });
  return { api, fn, admin, report, geo, readerAuthorizer, deviceSigningKey };
}
