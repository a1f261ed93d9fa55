/**
 * Real survey geometry end to end: Quảng Nam's 18 pre-2025 districts (standing in for communes)
 * are imported with `ioc geo import` into the runtime's registry, in place of the demo province,
 * and the dashboard then draws them in headless Chromium. Skipped with a message when the file
 * (../shared/data/real-geometry, never copied into this repository) is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "@ioc/cli";
import type { Runtime } from "@ioc/local";
import { createDynamoStores } from "@ioc/store";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, launchBrowser } from "./browser.js";
import { startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");
const QUANG_NAM = resolve(ROOT, "../shared/data/real-geometry/quang-nam-districts-pre2025.geojson");
const present = existsSync(QUANG_NAM);
if (!present) console.warn(`real-geometry.e2e: skipping: ${QUANG_NAM} is absent`);

describe.runIf(present && e2eEnabled("real-geometry"))("Quảng Nam's real boundaries in the dashboard", () => {
  let runtime: Runtime;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2egeo");
    // The demo users see province 99 only, so the districts are renumbered into it: 99 + the
    // 3-digit district code makes a 5-digit commune code. Geometry and names are untouched.
    const source = JSON.parse(readFileSync(QUANG_NAM, "utf8")) as {
      features: Array<{ properties: Record<string, unknown> }>;
    };
    for (const f of source.features) {
      f.properties.code = `99${f.properties.code as string}`;
      f.properties.province_code = runtime.province.code;
    }
    dir = mkdtempSync(join(tmpdir(), "ioc-e2e-geo-"));
    const file = join(dir, "quang-nam-as-99.geojson");
    writeFileSync(file, JSON.stringify(source));
    const out: string[] = [];
    const err: string[] = [];
    const stores = createDynamoStores({ client: runtime.dynamo.client, tables: runtime.tables });
    // Before any request: the API caches a province for a minute once it has read it.
    const code = await runCli(
      ["geo", "import", file, "--name", "Quảng Nam (ranh giới huyện cũ)", "--allow-removals"],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      async () => ({
        stores,
        dynamo: { client: runtime.dynamo.client, tables: runtime.tables },
        clock: Date.now,
        close: async () => {},
      }),
    );
    expect(code, err.join("\n")).toBe(0);
    expect(out.join("\n")).toContain("Đã nhập 18 xã cho tỉnh 99.");

    browser = await launchBrowser({ width: 1400, height: 850 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The operations map (a planner would otherwise start on the planning view).
    await page.goto(`${runtime.url}/?view=operations`);
    await page.waitForSelector('[data-testid="sign-in"]', { timeout: 30_000 });
    await page.fill('input[name="username"]', "planner");
    await page.fill('input[name="password"]', "demo");
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("draws the 18 imported districts, no longer labelled synthetic", async () => {
    const header = await page.textContent(".province");
    expect(header).toContain("Quảng Nam (ranh giới huyện cũ)");
    expect(header).toContain("18");
    expect(await page.$('[data-testid="synthetic-badge"]')).toBeNull();
    // Tây Giang's label point lies inside the map's drawn polygons: hovering it names the district.
    const tayGiang = await page.evaluate(async () => {
      const response = await fetch("/v1/communes/99504", {
        headers: { authorization: `Bearer ${JSON.parse(sessionStorage.getItem("ioc.session") ?? "{}").token}` },
      });
      return (await response.json()) as { name: string; labelPoint: [number, number] };
    });
    expect(tayGiang.name).toBe("Huyện Tây Giang");
    const point = await page.evaluate(([lng, lat]) => {
      const map = window.__ioc?.map;
      if (!map) throw new Error("no map");
      const p = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: p.x + rect.left, y: p.y + rect.top };
    }, tayGiang.labelPoint);
    await page.mouse.move(point.x, point.y);
    await page.waitForSelector(".tooltip");
    expect(await page.textContent(".tooltip strong")).toBe("Huyện Tây Giang");
    writeFileSync(join(ARTIFACTS, "quang-nam-real-geometry.png"), await page.screenshot());
  });
});
