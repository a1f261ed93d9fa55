/**
 * The SST v2 app: `npx sst deploy --stage prod` (docs/DEPLOY.md). The stacks live in infra/,
 * one per file; infra/app.ts composes them so the tests synthesize exactly what deploys.
 */
import type { SSTConfig } from "sst";
import { composeApp } from "./infra/app.js";

export default {
  config() {
    return {
      name: "ioc",
      // Singapore: the AWS region closest to Vietnam (there is none in Vietnam); `--region` overrides.
      region: "ap-southeast-1",
    };
  },
  stacks(app) {
    composeApp(app);
  },
} satisfies SSTConfig;
