/// <reference lib="dom" />
/**
 * Headless Chromium for end-to-end tests, driven by playwright-core (no browser download): the
 * system's Debian chromium, or CHROMIUM_PATH. Without one the suites are skipped loudly, except
 * under CI=true, where a missing browser is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/** The Chromium executable, or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

/** True when e2e suites must run: a browser exists, or CI demands it (and fails without one). */
export function e2eEnabled(suite: string): boolean {
  if (chromiumPath()) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `e2e suite "${suite}": no Chromium found (set CHROMIUM_PATH or apt-get install chromium); CI requires it`,
    );
  }
  console.warn(
    `\n${"!".repeat(78)}\n!!! SKIPPED e2e suite "${suite}": no Chromium at CHROMIUM_PATH or /usr/bin/chromium.\n!!! Install it (apt-get install -y chromium) to run the browser tests.\n${"!".repeat(78)}\n`,
  );
  return false;
}

/** The flags this machine's Chromium needs to render WebGL headless through SwiftShader. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * A browser context with a fresh user-data dir; `close()` closes it and removes the dir. Given
 * `userDataDir`, the profile is that dir and outlives `close()` (a browser restarted on the same
 * profile keeps its localStorage and cookies, as a wall screen's does); the caller removes it.
 */
export async function launchBrowser(
  viewport = { width: 1400, height: 850 },
  options: { userDataDir?: string } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no Chromium");
  const kept = options.userDataDir !== undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), "ioc-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      if (kept) return;
      // Chromium's helpers may still be flushing the cache for a moment after close.
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

declare global {
  interface Window {
    /** The dashboard's diagnostics hook (web/src/MapView.tsx), as far as tests use it. */
    __ioc?: {
      map: { project(lngLat: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement };
      ready: boolean;
      updates: number;
    };
  }
}

/**
 * Runs `run` on the first page of a fresh browser at `size`, then closes the browser. With
 * `failOnPageErrors` (the default) an uncaught error in the page fails the test.
 */
export async function withPage(
  size: { width: number; height: number },
  run: (page: Page) => Promise<void>,
  { failOnPageErrors = true }: { failOnPageErrors?: boolean } = {},
): Promise<void> {
  const browser = await launchBrowser(size);
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await run(page);
    if (failOnPageErrors) expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}
