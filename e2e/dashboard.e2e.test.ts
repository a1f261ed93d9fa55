/**
 * The dashboard in a real headless Chromium against the real local runtime: the user signs in
 * through the form, then a posted reading recolours its commune on screen within 3 s, via
 * feature-state, without reloading anything.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLASS_COLOURS, NO_DATA_COLOUR } from "@ioc/core";
import type { Runtime } from "@ioc/local";
import type { BrowserContext, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, launchBrowser } from "./browser.js";
import { startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");

const hex = (colour: string) =>
  [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
/** What a fill colour looks like on screen: the fill layer is 92 % opaque over the background. */
const onScreen = (colour: string) => {
  const fill = hex(colour);
  const background = hex("#dde6ed");
  return fill.map((c, i) => Math.round(0.92 * c + 0.08 * (background[i] as number)));
};
const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - (b[i] as number)) <= 10);

async function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  const png = PNG.sync.read(
    await page.screenshot({ clip: { x: Math.round(x) - 1, y: Math.round(y) - 1, width: 3, height: 3 } }),
  );
  const offset = (png.width * 1 + 1) * 4; // the centre pixel
  return [png.data[offset], png.data[offset + 1], png.data[offset + 2]] as number[];
}

describe.runIf(e2eEnabled("dashboard"))("dashboard in headless Chromium", () => {
  let runtime: Runtime;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const geojsonRequests: string[] = [];
  let navigations = 0;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2e");
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on("request", (request) => {
      if (request.url().includes("format=geojson")) geojsonRequests.push(request.url());
    });
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.goto(runtime.url);
    // The API and the live socket need a signed-in user: sign in as the demo leader, by the form.
    await page.waitForSelector('[data-testid="sign-in"]', { timeout: 30_000 });
    await page.fill('input[name="username"]', "leader");
    await page.fill('input[name="password"]', "wrong");
    await page.click('button[type="submit"]');
    expect(await (await page.waitForSelector('[data-testid="sign-in-error"]')).textContent()).toBe(
      "Sai tên đăng nhập hoặc mật khẩu",
    );
    await page.fill('input[name="password"]', "demo");
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it("speaks Vietnamese, labels the synthetic data, and shows a legend and the connection state", async () => {
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    expect(await page.textContent('[data-testid="synthetic-badge"]')).toBe("Dữ liệu mô phỏng");
    expect(await page.textContent(".legend h2")).toContain("Dân số được phủ sóng 4G");
    expect(await page.textContent('[data-testid="connection"]')).toContain("Trực tuyến");
  });

  it("recolours a commune within 3 s of a posted reading, via feature-state only", async () => {
    const commune = runtime.province.communes[Math.floor(runtime.province.communes.length / 2)];
    if (!commune) throw new Error("empty demo province");
    const point = await page.evaluate(([lng, lat]) => {
      const map = window.__ioc?.map;
      if (!map) throw new Error("no map");
      const p = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: p.x + rect.left, y: p.y + rect.top };
    }, commune.labelPoint);
    // No simulator: nothing has reported yet, the commune is grey.
    expect(close(await pixelAt(page, point.x, point.y), onScreen(NO_DATA_COLOUR))).toBe(true);

    const post = (value: number, id: string) =>
      fetch(`${runtime.url}/v1/readings`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
        body: JSON.stringify({
          readings: [
            { id, commune: commune.code, metric: "net.coverage_4g", value, observedAt: new Date().toISOString() },
          ],
        }),
      });

    for (const [value, colour, id] of [
      [20, CLASS_COLOURS[0], "e2e-1"],
      [99, CLASS_COLOURS[4], "e2e-2"],
    ] as const) {
      const started = Date.now();
      expect((await post(value, id)).status).toBe(202);
      await expect
        .poll(async () => close(await pixelAt(page, point.x, point.y), onScreen(colour)), {
          timeout: 3_000,
          interval: 100,
        })
        .toBe(true);
      console.log(`e2e: ${commune.code} turned ${colour} ${Date.now() - started} ms after the POST`);
    }
    // The polygons were fetched once and the page never reloaded.
    expect(geojsonRequests).toHaveLength(1);
    expect(navigations).toBe(1);

    // Hover shows the commune's name and value.
    await page.mouse.move(point.x, point.y);
    await page.waitForSelector(".tooltip");
    const tooltip = await page.textContent(".tooltip");
    expect(tooltip).toContain(commune.name);
    expect(tooltip).toContain("99 %");
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "dashboard-live-update.png"), await page.screenshot());
  });
});
