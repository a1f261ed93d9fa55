/**
 * Every screen the IOC is read on (issue 14), in headless Chromium at 1920×1080 (the wall and the
 * operations room), 1366×768 (a laptop) and 390×844 (a phone), for each demo role: the main
 * regions do not overlap, nothing scrolls sideways or is clipped, no button is covered, the wall
 * shows every KPI card, a phone shows the KPIs first and the map full width below them with the
 * alerts console only for ops. Screenshots of each go to test-artifacts/layout-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, SIZES, signIn, startE2eRuntime, waitForKpis } from "./e2e-runtime.js";
import { box, layoutProblems } from "./layout-check.js";

const ROLES = ["leader", "ops", "planner", "admin"] as const;
const ROOM_REGIONS = [".topbar", ".kpi-strip", ".kpi-folded", ".content", ".alerts-console"];
const PLANNING_REGIONS = [".topbar", ".planning-bar", ".planning-filters", ".planning-map-wrap", ".planning-side"];

/** Signs in on the wall screen (which has no header to report the connection). */
async function signInToWall(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/?wall=1`);
  await page.waitForSelector('[data-testid="sign-in"]', { timeout: 30_000 });
  await page.fill('input[name="username"]', "leader");
  await page.fill('input[name="password"]', "demo");
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="kpi"]', { timeout: 30_000 });
}

describe.runIf(e2eEnabled("layout"))("layouts for the wall, the laptop and the phone", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    // The simulator fills every indicator, so the KPI cards and the console carry real lengths of text.
    runtime = await startE2eRuntime("e2elayout", { simulator: true });
    await waitForKpis(runtime.url);
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    const phone = size.width < 600;

    it(`at ${label}: every role's screen has no overlap and nothing clipped`, { timeout: 300_000 }, async () => {
      for (const role of ROLES) {
        await withPage(size, async (page) => {
          await signIn(page, runtime.url, role);
          await page.waitForSelector('[data-testid="kpi-strip"], [data-testid="kpi-folded"]', { timeout: 30_000 });
          // Let late arrivals (the KPI strip, the first alerts) settle the layout.
          await page.waitForTimeout(1500);
          const planning = (await box(page, '[data-testid="planning-view"]')) !== undefined;
          writeFileSync(join(ARTIFACTS, `layout-${role}-${label}.png`), await page.screenshot());
          const problems = await layoutProblems(page, { regions: planning ? PLANNING_REGIONS : ROOM_REGIONS });
          expect(problems, `${role} at ${label}`).toEqual([]);

          // The header stays compact, every one of its buttons on screen.
          const header = await box(page, ".topbar");
          expect(header?.height ?? 0, `${role}: header height`).toBeLessThanOrEqual(phone ? 130 : 90);
          for (const button of await page.$$(".topbar button")) {
            const b = await button.boundingBox();
            if (!b) continue;
            expect(b.x + b.width).toBeLessThanOrEqual(size.width);
            expect(b.y + b.height).toBeLessThanOrEqual(header?.bottom ?? 0);
          }
          // The language switch works wherever the user is (it was under the planning filters).
          expect(await page.isVisible(".topbar .lang")).toBe(true);

          if (planning) return;
          const kpis = (await box(page, ".kpi-strip")) ?? (await box(page, ".kpi-folded"));
          const map = await box(page, ".content");
          if (!kpis || !map) throw new Error("no KPIs or no map");
          // The KPIs come first, the map below them.
          expect(kpis.bottom).toBeLessThanOrEqual(map.top + 1);
          const console = await box(page, ".alerts-console");
          if (phone) {
            expect(map.width).toBeGreaterThanOrEqual(size.width - 1);
            expect(map.height).toBeGreaterThanOrEqual(250);
            // The console is for whoever works it: ops and admins, below the map.
            if (role === "ops" || role === "admin") expect(console?.top ?? 0).toBeGreaterThanOrEqual(map.bottom);
            else expect(console).toBeUndefined();
          } else {
            expect(console).toBeDefined();
            expect(map.width).toBeGreaterThan(size.width / 2);
          }
        });
      }
    });
  }

  for (const size of SIZES.slice(0, 2)) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: the wall shows every KPI card, nothing clipped`, async () => {
      await withPage(size, async (page) => {
        await signInToWall(page, runtime.url);
        await page.waitForTimeout(1500);
        writeFileSync(join(ARTIFACTS, `layout-wall-${label}.png`), await page.screenshot());
        const problems = await layoutProblems(page, {
          regions: [".wall-head", ".kpi-strip", ".wall-map", ".wall-lagging"],
          inViewport: ['[data-testid="kpi"]', ".wall-lagging li"],
        });
        expect(problems).toEqual([]);
        // Every indicator with a target is on the wall, e-payment, 4G and 5G included.
        const metrics = await page.$$eval('[data-testid="kpi"]', (cards) =>
          cards.map((c) => c.getAttribute("data-metric")),
        );
        expect(metrics).toEqual(
          expect.arrayContaining(["soc.epayment_account_rate", "net.coverage_4g", "net.coverage_5g"]),
        );
        expect(metrics.length).toBeGreaterThanOrEqual(12);
      });
    });

    it(`at ${label}: the commune panel gives the indicator names room (not one word a line)`, async () => {
      await withPage(size, async (page) => {
        await signIn(page, runtime.url, "leader");
        const commune = runtime.province.communes[5];
        if (!commune) throw new Error("empty demo province");
        const point = await page.evaluate(([lng, lat]) => {
          const map = window.__ioc?.map;
          if (!map) throw new Error("no map");
          const p = map.project([lng, lat]);
          const rect = map.getCanvas().getBoundingClientRect();
          return { x: p.x + rect.left, y: p.y + rect.top };
        }, commune.labelPoint);
        await page.mouse.click(point.x, point.y);
        await page.waitForSelector('[data-testid="commune-panel"] .metric-table');
        writeFileSync(join(ARTIFACTS, `layout-commune-panel-${label}.png`), await page.screenshot());
        const lines = await page.$$eval('[data-testid="commune-panel"] .metric-table th', (cells) =>
          cells.map((th) => {
            const height = th.getBoundingClientRect().height;
            const lineHeight = Number.parseFloat(getComputedStyle(th).lineHeight) || 16;
            return { text: th.textContent ?? "", lines: Math.round(height / lineHeight) };
          }),
        );
        // At most three lines for the longest names: the column is not squeezed.
        for (const cell of lines) expect(cell.lines, cell.text).toBeLessThanOrEqual(3);
        expect(await layoutProblems(page, { regions: ROOM_REGIONS })).toEqual([]);
      });
    });
  }
});
