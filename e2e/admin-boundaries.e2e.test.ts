/**
 * "Quản trị → Ranh giới xã" in headless Chromium against the local runtime (issue 13 item 1): the
 * admin uploads a small imperfect file made here from the runtime's own communes — one commune's
 * population changed, one new commune whose ring crosses itself — and sees it refused with that
 * ring named and "fixable"; with the repair it previews (1 repair, 1 added, the changed commune
 * in the diff), and "Nhập" writes it: /v1/communes then holds the new commune. Screenshots at a
 * laptop's and a phone's size.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");
const NEW_CODE = "99990";

describe.runIf(e2eEnabled("admin-boundaries"))("boundary import in headless Chromium", () => {
  let runtime: Runtime;
  let file: Buffer;
  let changedCode: string;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eadmbnd");
    mkdirSync(ARTIFACTS, { recursive: true });
    const communes = runtime.province.communes;
    changedCode = communes[1]?.code as string;
    // West of the province, clear of its communes: a square whose top corners are swapped (a bow tie).
    const west = Math.min(...communes.flatMap((c) => c.geometry.coordinates[0]?.map((p) => p[0]) ?? [])) - 0.2;
    const south = communes[0]?.labelPoint[1] as number;
    const bowTie = [
      [west, south],
      [west + 0.05, south],
      [west, south + 0.05],
      [west + 0.05, south + 0.05],
      [west, south],
    ];
    file = Buffer.from(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          ...communes.map((c) => ({
            type: "Feature",
            properties: {
              code: c.code,
              name: c.name,
              kind: c.kind,
              population: c.code === changedCode ? c.population + 1000 : c.population,
              households: c.households,
              terrain: c.terrain,
              border: c.border,
              extremely_disadvantaged: c.extremelyDisadvantaged,
            },
            geometry: c.geometry,
          })),
          {
            type: "Feature",
            properties: { code: NEW_CODE, name: "Xã Thử Ranh Giới", population: 4200 },
            geometry: { type: "Polygon", coordinates: [bowTie] },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const openBoundaries = async (page: Page) => {
    await page.click('[data-testid="open-admin"]');
    await page.waitForSelector(".admin");
    await page.click('[data-testid="admin-tab-boundaries"]');
    await page.waitForSelector('[data-testid="boundary-form"]');
  };
  const choose = (page: Page) =>
    page.setInputFiles('[data-testid="boundary-file"]', {
      name: "xa-thu.geojson",
      mimeType: "application/geo+json",
      buffer: file,
    });
  const count = (page: Page, key: string) =>
    page.getAttribute(`[data-testid="boundary-counts"] [data-count="${key}"]`, "data-value").then(Number);

  it("refuses the file naming the ring, previews it with the repair, and imports it", async () => {
    await withPage({ width: 1366, height: 768 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openBoundaries(page);
      expect(await page.textContent("#admin-title")).toBe("Ranh giới xã");

      await choose(page);
      await page.click('[data-testid="boundary-preview"]');
      await page.waitForSelector('[data-testid="boundary-report"]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid="boundary-message"]')).toContain(
        "Tệp bị từ chối: 1 lỗi. Chưa ghi gì.",
      );
      expect(await page.textContent('[data-testid="boundary-message"]')).toContain("1/1 lỗi sửa được");
      expect(await count(page, "errors")).toBe(1);
      const problem = page.locator('[data-testid="boundary-problems"] tr[data-code="self-intersection"]');
      const cells = await problem.locator("td").allTextContents();
      expect(cells[0]).toBe("lỗi");
      expect(cells[1]).toBe(`${NEW_CODE} Xã Thử Ranh Giới`);
      expect(cells[2]).toBe("vòng 0, đa giác 0");
      expect(cells[4]).toContain("tự cắt tại");
      expect(cells[5]).toBe("có");
      expect(await page.locator('[data-testid="boundary-import"]').count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "admin-boundaries-refused-1366.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);

      await page.getByLabel("Sửa vòng lỗi (tự chạm, tự cắt) như các phần mềm GIS").check();
      expect(await page.locator('[data-testid="boundary-report"]').count()).toBe(0);
      await page.click('[data-testid="boundary-preview"]');
      await page.waitForSelector('[data-testid="boundary-import"]', { timeout: 60_000 });
      expect(await count(page, "errors")).toBe(0);
      expect(await count(page, "repairs")).toBe(1);
      expect(await count(page, "added")).toBe(1);
      expect(await count(page, "removed")).toBe(0);
      expect(await count(page, "changed")).toBeGreaterThanOrEqual(1);
      const added = await page
        .locator(`[data-testid="boundary-diff"] tr[data-kind="added"][data-code="${NEW_CODE}"] td`)
        .allTextContents();
      expect(added.slice(0, 3)).toEqual(["Thêm", NEW_CODE, "Xã Thử Ranh Giới"]);
      expect(
        await page.locator(`[data-testid="boundary-diff"] tr[data-kind="changed"][data-code="${changedCode}"]`).count(),
      ).toBe(1);
      expect(await page.textContent('[data-testid="boundary-repairs"]')).toContain("đã tách tại đó");
      await page.screenshot({ path: join(ARTIFACTS, "admin-boundaries-preview-1366.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);

      const before = runtime.province.communes.length;
      await page.click('[data-testid="boundary-import"]');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="boundary-message"]')?.textContent?.startsWith("Đã nhập"),
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.textContent('[data-testid="boundary-message"]')).toBe(
        `Đã nhập ${before + 1} xã cho ${runtime.province.name}.`,
      );
      // The communes the dashboard reads now hold the new one (the route's cache was dropped on import).
      const codes = await page.evaluate(async () => {
        const { token } = JSON.parse(sessionStorage.getItem("ioc.session") ?? "{}") as { token?: string };
        const response = await fetch("/v1/communes?format=geojson", { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { features: Array<{ properties: { code: string } }> };
        return body.features.map((f) => f.properties.code);
      });
      expect(codes).toContain(NEW_CODE);
      expect(codes).toHaveLength(before + 1);
      await page.screenshot({ path: join(ARTIFACTS, "admin-boundaries-imported-1366.png") });
    });
  }, 240_000);

  it("fits a phone: the preview's counts and tables stay on screen", async () => {
    await withPage({ width: 390, height: 844 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openBoundaries(page);
      await choose(page);
      await page.getByLabel("Sửa vòng lỗi (tự chạm, tự cắt) như các phần mềm GIS").check();
      await page.click('[data-testid="boundary-preview"]');
      await page.waitForSelector('[data-testid="boundary-report"]', { timeout: 60_000 });
      // Imported above: the same file now adds nothing.
      expect(await count(page, "added")).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "admin-boundaries-390.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);
    });
  }, 240_000);
});
