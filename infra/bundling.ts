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
 * Bundle budgets in KB (1,000 bytes) of minified output, enforced by `bundles.test.ts`. The API's
 * goal is 300 KB (issue 16) and is not met: 487 KB since boundary imports and tiles moved to the
 * Geo function (functions/geo.ts; 564 KB before, with packages/geo's import, repair and tiling and
 * geojson-vt + pbf). What it is made of (esbuild metafile): zod 152 KB, zod-to-openapi 31, hono 28,
 * jose 27, Powertools logger 21, the product's own packages about 215. The budget is 500 so it
 * cannot grow unnoticed; getting to 300 needs a schema library that tree-shakes (valibot, or
 * zod/mini) and the OpenAPI document built at deploy time. Every other function may not grow past
 * its size before the zod stubs (December 2026: processor 272, broadcaster 267, scheduler 263,
 * $connect 281, $disconnect 231, message 261).
 */
export const BUNDLE_BUDGETS_KB: Record<keyof typeof LAMBDA_ENTRIES, number> = {
  api: 500,
  admin: 500,
  processor: 272,
  broadcaster: 267,
  scheduler: 263,
  liveConnect: 281,
  liveDisconnect: 231,
  liveMessage: 261,
  // New functions (December 2026), each at its first measured size plus a little room (the report
  // grew 1,402 → 1,477 KB with the core and contract of the admin screens merged the same day).
  notifier: 480,
  report: 1500,
  // The boundary and tile routes (December 2026): the app as the API has it, with packages/geo and
  // geojson-vt, which left the API's bundle for this one (560 KB measured).
  geo: 580,
  gatewayAuthorizer: 240,
  signInAudit: 195,
};
