/**
 * Accessibility in headless Chromium (issue 14): axe-core finds no serious or critical WCAG 2
 * A/AA violation on the operations room (leader, ops), the map's table view, the planning view
 * at 1920×1080, 1366×768 and 390×844, and the wall at 1920×1080; the table lists every commune
 * with its value and class and is reachable by keyboard. axe judges a still page (reduced motion,
 * animations over: see axe.ts). Screenshots go to test-artifacts/a11y-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { e2eEnabled, withPage as withBrowserPage } from "./browser.js";
import { ARTIFACTS, SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";

// Page errors are not this suite's concern (the layout and story suites fail on them).
const withPage = (size: { width: number; height: number }, run: (page: Page) => Promise<void>) =>
  withBrowserPage(size, run, { failOnPageErrors: false });

describe.runIf(e2eEnabled("accessibility"))("accessibility in headless Chromium", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2ea11y", { simulator: true });
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: no serious violation for the leader, ops and the planner, and a table twin of the map`, {
      timeout: 240_000,
    }, async () => {
      for (const role of ["leader", "ops", "planner"] as const) {
        await withPage(size, async (page) => {
          await signIn(page, runtime.url, role);
          await page.waitForTimeout(1500);
          expect(await seriousViolations(page), `${role} at ${label}`).toEqual([]);
          writeFileSync(join(ARTIFACTS, `a11y-${role}-${label}.png`), await page.screenshot());
          if (role !== "leader") return;
          // The map as a table, by keyboard: focus the button, press Enter.
          await page.focus('[data-testid="table-toggle"]');
          await page.keyboard.press("Enter");
          await page.waitForSelector('[data-testid="commune-table"] tbody tr');
          const rows = await page.$$eval('[data-testid="commune-table"] tbody tr', (trs) =>
            trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? "")),
          );
          expect(rows).toHaveLength(runtime.province.communes.length);
          for (const [name, value, cls] of rows) {
            expect(name).toMatch(/^(Xã|Phường|Đặc khu) /);
            expect(value).toMatch(/^(—|[\d.,]+ %)$/);
            expect(cls).toMatch(/–|đạt mục tiêu|Chưa có dữ liệu/);
          }
          // Live updates rewrite the rows in place: the button a keyboard user is on keeps focus.
          await page.focus('[data-testid="commune-table"] tbody tr button');
          const focused = await page.$('[data-testid="commune-table"] tbody tr button');
          // The simulator reports every second or so: several updates reach the table meanwhile.
          await page.waitForTimeout(3000);
          expect(await focused?.evaluate((b) => b.isConnected && document.activeElement === b)).toBe(true);
          writeFileSync(join(ARTIFACTS, `a11y-table-${label}.png`), await page.screenshot());
          expect(await seriousViolations(page), `table at ${label}`).toEqual([]);
        });
      }
    });
  }

  it("at 1920x1080: no serious violation on the wall", async () => {
    await withPage({ width: 1920, height: 1080 }, async (page) => {
      await page.goto(`${runtime.url}/?wall=1`);
      await page.waitForSelector('[data-testid="sign-in"]', { timeout: 30_000 });
      expect(await seriousViolations(page), "sign-in").toEqual([]);
      await page.fill('input[name="username"]', "leader");
      await page.fill('input[name="password"]', "demo");
      await page.click('button[type="submit"]');
      await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
      await page.waitForTimeout(1500);
      expect(await seriousViolations(page), "wall").toEqual([]);
    });
  });
});
