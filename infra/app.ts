/**
 * The app's composition, shared by `sst.config.ts` and the infra tests so both build the same
 * thing: function defaults, the stage's removal policy, and the stacks in dependency order.
 */
import type { App } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { Api } from "./Api.js";
import { Auth } from "./Auth.js";
import { FUNCTION_DEFAULTS } from "./bundling.js";
import { Monitoring } from "./Monitoring.js";
import { Notifications } from "./Notifications.js";
import { Processing } from "./Processing.js";
import { Realtime } from "./Realtime.js";
import { Storage } from "./Storage.js";
import { isDisposableStage } from "./stages.js";
import { Web } from "./Web.js";

/** The stacks in the order they depend on each other; Web last, since its build is slow. */
export const STACKS = [Storage, Auth, Api, Realtime, Processing, Notifications, Monitoring, Web] as const;
/** Every stack but Web, whose synthesis runs the dashboard's build. */
export const STACKS_WITHOUT_WEB = STACKS.filter((stack) => stack !== Web);

/** Configures `app` and adds `stacks` (all by default; tests pass a dependency-closed subset). */
export function composeApp(app: App, stacks: readonly FunctionalStack<unknown>[] = STACKS): void {
  app.setDefaultFunctionProps(FUNCTION_DEFAULTS);
  // Disposable stages lose everything on `sst remove`; others keep what the stacks retain.
  if (isDisposableStage(app.stage)) app.setDefaultRemovalPolicy("destroy");
  for (const stack of stacks) app.stack(stack);
}
