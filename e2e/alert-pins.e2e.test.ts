/**
 * Alerts on the map (issue 14 item 5) in headless Chromium: a pin per open alert at its commune;
 * pressing a pin opens its alert in the console, which outlines the commune, flies to it and
 * switches the map to the alert's metric; on the home view no pin lies under the legend. Screenshots: test-artifacts/alert-pins-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, highlightedCodes, SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";

/** Pins whose box meets the legend's, on the home view (the map pads its home view clear of it). */
const pinsUnderLegend = (page: Page) =>
  page.evaluate(() => {
    const legend = document.querySelector(".content .legend")?.getBoundingClientRect();
    if (!legend) return [];
    return [...document.querySelectorAll('[data-testid="map-pin"]')]
      .map((pin) => ({ id: pin.getAttribute("data-pin-for"), r: pin.getBoundingClientRect() }))
      .filter(
        ({ r }) => r.right > legend.left && r.left < legend.right && r.bottom > legend.top && r.top < legend.bottom,
      )
      .map(({ id }) => id);
  });

describe.runIf(e2eEnabled("alert-pins"))("alert pins on the map", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2epins", { simulator: true });
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: a pin opens its alert, which shows its commune and metric on the map`, {
      timeout: 240_000,
    }, async () => {
      await withPage(size, async (page) => {
        await signIn(page, runtime.url, "ops");
        // The simulator raises alerts within a minute or so.
        await page.waitForSelector('[data-testid="map-pin"]', { timeout: 150_000 });
        const rows = await page.$$eval(".alert-list [data-alert-id]", (els) =>
          els.map((e) => e.getAttribute("data-alert-id")),
        );
        const pins = await page.$$eval('[data-testid="map-pin"]', (els) =>
          els.map((e) => e.getAttribute("data-pin-for")),
        );
        // Every pin is an alert the console lists.
        for (const id of pins) expect(rows).toContain(id);
        // On the home view no pin sits under the legend.
        expect(await pinsUnderLegend(page)).toEqual([]);
        const id = pins[0] as string;
        // From the keyboard (a pin is a button; under the legend or console it may not take a click).
        await page.focus(`[data-testid="map-pin"][data-pin-for="${id}"]`);
        await page.keyboard.press("Enter");
        const row = `.alert-list [data-alert-id="${id}"]`;
        await expect.poll(() => page.getAttribute(row, "aria-expanded")).toBe("true");
        const text = (await page.textContent(row)) ?? "";
        await expect.poll(() => highlightedCodes(page, "selected"), { timeout: 10_000 }).toHaveLength(1);
        // The console names the commune the map outlines.
        const [code] = await highlightedCodes(page, "selected");
        const name = runtime.province.communes.find((c) => c.code === code)?.name ?? "?";
        expect(text).toContain(name);
        writeFileSync(join(ARTIFACTS, `alert-pins-${label}.png`), await page.screenshot());
      });
    });
  }
});
