/**
 * How every Lambda is built and run, declared once: the stacks pass it to SST, and
 * `bundles.test.ts` builds the same entry points with the same esbuild options to measure them.
 */
import type { FunctionProps } from "sst/constructs";
import { dedupePackages, zodLocales, zodUnusedFeatures } from "./bundle-plugins.js";

/** Lambda's Node runtime; it ships the AWS SDK v3, so the bundles leave `@aws-sdk/*` out. */
export const LAMBDA_RUNTIME = "nodejs22.x" as const;

/** esbuild options shared by SST's build and the bundle-size test. */
export const LAMBDA_ESBUILD = {
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  bundle: true,
  external: ["@aws-sdk/*"],
  /**
   * SST turns `keepNames` on, which wraps every function and class of the bundle to keep its
   * `.name` (about 6 % of each bundle: the API's 517 → 488 KB in December 2026). Nothing here reads
   * a minified function's name: the product's errors set `name` themselves and are logged with
   * their stable `code`, and the AWS SDK, which tells its exceptions by name, is outside the
   * bundle. Stack traces show minified names either way.
   */
  keepNames: false,
} as const;

/** The esbuild plugins every Lambda bundle is built with. */
export function lambdaPlugins() {
  return [dedupePackages(), zodLocales(), zodUnusedFeatures()];
}

/** Defaults for every function of the app. */
export const FUNCTION_DEFAULTS: FunctionProps = {
  runtime: LAMBDA_RUNTIME,
  // Graviton: about 20 % cheaper per GB-second than x86 for the same work.
  architecture: "arm_64",
  memorySize: 512,
  timeout: 10,
  // Nothing is instrumented for X-Ray, so no function needs its write permissions.
  tracing: "disabled",
  logRetention: "one_month",
  nodejs: {
    format: LAMBDA_ESBUILD.format,
    minify: LAMBDA_ESBUILD.minify,
    // Source maps would double each bundle.
    sourcemap: false,
    esbuild: {
      target: LAMBDA_ESBUILD.target,
      keepNames: LAMBDA_ESBUILD.keepNames,
      external: [...LAMBDA_ESBUILD.external],
      // SST types these with its own esbuild's Plugin; the shapes agree (bundle-plugins.ts).
      plugins: lambdaPlugins() as never,
    },
  },
};

/** Each Lambda entry point, by the name the stacks and the bundle test use. */
export const LAMBDA_ENTRIES = {
  api: "functions/api.ts",
  admin: "functions/admin.ts",
  processor: "functions/processor.ts",
  broadcaster: "functions/broadcaster.ts",
  scheduler: "functions/scheduler.ts",
  liveConnect: "functions/ws-connect.ts",
  liveDisconnect: "functions/ws-disconnect.ts",
  liveMessage: "functions/ws-message.ts",
  notifier: "functions/notifier.ts",
  report: "functions/report.ts",
  geo: "functions/geo.ts",
  gatewayAuthorizer: "functions/gateway-authorizer.ts",
  signInAudit: "functions/sign-in-audit.ts",
} as const;

/** The SST handler string (`file-without-extension.export`) of an entry point. */
export function handlerOf(entry: keyof typeof LAMBDA_ENTRIES): string {
  return `${LAMBDA_ENTRIES[entry].replace(/\.ts$/, "")}.handler`;
}

/**
 * Bundle budgets in KB (1,000 bytes) of minified output, enforced by `bundles.test.ts`: each
 * function's size when every schema moved to zod/mini (December 2026), plus a little room, so a
 * regression shows. The API function's is issue 16's goal, 300 KB: 292.5 KB measured, down from
 * 487 KB, by three changes — the schemas on zod/mini, which tree-shakes (zod classic attaches every
 * method to every schema: ~150 KB); the contract's own `createRoute` and `OpenAPIHono` in place of
 * @hono/zod-openapi and zod-to-openapi (~36 KB, and they required classic); and the admin routes
 * and the OpenAPI document in their own function (functions/admin.ts), so the API function's cold
 * start loads ingest and the dashboard only. The stream and socket functions lost ~114 KB each.
 */
export const BUNDLE_BUDGETS_KB: Record<keyof typeof LAMBDA_ENTRIES, number> = {
  api: 300,
  // The whole app (admin routes, the document and its JSON Schema converter): 363 KB measured.
  admin: 380,
  processor: 150,
  broadcaster: 140,
  scheduler: 140,
  liveConnect: 130,
  liveDisconnect: 80,
  liveMessage: 105,
  notifier: 365,
  // The app with pdfkit and the font's layout code (1,276 KB measured).
  report: 1300,
  // The app with packages/geo and geojson-vt (437 KB measured).
  geo: 450,
  gatewayAuthorizer: 125,
  signInAudit: 80,
};
