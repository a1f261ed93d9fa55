/**
 * Numbers and units in both languages (issue 14 item 6), in headless Chromium at the wall, laptop
 * and phone sizes: in Vietnamese every figure on the KPI cards and in the alert texts is written
 * the Vietnamese way ("77,1 %", never "77.1 %"); in English the units and counts are English
 * ("228 villages", "2 stations", "45 reports") and the figures English ("77.1 %"), and the longer
 * words overlap nothing. Screenshots: test-artifacts/lang-*.png.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { ARTIFACTS, postReadings, SIZES, signIn, startE2eRuntime } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";

const ROOM_REGIONS = [".topbar", ".kpi-strip", ".kpi-folded", ".content", ".alerts-console"];
/** The indicators with a target (the KPI cards) that are rates. */
const RATES = ["gov.online_application_rate", "soc.epayment_account_rate", "net.coverage_4g", "net.fiber_households"];
/** Catalogue units that are words (core's METRICS): in English they must not follow a number. */
const VIETNAMESE_UNIT = /\d\s?(thôn|hộ|trạm|phản ánh|hồ sơ\/ngày|lượt\/ngày)(?![\p{L}])/u;

/** What the KPI cards and the alerts console say, as one text. */
const figures = (page: Page) =>
  page.evaluate(() =>
    [".kpi-strip", ".alerts-console"].map((sel) => document.querySelector(sel)?.textContent ?? "").join("\n"),
  );

describe.runIf(e2eEnabled("language-units"))("numbers and units in Vietnamese and in English", () => {
  let runtime: Runtime;
  let ids: { cameras: string; bts: string; feedback: string };

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2elang");
    const [a, b, c] = runtime.province.communes.slice(1, 4);
    if (!a || !b || !c) throw new Error("empty demo province");
    ids = { cameras: `cameras-offline:${a.code}`, bts: `bts-down:${b.code}`, feedback: `feedback-backlog:${c.code}` };
    const observedAt = new Date().toISOString();
    const readings = [
      // Cards with decimals and a count: the province's rates and its villages without signal.
      ...runtime.province.communes.flatMap((commune, i) => [
        ...RATES.map((metric, m) => ({
          id: `lang-${m}-${commune.code}`,
          commune: commune.code,
          metric,
          value: 41.3 + ((i * 13 + m * 7) % 50),
          observedAt,
        })),
        { id: `lang-v-${commune.code}`, commune: commune.code, metric: "net.villages_no_signal", value: 2, observedAt },
      ]),
      // Three alerts whose texts end in a number and a unit: a decimal rate, stations, reports.
      { id: "lang-cam", commune: a.code, metric: "iot.cameras_online_rate", value: 77.1, observedAt },
      { id: "lang-bts", commune: b.code, metric: "net.bts_down", value: 2, observedAt },
      { id: "lang-fb", commune: c.code, metric: "gov.feedback_open", value: 45, observedAt },
    ];
    await postReadings(runtime, readings, (status) => expect(status).toBe(202));
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`at ${label}: Vietnamese figures the Vietnamese way, English units in English`, async () => {
      await withPage(size, async (page) => {
        // Ops: the one role with the console on every screen, phone included.
        await signIn(page, runtime.url, "ops");
        await page.click('[data-testid="kpi-folded"] [data-testid="kpi-toggle"]');
        const villages = '[data-testid="kpi"][data-metric="net.villages_no_signal"] .kpi-value';
        await page.waitForSelector(villages);
        const message = (id: string) =>
          page.textContent(`[data-testid="alert-row"]:has([data-alert-id="${id}"]) .alert-message`);
        for (const id of Object.values(ids))
          await page.waitForSelector(`[data-testid="alert-row"]:has([data-alert-id="${id}"])`, { timeout: 10_000 });

        const count = runtime.province.communes.length * 2;
        const grouped = new Intl.NumberFormat("vi-VN").format(count);
        expect((await page.textContent(villages))?.replace(/\s+/g, " ").trim()).toBe(`${grouped} thôn`);
        expect(await message(ids.cameras)).toMatch(/: 77,1 %$/);
        expect(await message(ids.bts)).toMatch(/: 2 trạm$/);
        expect(await message(ids.feedback)).toMatch(/: 45 phản ánh$/);
        // No decimal point anywhere in the figures (a dot before three digits groups thousands).
        expect((await figures(page)).match(/\d\.\d{1,2}(?!\d)/g)).toBeNull();
        writeFileSync(join(ARTIFACTS, `lang-vi-${label}.png`), await page.screenshot());

        await page.click(".topbar .lang");
        await page.waitForSelector('html[lang="en"]');
        await expect
          .poll(async () => (await page.textContent(villages))?.replace(/\s+/g, " ").trim())
          .toBe(`${new Intl.NumberFormat("en-GB").format(count)} villages`);
        expect(await message(ids.cameras)).toMatch(/: 77\.1 %$/);
        expect(await message(ids.bts)).toMatch(/: 2 stations$/);
        expect(await message(ids.feedback)).toMatch(/: 45 reports$/);
        const english = await figures(page);
        expect(english.match(VIETNAMESE_UNIT)).toBeNull();
        expect(english.match(/\d,\d{1,2}(?!\d)/g)).toBeNull();
        writeFileSync(join(ARTIFACTS, `lang-en-${label}.png`), await page.screenshot());
        expect(await layoutProblems(page, { regions: ROOM_REGIONS }), `English at ${label}`).toEqual([]);
      });
    });
  }
});
