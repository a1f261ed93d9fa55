/// <reference lib="dom" />
/**
 * What every e2e suite starts with: the built dashboard served by the real local runtime on free
 * ports, and a demo user signed in through the form.
 */
import { createConsoleLogger, freePort, type Runtime, startRuntime } from "@ioc/local";
import type { Page } from "playwright-core";
import { ensureWebBuild } from "./web-build.js";

/** The local runtime with the dashboard, no simulator, its tables under `tablePrefix`. */
export async function startE2eRuntime(tablePrefix: string): Promise<Runtime> {
  return startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    webDist: ensureWebBuild(),
    simulator: false,
    logger: createConsoleLogger("warn"),
    tablePrefix,
  });
}

/** Opens the dashboard and signs in through the form; resolves once the map and live feed are up. */
export async function signIn(page: Page, url: string, username: string, password = "demo"): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="sign-in"]', { timeout: 30_000 });
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 30_000 });
}
