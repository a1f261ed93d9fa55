/**
 * "Quản trị → Nguồn dữ liệu" in headless Chromium against the local runtime (issue 13): the admin
 * adds a source and a key in the dashboard, the key ingests (202), the admin revokes it in the
 * dashboard, and the next post with it gets 401; the audit page lists the three actions in order.
 * Screenshots at a laptop's and a phone's size.
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

describe.runIf(e2eEnabled("admin-sources"))("source administration in headless Chromium", () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eadmsrc");
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const post = (key: string, id: string) =>
    fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        readings: [
          {
            id,
            commune: runtime.province.communes[0]?.code,
            metric: "net.coverage_4g",
            value: 88,
            observedAt: new Date().toISOString(),
          },
        ],
      }),
    });

  const openAdmin = async (page: Page) => {
    await page.click('[data-testid="open-admin"]');
    await page.waitForSelector('[data-testid="admin-sources"]');
    await page.waitForSelector('[data-testid="add-source"]');
  };

  it("adds a source and a key that ingests, then revokes it: the next post gets 401", async () => {
    await withPage({ width: 1366, height: 768 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openAdmin(page);
      expect(await page.textContent("#admin-title")).toBe("Nguồn dữ liệu");

      // Keyboard only: the labelled fields in order, then Enter submits.
      await page.getByLabel("Mã nguồn").fill("e2e-telco");
      await page.getByLabel("Tên", { exact: true }).fill("Nhà mạng thử nghiệm");
      await page.getByLabel("Phạm vi chỉ số").fill("net.");
      await page.getByLabel("Chu kỳ gửi (giây)").fill("300");
      await page.getByLabel("Chu kỳ gửi (giây)").press("Enter");
      await page.waitForSelector('[data-testid="source-e2e-telco"]');

      await page.click('[data-testid="create-key-e2e-telco"]');
      await page.waitForSelector('[data-testid="new-key"]');
      const warning = await page.textContent('[data-testid="new-key"] [role="alert"]');
      expect(warning).toContain("sẽ không được hiển thị lại");
      const key = await page.inputValue('[data-testid="new-key-value"]');
      expect(key).toMatch(/^ioc_/);
      // The key field has the focus, so the warning is what a keyboard user meets first.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("new-key-value");
      await page.screenshot({ path: join(ARTIFACTS, "admin-sources-1366.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);

      expect((await post(key, "adm-1")).status).toBe(202);

      await page.click('[data-testid="key-stored"]');
      expect(await page.locator('[data-testid="new-key"]').count()).toBe(0);
      // Nothing on the screen carries the secret any more, and reloading cannot bring it back.
      await page.reload();
      await page.waitForSelector('[data-testid="source-e2e-telco"]');
      expect(await page.content()).not.toContain(key);

      const row = page.locator('[data-testid="source-e2e-telco"] tbody tr').first();
      const keyId = (await row.getAttribute("data-testid"))?.replace(/^key-/, "") as string;
      await page.click(`[data-testid="revoke-${keyId}"]`);
      await page.click(`[data-testid="confirm-revoke-${keyId}"]`);
      await page.waitForSelector(`[data-testid="key-${keyId}"][data-status="revoked"]`);

      const refused = await post(key, "adm-2");
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");

      // The audit page lists the three actions, newest first (sign-ins are in the trail too).
      await page.click('[data-testid="close-admin"]');
      await page.click('[data-testid="open-audit"]');
      await page.waitForSelector('[data-testid="audit-page"] [data-testid="audit-row"]');
      await expect
        .poll(() =>
          page.$$eval('[data-testid="audit-row"]', (rows) =>
            rows
              .map((r) => `${r.getAttribute("data-action")} ${r.getAttribute("data-object")}`)
              .filter((line) => line.includes("e2e-telco")),
          ),
        )
        .toEqual([`key.revoke e2e-telco/${keyId}`, `key.create e2e-telco/${keyId}`, "source.put e2e-telco"]);
      const text = (await page.textContent('[data-testid="audit-table"]')) ?? "";
      expect(text).toContain("Thu hồi khóa");
      expect(text).not.toContain(key);
      await page.screenshot({ path: join(ARTIFACTS, "admin-sources-audit-1366.png") });
    });
  }, 180_000);

  it("fits a phone: nothing overlaps or scrolls sideways, and English is a switch away", async () => {
    await withPage({ width: 390, height: 844 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openAdmin(page);
      await page.waitForSelector('[data-testid="source-e2e-telco"]');
      await page.screenshot({ path: join(ARTIFACTS, "admin-sources-390.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);
      // The screen scrolls inside itself: show the revoked key's card as a phone lays it out (the
      // layout check ran before, since what scrolls under the header is clipped, not covered).
      await page.locator('[data-testid="source-e2e-telco"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "admin-sources-390-keys.png") });
      await page.click('.topbar button.lang:has-text("English")');
      await page.waitForFunction(() => document.querySelector("#admin-title")?.textContent === "Data sources");
      expect(await page.getByLabel("Source id").count()).toBe(1);
    });
  }, 180_000);

  it("shows no admin entry to other roles", async () => {
    await withPage({ width: 1366, height: 768 }, async (page) => {
      await signIn(page, runtime.url, "ops");
      expect(await page.locator('[data-testid="open-admin"]').count()).toBe(0);
    });
  }, 120_000);
});
