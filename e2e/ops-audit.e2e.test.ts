/**
 * Ops basics and the audit page (issue 13 items 2 and 4) in headless Chromium: two base stations
 * go down; ops selects both and acknowledges them at once, then assigns one to a colleague; the
 * admin opens "Nhật ký" and finds those three actions, newest first, in the order they were done.
 * Screenshots: test-artifacts/ops-audit-*.png.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");
const SIZE = { width: 1400, height: 900 };

describe.runIf(e2eEnabled("ops-audit"))("bulk acknowledge, assign, and the audit page", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eopsaudit");
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await runtime?.stop();
  });

  it("ops acknowledges two alerts at once and assigns one; the admin's audit page lists them in order", {
    timeout: 240_000,
  }, async () => {
    const [a, b] = runtime.province.communes.slice(7, 9);
    if (!a || !b) throw new Error("empty demo province");
    const ids = [`bts-down:${a.code}`, `bts-down:${b.code}`];
    const posted = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({
        readings: [a, b].map((c, i) => ({
          id: `ops-audit-${i}`,
          commune: c.code,
          metric: "net.bts_down",
          value: 1,
          observedAt: new Date().toISOString(),
        })),
      }),
    });
    expect(posted.status).toBe(202);

    await withPage(SIZE, async (page) => {
      await signIn(page, runtime.url, "ops");
      const row = (id: string) => `[data-testid="alert-row"]:has([data-alert-id="${id}"])`;
      for (const id of ids) await page.waitForSelector(`${row(id)}[data-status="open"]`, { timeout: 20_000 });
      // SLA timer on each row.
      expect(await page.textContent(`${row(ids[0] as string)} [data-testid="alert-sla"]`)).toMatch(/Mở được \d+/);
      for (const id of ids) await page.check(`${row(id)} [data-testid="alert-select"]`);
      await page.click('[data-testid="bulk-ack"]');
      await page.waitForSelector('[data-testid="bulk-result"]');
      expect(await page.textContent('[data-testid="bulk-result"]')).toContain("Đã tiếp nhận 2");
      for (const id of ids) await page.waitForSelector(`${row(id)}[data-status="acknowledged"]`);

      // Assign the first to a colleague from its detail.
      await page.click(`${row(ids[0] as string)} button.alert-summary`);
      await page.fill(`${row(ids[0] as string)} [data-testid="assignee-input"]`, "ops-dem");
      await page.click(`${row(ids[0] as string)} [data-testid="assign"]`);
      await page.waitForSelector(`${row(ids[0] as string)} [data-testid="alert-assignee"]`);
      expect(await page.textContent(`${row(ids[0] as string)} [data-testid="alert-assignee"]`)).toContain("ops-dem");
      await page.screenshot({ path: join(ARTIFACTS, "ops-audit-console.png") });
      // Ops has no audit page.
      expect(await page.$('[data-testid="open-audit"]')).toBeNull();
    });

    await withPage(SIZE, async (page) => {
      await signIn(page, runtime.url, "admin");
      await page.click('[data-testid="open-audit"]');
      await page.waitForSelector('[data-testid="audit-page"] [data-testid="audit-row"]');
      // Only alert actions: the sign-ins are in the trail too.
      await page.fill('[data-testid="audit-object"]', "alert");
      await page.click('[data-testid="audit-search"]');
      await expect
        .poll(() =>
          page.$$eval('[data-testid="audit-row"]', (rows) =>
            rows.map((r) => `${r.getAttribute("data-action")} ${r.getAttribute("data-object")}`),
          ),
        )
        .toEqual([`alert.assign ${ids[0]}`, `alert.ack ${ids[1]}`, `alert.ack ${ids[0]}`]);
      const text = (await page.textContent('[data-testid="audit-table"]')) ?? "";
      expect(text).toContain("Giao cảnh báo");
      expect(text).toContain("Tiếp nhận cảnh báo");
      expect(text).toContain("ops");
      await page.screenshot({ path: join(ARTIFACTS, "ops-audit-page.png") });
      // The whole trail: the sign-ins of both users are there as well.
      await page.fill('[data-testid="audit-object"]', "");
      await page.selectOption('[data-testid="audit-action"]', "auth.sign-in");
      await page.click('[data-testid="audit-search"]');
      await expect
        .poll(() => page.$$eval('[data-testid="audit-row"]', (rows) => rows.map((r) => r.getAttribute("data-object"))))
        .toEqual(["admin", "ops"]);
    });
  });
});
