/**
 * The planning view in headless Chromium against the local runtime: a planner signs in and lands on
 * the planning view (their analysis view, DOMAIN.md), ranks the mountainous communes by coverage gap, reads the reasons
 * behind the first one, downloads the CSV, which opens as UTF-8 Vietnamese, and runs a scenario
 * whose shared link opens it again.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, launchBrowser } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");

declare global {
  interface Window {
    /** The planning map's diagnostics hook (web/src/planning/GapMap.tsx), as far as this test uses it. */
    __iocPlanning?: {
      map: { getFeatureState(feature: { source: string; id: string }): Record<string, unknown> };
      ready: boolean;
    };
  }
}

describe.runIf(e2eEnabled("planning"))("planning view in headless Chromium", () => {
  let runtime: Runtime;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eplan");
    // Coverage for every commune, lower in the west's mountains, so the ranking has real gaps.
    const observedAt = new Date().toISOString();
    const readings = runtime.province.communes.flatMap((c, i) => [
      {
        id: `plan-4g-${c.code}`,
        commune: c.code,
        metric: "net.coverage_4g",
        value: c.terrain === "mountainous" ? 40 + (i % 30) : 85,
        observedAt,
      },
      {
        id: `plan-v-${c.code}`,
        commune: c.code,
        metric: "net.villages_no_signal",
        value: c.terrain === "mountainous" ? i % 5 : 0,
        observedAt,
      },
    ]);
    const response = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({ readings }),
    });
    expect(response.status).toBe(202);

    browser = await launchBrowser({ width: 1600, height: 900 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await signIn(page, runtime.url, "planner");
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it("ranks the mountainous communes by gap, with the map and the table in step", async () => {
    // No view in the address: a planner starts on the planning view.
    await page.waitForSelector('[data-testid="planning-view"]');
    expect(new URL(page.url()).searchParams.get("view")).toBe("planning");
    await page.waitForSelector('[data-testid="gap-table"] tbody tr');
    await page.selectOption('[data-testid="filter-terrain"]', "mountainous");
    const mountainous = runtime.province.communes.filter((c) => c.terrain === "mountainous").length;
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="gap-table"] tbody tr').length === n,
      mountainous,
      { timeout: 10_000 },
    );
    const rows = await page.$$eval('[data-testid="gap-table"] tbody tr', (trs) =>
      trs.map((tr) => ({
        terrain: tr.getAttribute("data-terrain"),
        rank: Number(tr.querySelector("td")?.textContent),
        code: tr.getAttribute("data-code") as string,
      })),
    );
    expect(rows.every((r) => r.terrain === "mountainous")).toBe(true);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));

    // The table follows the API's ranking exactly.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("ioc.session") ?? "{}").token as string);
    const api = (await (
      await fetch(`${runtime.url}/v1/gaps?terrain=mountainous`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { entries: Array<{ code: string }> };
    expect(rows.map((r) => r.code)).toEqual(api.entries.map((e) => e.code));

    // Clicking the first row selects it on the map too, and shows the arithmetic.
    const first = rows[0]?.code as string;
    await page.click(`[data-testid="gap-table"] tr[data-code="${first}"]`);
    await page.waitForSelector(`[data-testid="gap-table"] tr.selected[data-code="${first}"]`);
    const selectedOnMap = await page.evaluate(
      (code) => window.__iocPlanning?.map.getFeatureState({ source: "gap-communes", id: code }).selected,
      first,
    );
    expect(selectedOnMap).toBe(true);
    const reasons = await page.textContent('[data-testid="gap-reasons"]');
    expect(reasons).toContain("Người dân chưa có sóng 4G");
    expect(reasons).toContain("Xã miền núi");
    writeFileSync(join(ARTIFACTS, "planning-view.png"), await page.screenshot());
  });

  it("downloads the ranking as a CSV that opens as UTF-8 Vietnamese", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toBe(`khoang-trong-phu-song-${runtime.province.code}.csv`);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.startsWith("Hạng (Rank),Mã xã (Code),Tên xã (Name)")).toBe(true);
    const lines = text.trim().split("\r\n");
    const mountainous = runtime.province.communes.filter((c) => c.terrain === "mountainous").length;
    expect(lines).toHaveLength(mountainous + 1);
    expect(lines.slice(1).every((l) => l.split(",")[3] === "Miền núi")).toBe(true);
  });

  it("runs a scenario covering the top commune, and its shared link opens the same result", async () => {
    const first = (await page.getAttribute('[data-testid="gap-table"] tbody tr', "data-code")) as string;
    await page.click(`[data-testid="gap-table"] tr[data-code="${first}"]`);
    await page.fill('[data-testid="scenario-name"]', "Phủ sóng xã đứng đầu");
    await page.click('[data-testid="cover-selected"]');
    await page.click('[data-testid="run-scenario"]');
    await page.waitForSelector('[data-testid="scenario-result"]', { timeout: 10_000 });
    // Covered to 100 %, the first commune no longer leads.
    const topAfter = await page.getAttribute('[data-testid="scenario-result"] tbody tr', "data-code");
    expect(topAfter).not.toBe(first);
    const link = (await page.inputValue('[data-testid="scenario-link"]')) as string;
    expect(new URL(link).searchParams.get("scenario")).toMatch(/^[0-9a-f]{32}$/);
    writeFileSync(join(ARTIFACTS, "planning-scenario.png"), await page.screenshot());

    await page.goto(link);
    await page.waitForSelector('[data-testid="scenario-result"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="scenario-result"] tbody tr', "data-code")).toBe(topAfter);
  });
});
