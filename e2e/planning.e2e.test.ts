/**
 * The planning view in headless Chromium against the local runtime: a planner signs in and lands on
 * the planning view (their analysis view, DOMAIN.md), ranks the mountainous communes by coverage gap, reads the reasons
 * behind the first one, downloads the CSV, which opens as UTF-8 Vietnamese, and the XLSX (at the
 * wall, laptop and phone sizes too, each file with its as-of time in its name and content), and
 * runs a scenario whose shared link opens it again.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { BrowserContext, Page } from "playwright-core";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, launchBrowser } from "./browser.js";
import { SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";
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

  it("keeps the header, with the export menu covering nothing, at 1920, 1366 and 390 wide", async () => {
    const regions = [".topbar", ".planning-bar", ".planning-filters", ".planning-map-wrap", ".planning-side"];
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1366, height: 768 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.waitForSelector('[data-testid="export-xlsx"]');
      expect(await layoutProblems(page, { regions }), `${size.width}x${size.height}`).toEqual([]);
      expect(await page.isVisible(".topbar")).toBe(true);
    }
    await page.setViewportSize({ width: 1600, height: 900 });
  });

  it("downloads the ranking as a CSV that opens as UTF-8 Vietnamese", async () => {
    // Vietnamese UI: the export menu starts on the `;` dialect that Vietnamese Excel reads.
    expect(await page.inputValue('[data-testid="export-separator"]')).toBe("semicolon");
    await page.selectOption('[data-testid="export-separator"]', "comma");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^khoang-trong-phu-song-${runtime.province.code}-\\d{4}-\\d{2}-\\d{2}T\\d{4}Z\\.csv$`),
    );
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

  it("downloads the Vietnamese-Excel CSV and an XLSX whose numbers are numbers", async () => {
    await page.selectOption('[data-testid="export-separator"]', "semicolon");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-csv"]')]);
    const csvText = readFileSync(await csv.path())
      .toString("utf8")
      .slice(1);
    const csvLines = csvText.trim().split("\r\n");
    expect(csvLines[0]?.startsWith("Hạng (Rank);Mã xã (Code);Tên xã (Name);Địa hình (Terrain)")).toBe(true);
    const first = csvLines[1]?.split(";") ?? [];
    expect(first[3]).toBe("Miền núi");
    // Decimal commas in the number columns, never a decimal point.
    expect(first.slice(8, 16).every((cell) => /^-?\d+(,\d+)?$/.test(cell) || cell === "")).toBe(true);
    expect(first.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-xlsx"]')]);
    expect(xlsx.suggestedFilename()).toMatch(
      new RegExp(`^khoang-trong-phu-song-${runtime.province.code}-\\d{4}-\\d{2}-\\d{2}T\\d{4}Z\\.xlsx$`),
    );
    const sheets = await readXlsxFile(readFileSync(await xlsx.path()));
    const sheet = sheets[0];
    expect(sheet?.sheet).toBe("Khoảng trống phủ sóng");
    const data = sheet?.data ?? [];
    expect(String(data[0]?.[0])).toMatch(/^Số liệu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam, UTC\+7\)/);
    expect(data[1]?.slice(0, 4)).toEqual(["Hạng (Rank)", "Mã xã (Code)", "Tên xã (Name)", "Địa hình (Terrain)"]);
    expect(data[1]?.[15]).toBe("Điểm khoảng trống (Gap score)");
    const rows = data.slice(2);
    const mountainous = runtime.province.communes.filter((c) => c.terrain === "mountainous");
    expect(rows).toHaveLength(mountainous.length);
    const names = new Map(mountainous.map((c) => [c.code, c.name]));
    for (const [i, row] of rows.entries()) {
      expect(row[0]).toBe(i + 1);
      expect(typeof row[6]).toBe("number"); // population
      expect(typeof row[15]).toBe("number"); // gap score
      expect(row[3]).toBe("Miền núi");
      expect(row[2]).toBe(names.get(String(row[1])));
    }
  });

  it("exports from the wall, the laptop and the phone: both files carry their as-of time, in name and content", async () => {
    const stamp = (name: string) =>
      /-(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})Z\.(csv|xlsx)$/.exec(name)?.slice(1, 4).join(":");
    for (const size of SIZES) {
      const label = `${size.width}x${size.height}`;
      await page.setViewportSize(size);
      await page.selectOption('[data-testid="export-separator"]', "semicolon");
      const [csv] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-csv"]')]);
      const lines = readFileSync(await csv.path())
        .toString("utf8")
        .slice(1)
        .trim()
        .split("\r\n");
      expect(lines[0]?.startsWith("Hạng (Rank);Mã xã (Code)"), label).toBe(true);
      const first = lines[1]?.split(";") ?? [];
      expect(
        first.slice(8, 16).every((cell) => /^-?\d+(,\d+)?$/.test(cell) || cell === ""),
        label,
      ).toBe(true);
      // The time in the file name is the file's own as-of time, to the minute.
      const asOf = first.at(-1) ?? "";
      expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(stamp(csv.suggestedFilename()), label).toBe(
        `${asOf.slice(0, 10)}:${asOf.slice(11, 13)}:${asOf.slice(14, 16)}`,
      );

      const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-xlsx"]')]);
      expect(stamp(xlsx.suggestedFilename()), label).toBeDefined();
      const data = (await readXlsxFile(readFileSync(await xlsx.path())))[0]?.data ?? [];
      expect(String(data[0]?.[0]), label).toMatch(/^Số liệu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
      expect(typeof data[2]?.[15], label).toBe("number");
      writeFileSync(join(ARTIFACTS, `planning-export-${label}.png`), await page.screenshot());
    }
    await page.setViewportSize({ width: 1600, height: 900 });
  });

  it("runs a scenario covering the top commune, and its shared link opens the same result", async () => {
    const first = (await page.getAttribute('[data-testid="gap-table"] tbody tr', "data-code")) as string;
    await page.click(`[data-testid="gap-table"] tr[data-code="${first}"]`);
    await page.fill('[data-testid="scenario-name"]', "Phủ sóng xã đứng đầu");
    await page.click('[data-testid="cover-selected"]');
    await page.click('[data-testid="run-scenario"]');
    await page.waitForSelector('[data-testid="scenario-result"]', { timeout: 10_000 });
    // The result lists exactly the commune the scenario changed, with its before → after.
    const rowsOf = () =>
      page.$$eval('[data-testid="scenario-result"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute("data-code")));
    expect(await rowsOf()).toEqual([first]);
    const cells = await page.$$eval(`[data-testid="scenario-result"] tr[data-code="${first}"] td`, (tds) =>
      tds.map((td) => td.textContent ?? ""),
    );
    expect(cells[1]).toMatch(/^\d+(,\d)?% → 100%$/);
    const link = (await page.inputValue('[data-testid="scenario-link"]')) as string;
    expect(new URL(link).searchParams.get("scenario")).toMatch(/^[0-9a-f]{32}$/);
    // The link carries the filters with the scenario.
    expect(new URL(link).searchParams.get("terrain")).toBe("mountainous");
    writeFileSync(join(ARTIFACTS, "planning-scenario.png"), await page.screenshot());

    await page.goto(link);
    await page.waitForSelector('[data-testid="scenario-result"] tbody tr', { timeout: 30_000 });
    expect(await rowsOf()).toEqual([first]);
    expect(await page.inputValue('[data-testid="filter-terrain"]')).toBe("mountainous");

    // A minimum population above that commune's: the answer changes nothing the filters show.
    const population = runtime.province.communes.find((c) => c.code === first)?.population as number;
    await page.fill('[data-testid="filter-min-population"]', String(population + 1));
    await page.press('[data-testid="filter-min-population"]', "Tab");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scenario-changed-count"]')?.textContent?.trim().startsWith("0 "),
      undefined,
      { timeout: 10_000 },
    );
    expect(await rowsOf()).toEqual([]);
  });
});
