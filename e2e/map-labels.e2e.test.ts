/**
 * Commune names on the map (issue 14 item 5) in headless Chromium at the three screen sizes: the
 * labels are drawn by MapLibre from glyphs the product serves itself, Vietnamese diacritics
 * included; the glyph range of Vietnamese letters (U+1E00–1EFF) answers 200 from the product, and
 * no request leaves the product's own origin. The province outline is on the map.
 * Screenshots: test-artifacts/map-labels-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";

/** The names MapLibre placed on screen now (its collision step keeps them apart). */
const placedNames = (page: Page) =>
  page.evaluate(() => {
    const map = window.__ioc?.map as unknown as {
      queryRenderedFeatures(options: { layers: string[] }): Array<{ properties: { name: string } }>;
    };
    return [...new Set(map.queryRenderedFeatures({ layers: ["commune-label"] }).map((f) => f.properties.name))];
  });

describe.runIf(e2eEnabled("map-labels"))("commune names on the map", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2elabels");
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: names with their diacritics, from the product's own glyphs`, { timeout: 180_000 }, async () => {
      await withPage(size, async (page) => {
        const origin = new URL(runtime.url).origin;
        const foreign: string[] = [];
        const glyphs: Array<{ url: string; status: number }> = [];
        page.on("request", (request) => {
          const url = request.url();
          if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
        });
        page.on("response", (response) => {
          if (response.url().includes("/glyphs/")) glyphs.push({ url: response.url(), status: response.status() });
        });
        await signIn(page, runtime.url, "leader");
        await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
        // Close enough for a neighbourhood of communes: every name there has room.
        const commune = runtime.province.communes.find((c) => /[ạ-ỹ]/.test(c.name)) ?? runtime.province.communes[0];
        if (!commune) throw new Error("empty demo province");
        await page.evaluate(
          ([lng, lat]) => {
            const map = window.__ioc?.map as unknown as { jumpTo(o: unknown): void };
            map.jumpTo({ center: [lng, lat], zoom: 10 });
          },
          commune.labelPoint as [number, number],
        );
        await expect.poll(async () => (await placedNames(page)).length, { timeout: 20_000 }).toBeGreaterThan(2);
        const names = await placedNames(page);
        // Names come through whole, tone marks and all, as the registry writes them.
        const registry = new Set(runtime.province.communes.map((c) => c.name));
        for (const name of names) expect(registry.has(name), name).toBe(true);
        expect(
          names.some((n) => /[\u1e00-\u1eff]/.test(n)),
          names.join(", "),
        ).toBe(true);
        await page.waitForFunction(
          () => (window.__ioc?.map as unknown as { loaded(): boolean } | undefined)?.loaded() === true,
        );
        writeFileSync(join(ARTIFACTS, `map-labels-${label}.png`), await page.screenshot());

        const vietnamese = glyphs.find((g) => g.url.includes("/7680-7935.pbf"));
        expect(vietnamese?.url.startsWith(`${origin}/glyphs/`), JSON.stringify(glyphs)).toBe(true);
        expect(vietnamese?.status).toBe(200);
        expect(
          glyphs.every((g) => g.status === 200),
          JSON.stringify(glyphs),
        ).toBe(true);
        expect(foreign).toEqual([]);
        // The province outline is drawn.
        const outlined = await page.evaluate(() => {
          const map = window.__ioc?.map as unknown as { querySourceFeatures(s: string): unknown[] };
          return map.querySourceFeatures("province-outline").length;
        });
        expect(outlined).toBeGreaterThan(0);
      });
    });
  }
});
