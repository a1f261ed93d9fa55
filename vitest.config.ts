import { defineConfig } from "vitest/config";

/**
 * One `npm test` runs every suite. Projects split them by what they need: unit tests need
 * nothing, integration tests start DynamoDB Local, e2e tests also drive headless Chromium, infra
 * tests synthesize the SST stacks offline.
 */
export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // The SDK's Node 20 notice is known (see README); keep test output readable.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    projects: [
      // The dashboard's component tests (jsdom + the Solid compiler) have a config of their own in web/.
      "web/vitest.config.ts",
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "functions/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["infra/**/*.test.ts"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
