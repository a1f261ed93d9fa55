/**
 * The province's neighbours on the map (issue 14 item 5) in headless Chromium: the faded layer
 * under the communes holds the demo's synthetic neighbours, each with its name, and their names
 * are placed on screen around the province when the map shows it whole.
 * Screenshots: test-artifacts/map-neighbours-*.png.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");

describe.runIf(e2eEnabled("map-neighbours"))("neighbouring provinces on the map", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eneigh");
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of [
    { width: 1366, height: 768 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${size.width}x${size.height}: the neighbour layer has named features, drawn around the province`, {
      timeout: 180_000,
    }, async () => {
      await withPage(size, async (page) => {
        await signIn(page, runtime.url, "leader");
        await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
        const names = () =>
          page.evaluate(() => {
            const map = window.__ioc?.map as unknown as {
              querySourceFeatures(s: string, o?: unknown): Array<{ properties: { name: string; part: string } }>;
            };
            return [
              ...new Set(
                map
                  .querySourceFeatures("province-neighbours", { filter: ["==", ["get", "part"], "label"] })
                  .map((f) => f.properties.name),
              ),
            ].sort();
          });
        await expect
          .poll(names, { timeout: 20_000 })
          .toEqual(["Nước láng giềng", "Tỉnh An Hải", "Tỉnh Bắc Sơn", "Tỉnh Nam Nguyên", "Tỉnh Thượng Lâm"].sort());
        // The layers lie under the communes, and MapLibre placed some names on screen.
        const order = await page.evaluate(() => {
          const map = window.__ioc?.map as unknown as { getStyle(): { layers: Array<{ id: string }> } };
          return map.getStyle().layers.map((l) => l.id);
        });
        expect(order.indexOf("neighbour-fill")).toBeLessThan(order.indexOf("commune-fill"));
        await page.waitForFunction(
          () => (window.__ioc?.map as unknown as { loaded(): boolean } | undefined)?.loaded() === true,
        );
        const placed = await page.evaluate(() => {
          const map = window.__ioc?.map as unknown as {
            queryRenderedFeatures(o: unknown): Array<{ properties: { name: string } }>;
          };
          return map.queryRenderedFeatures({ layers: ["neighbour-label"] }).map((f) => f.properties.name);
        });
        expect(placed.length).toBeGreaterThan(0);
        writeFileSync(join(ARTIFACTS, `map-neighbours-${size.width}x${size.height}.png`), await page.screenshot());
      });
    });
  }
});
