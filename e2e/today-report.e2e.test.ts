/**
 * "Hôm nay thay đổi gì" and the leaders' weekly report (issue 12 items 5, 6; issue 14 on the phone)
 * in headless Chromium on the real local runtime with its simulator: a leader opens the changes
 * panel from the header at 1920×1080, 1366×768 and 390×844 (on the phone a short button on the
 * metric's row, the header within 130 px, nothing overlapping), switches "since yesterday" and
 * "since last week", and downloads the weekly report: the request names today's date, the file
 * arrives as a PDF named after that day. Screenshots: test-artifacts/today-*.png.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, signIn, startE2eRuntime } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;
// The header's own parts: the phone's short button must sit beside them, not on them.
const HEADER_REGIONS = [".brand", ".metric-picker", ".today-toggle", ".status"];

/** Today in Vietnam, "YYYY-MM-DD". */
const vnToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(Date.now());

describe.runIf(e2eEnabled("today-report"))("what changed today and the weekly report", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2etoday", { simulator: true });
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    const phone = size.width < 760;
    it(`at ${label}: the header opens the changes panel; the report downloads as a PDF of today`, {
      timeout: 240_000,
    }, async () => {
      await withPage(size, async (page) => {
        await signIn(page, runtime.url, "leader");
        const toggle = page.locator('[data-testid="today-toggle"]');
        expect(await toggle.isVisible()).toBe(true);
        expect(await toggle.getAttribute("aria-label")).toBe("Hôm nay thay đổi gì");
        // The phone shows the short label; the header keeps to its 130 px and nothing overlaps.
        expect((await toggle.innerText()).trim()).toBe(phone ? "Thay đổi" : "Hôm nay thay đổi gì");
        const header = await page.locator(".topbar").boundingBox();
        expect(header?.height ?? 0).toBeLessThanOrEqual(phone ? 130 : 90);
        const box = await toggle.boundingBox();
        expect(
          box && box.x >= 0 && box.x + box.width <= size.width && box.y + box.height <= (header?.height ?? 0),
        ).toBe(true);
        expect(await layoutProblems(page, { regions: HEADER_REGIONS })).toEqual([]);

        await toggle.click();
        const panel = page.locator('[data-testid="today-panel"]');
        await panel.waitFor();
        expect(await toggle.getAttribute("aria-expanded")).toBe("true");
        expect(await panel.locator("h2").innerText()).toBe("Hôm nay thay đổi gì");
        // Readable: the panel opens inside the header, whose text is white on blue.
        const colours = await panel.evaluate((el) => {
          const heading = el.querySelector("h2") as HTMLElement;
          return [getComputedStyle(heading).color, getComputedStyle(el).backgroundColor];
        });
        expect(colours[0]).not.toBe(colours[1]);
        expect(colours[0]).not.toBe("rgb(255, 255, 255)");
        await page.waitForSelector('[data-testid="today-kpis"] li');
        expect(await page.getAttribute('[data-testid="today-day"]', "aria-pressed")).toBe("true");
        for (const heading of ["Chỉ tiêu thay đổi nhiều nhất", "Xã, phường thay đổi nhiều nhất"])
          expect(await panel.locator("h3", { hasText: heading }).count()).toBe(1);
        expect(await page.textContent('[data-testid="today-alerts"]')).toMatch(
          /^Cảnh báo mới mở: \d+ · Cảnh báo đã xử lý: \d+$/,
        );
        // The panel stays inside the window, whatever the screen.
        const panelBox = await panel.boundingBox();
        expect(panelBox && panelBox.x >= 0 && panelBox.x + panelBox.width <= size.width).toBe(true);
        const dayBasis = await panel.locator("p.muted").first().innerText();
        await page.click('[data-testid="today-week"]');
        await page.waitForSelector('[data-testid="today-week"][aria-pressed="true"]');
        await expect.poll(() => panel.locator("p.muted").first().innerText(), { timeout: 30_000 }).not.toBe(dayBasis);
        writeFileSync(join(ARTIFACTS, `today-${label}.png`), await page.screenshot());

        // The report: the button asks for today's (Vietnamese) day and saves the PDF under that day.
        const day = vnToday();
        const [response, download] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/reports/weekly", { timeout: 60_000 }),
          page.waitForEvent("download", { timeout: 60_000 }),
          page.click('[data-testid="report-download"]'),
        ]);
        expect(response.status()).toBe(200);
        expect(new URL(response.url()).searchParams.get("date")).toBe(day);
        expect(response.headers()["content-type"]).toContain("application/pdf");
        expect(download.suggestedFilename()).toBe(`bao-cao-tuan-${day}.pdf`);
        const path = await download.path();
        const bytes = readFileSync(path);
        expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        expect(bytes.subarray(-1024).toString("latin1")).toContain("%%EOF");
        expect(bytes.length).toBeLessThan(1_000_000);
        expect(await page.$('.today-panel [role="alert"]')).toBeNull();

        // Escape closes the panel.
        await page.keyboard.press("Escape");
        await panel.waitFor({ state: "detached" });
      });
    });
  }
});
