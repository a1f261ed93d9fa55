/// <reference lib="dom" />
/**
 * What every e2e suite starts with: the built dashboard served by the real local runtime on free
 * ports, and a demo user signed in through the form.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createConsoleLogger, freePort, type Runtime, startRuntime } from "@ioc/local";
import type { Page } from "playwright-core";
import { withPage } from "./browser.js";
import { ensureWebBuild, ROOT } from "./web-build.js";

/** Where suites write their screenshots (created on first use; never committed). */
export const ARTIFACTS = join(ROOT, "test-artifacts");

/** The three screens the IOC is read on: the wall and operations room, a laptop, a phone. */
export const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;

/**
 * The local runtime with the dashboard, its tables under `tablePrefix`; with `simulator: true` the
 * demo simulator feeds it (every indicator filled, so cards and consoles carry real text).
 */
export async function startE2eRuntime(tablePrefix: string, options: { simulator?: boolean } = {}): Promise<Runtime> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    webDist: ensureWebBuild(),
    simulator: options.simulator ?? false,
    logger: createConsoleLogger("warn"),
    tablePrefix,
  });
}

/** Waits (up to a minute) for the simulator's first readings to reach the KPI strip, which shows once there are some. */
export async function waitForKpis(url: string): Promise<void> {
  await withPage(SIZES[1], async (page) => {
    await signIn(page, url, "leader");
    for (let k = 0; k < 12 && !(await page.$('[data-testid="kpi"]')); k++) {
      await page.waitForTimeout(5_000);
      await page.reload();
      await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
    }
  });
}

/** The communes outlined on the map's highlight source now with `kind` (selected, marked, …), sorted. */
export function highlightedCodes(page: Page, kind: string): Promise<string[]> {
  return page.evaluate((wanted) => {
    const map = window.__ioc?.map as unknown as {
      querySourceFeatures(source: string): Array<{ properties: { code: string; kind: string } }>;
    };
    return [
      ...new Set(
        map
          .querySourceFeatures("commune-highlights")
          .filter((f) => f.properties.kind === wanted)
          .map((f) => f.properties.code),
      ),
    ].sort();
  }, kind);
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

/** A reading as a source posts it (`POST /v1/readings`). */
export interface PostedReading {
  id: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: string;
}

/**
 * Posts `readings` with the runtime's demo source key, 500 a request (expecting each accepted),
 * then waits until the pipeline has processed them.
 */
export async function postReadings(
  runtime: Runtime,
  readings: readonly PostedReading[],
  expectAccepted: (status: number) => void,
): Promise<void> {
  for (let k = 0; k < readings.length; k += 500) {
    const posted = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({ readings: readings.slice(k, k + 500) }),
    });
    expectAccepted(posted.status);
  }
  await runtime.drained();
}
