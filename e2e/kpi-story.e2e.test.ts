/**
 * A KPI card opens its story (issue 14 item 2) in headless Chromium at the wall, laptop and phone
 * sizes: pressed from the keyboard, the card switches the map to its metric, lists its lagging
 * communes, outlines and names them on the map, and explains its status (value, target and year,
 * the path's value today) in Vietnamese, then in English. Screenshots: test-artifacts/kpi-story-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, highlightedCodes, SIZES, signIn, startE2eRuntime, waitForKpis } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";

describe.runIf(e2eEnabled("kpi-story"))("a KPI card opens its story", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2estory", { simulator: true });
    await waitForKpis(runtime.url);
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: from the keyboard, a card switches the map, lists, outlines and names its laggards`, {
      timeout: 180_000,
    }, async () => {
      await withPage(size, async (page) => {
        await signIn(page, runtime.url, "leader");
        await page.waitForSelector('[data-testid="kpi"]', { timeout: 30_000 });
        const metrics = await page.$$eval('[data-testid="kpi"]', (cards) =>
          cards.map((c) => ({ metric: c.getAttribute("data-metric") ?? "", tag: c.tagName })),
        );
        expect(metrics.every((m) => m.tag === "BUTTON")).toBe(true);
        // The first card whose story has lagging communes (a commune-level target and some below it).
        let lagging: string[] = [];
        let metric = "";
        for (const m of metrics) {
          await page.focus(`[data-testid="kpi"][data-metric="${m.metric}"]`);
          await page.keyboard.press("Enter");
          await page.waitForSelector('[data-testid="kpi-story"]');
          lagging = await page.$$eval('[data-testid="kpi-story-lagging"] button', (bs) =>
            bs.map((b) => b.getAttribute("data-code") ?? ""),
          );
          metric = m.metric;
          if (lagging.length > 0) break;
        }
        expect(lagging.length, "some KPI has lagging communes").toBeGreaterThan(0);
        const card = `[data-testid="kpi"][data-metric="${metric}"]`;
        expect(await page.getAttribute(card, "aria-pressed")).toBe("true");

        // The map shows the card's metric: the legend is titled with the card's indicator.
        const title = (await page.textContent(`${card} h3`))?.trim() ?? "";
        await expect.poll(async () => (await page.textContent(".legend h2")) ?? "").toContain(title);
        // Outlined and named on the map, exactly the listed communes.
        await expect.poll(() => highlightedCodes(page, "marked"), { timeout: 10_000 }).toEqual([...lagging].sort());
        const labels = await page.$$eval('[data-testid="map-label"]', (els) =>
          els.map((e) => e.getAttribute("data-code") ?? ""),
        );
        expect(labels.sort()).toEqual([...lagging].sort());
        const names = await page.$$eval('[data-testid="kpi-story-lagging"] button', (bs) =>
          bs.map((b) => b.textContent),
        );
        const labelTexts = await page.$$eval('[data-testid="map-label"] .map-label-name', (els) =>
          els.map((e) => e.textContent),
        );
        expect(labelTexts.sort()).toEqual([...names].sort());

        // The sentence explains itself: the value, the target and its year, the path today.
        const sentence = (await page.textContent('[data-testid="kpi-story-sentence"]')) ?? "";
        expect(sentence).toMatch(
          /^Đạt .+ — (cần .+ theo lộ trình năm \d{4} để đạt .+ năm \d{4} \((đúng lộ trình|chậm so với lộ trình|chậm xa so với lộ trình)\); .+|đã đạt mục tiêu .+ của năm \d{4})\.$/,
        );
        writeFileSync(join(ARTIFACTS, `kpi-story-${label}.png`), await page.screenshot());
        const problems = await layoutProblems(page, {
          regions: [".topbar", ".kpi-strip", ".kpi-story", ".content", ".alerts-console"],
        });
        expect(problems).toEqual([]);

        await page.click(".topbar .lang");
        await expect
          .poll(async () => (await page.textContent('[data-testid="kpi-story-sentence"]')) ?? "")
          .toMatch(
            /^At .+ — (the path calls for .+ in \d{4} to reach .+ by \d{4} \((on the path|behind the path|well behind the path)\); .+|already at the \d{4} target of .+)\.$/,
          );
        writeFileSync(join(ARTIFACTS, `kpi-story-en-${label}.png`), await page.screenshot());

        // A listed commune opens its panel; the card pressed again closes the story and its marks.
        await page.click(`[data-testid="kpi-story-lagging"] button[data-code="${lagging[0]}"]`);
        await page.waitForSelector('[data-testid="commune-panel"]');
        await page.focus(card);
        await page.keyboard.press("Enter");
        await page.waitForSelector('[data-testid="kpi-story"]', { state: "detached" });
        expect(await page.$$('[data-testid="map-label"]')).toHaveLength(0);
        await expect.poll(() => highlightedCodes(page, "marked"), { timeout: 10_000 }).toEqual([]);
      });
    });
  }
});
