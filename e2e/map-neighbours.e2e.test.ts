/**
 * The province's neighbours on the map (issue 14 item 5) in headless Chromium: the faded layer
 * under the communes holds the demo's synthetic neighbours, each with its name, and their names
 * are placed on screen around the province when the map shows it whole — every name drawn lies
 * inside the visible map, not under its legend or buttons, at the wall, laptop and phone sizes.
 * Screenshots: test-artifacts/map-neighbours-*.png.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";
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

  for (const size of SIZES) {
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
        // On the phone the map lies below the KPIs: bring it on screen, as a reader scrolls to it.
        await page.locator(".map").scrollIntoViewIfNeeded();
        // Every name drawn stands inside the visible map: its point on the canvas, with room for
        // the text around it (half a short name's width, a line above), under no legend or button.
        const drawn = () =>
          page.evaluate(() => {
            const map = window.__ioc?.map as unknown as {
              queryRenderedFeatures(o: unknown): Array<{
                properties: { name: string };
                geometry: { coordinates: [number, number] };
              }>;
              project(p: [number, number]): { x: number; y: number };
              getCanvas(): HTMLCanvasElement;
            };
            const canvas = map.getCanvas();
            const rect = canvas.getBoundingClientRect();
            return map.queryRenderedFeatures({ layers: ["neighbour-label"] }).map((f) => {
              const p = map.project(f.geometry.coordinates);
              const x = rect.left + p.x;
              const y = rect.top + p.y;
              // The product's glyphs draw a line about 13 px above its point (neighbour-context.ts).
              const inside = p.x >= 30 && p.x <= rect.width - 30 && p.y >= 20 && p.y <= rect.height - 4;
              const hit =
                x >= 0 && y >= 0 && x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null;
              return { name: f.properties.name, inside, onMap: hit === canvas, x: Math.round(p.x), y: Math.round(p.y) };
            });
          });
        await expect
          .poll(async () => (await drawn()).filter((d) => !d.inside || !d.onMap), { timeout: 10_000 })
          .toEqual([]);
        // The picture once the map has drawn what it holds (a re-placed name is a new source update).
        await page.evaluate(
          () =>
            new Promise((resolve) => {
              const map = window.__ioc?.map as unknown as {
                once(e: string, f: () => void): void;
                triggerRepaint(): void;
              };
              map.once("idle", () => resolve(true));
              map.triggerRepaint();
            }),
        );
        const placed = await drawn();
        console.log(
          `e2e: neighbour names drawn at ${size.width}x${size.height}: ${placed.map((d) => `${d.name} (${d.x}, ${d.y})`).join(", ")}`,
        );
        expect(placed.length).toBeGreaterThanOrEqual(3);
        writeFileSync(join(ARTIFACTS, `map-neighbours-${size.width}x${size.height}.png`), await page.screenshot());
      });
    });
  }
});
