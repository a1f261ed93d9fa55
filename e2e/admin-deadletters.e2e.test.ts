/**
 * "Quản trị → Bản ghi lỗi" and "Người dùng" in headless Chromium against the local runtime (issue
 * 13 item 1): a poison reading is set aside by the real pipeline, the admin finds it in the
 * screen, opens its detail and replays it (it fails again and says why), the record is repaired
 * and replayed from the selection (removed), and the audit tab lists both replays; the users tab
 * lists the local issuer's users. Keyboard only where a user would use it; laptop and phone sizes.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Runtime } from "@ioc/local";
import { createDeadLetterStore, readingKey } from "@ioc/store";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, withPage } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { layoutProblems } from "./layout-check.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");

describe.runIf(e2eEnabled("admin-deadletters"))("dead letters and users in headless Chromium", () => {
  let runtime: Runtime;
  const store = () => createDeadLetterStore({ client: runtime.dynamo.client, tables: runtime.tables });

  /** A reading item without its value (as in dlq.int.test.ts): the processor can never handle it. */
  const poison = async (readingId: string, commune: string) => {
    await runtime.dynamo.client.send(
      new PutItemCommand({
        TableName: runtime.tables.readings,
        Item: marshall({
          ...readingKey("demo-simulator", readingId),
          entity: "reading",
          sourceId: "demo-simulator",
          readingId,
          province: runtime.province.code,
          commune,
          metric: "net.coverage_4g",
          observedAt: Date.now(),
        }),
      }),
    );
  };

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eadmdlq");
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const openSection = async (page: Page, id: string) => {
    await page.click('[data-testid="open-admin"]');
    await page.waitForSelector('[data-testid="admin-sources"]');
    await page.click(`[data-testid="admin-tab-${id}"]`);
    await page.waitForSelector(`[data-testid="admin-${id}"]`);
  };

  it("lists a dead letter, replays it (fails, then repaired and removed) and the audit tab shows both", async () => {
    await poison("poison-1", runtime.province.communes[0]?.code as string);
    await expect.poll(async () => (await store().list("processor")).length, { timeout: 30_000, interval: 250 }).toBe(1);
    await withPage({ width: 1366, height: 768 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openSection(page, "deadletters");
      expect(await page.textContent("#admin-title")).toBe("Bản ghi lỗi");
      const row = page.locator('[data-testid="dl-row"]').first();
      await row.waitFor();
      const id = (await row.getAttribute("data-id")) as string;
      const commune = runtime.province.communes[0]?.code as string;
      expect(await row.textContent()).toContain(`${commune} · net.coverage_4g = không có giá trị`);
      expect(await row.textContent()).toMatch(/failed \d+ attempts/);

      // The detail opens from the keyboard.
      await row.locator('[data-testid="dl-details"]').focus();
      await page.keyboard.press("Enter");
      const detail = page.locator('[data-testid="dl-detail"]');
      await detail.waitFor();
      expect(await detail.textContent()).toContain("poison-1");
      expect(await row.locator('[data-testid="dl-details"]').getAttribute("aria-expanded")).toBe("true");
      await page.screenshot({ path: join(ARTIFACTS, "admin-deadletters-1366.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);

      // Still poison: the replay fails again, says why, and keeps it.
      await row.locator('[data-testid="dl-replay"]').click();
      await page.waitForSelector('[data-testid="dl-row"][data-result="failed"]');
      expect(await row.locator('[data-testid="dl-result"]').textContent()).toContain("Vẫn lỗi, được giữ lại");
      expect(await row.locator('[data-testid="dl-result"]').textContent()).toContain("malformed record");
      expect((await store().list("processor")).length).toBe(1);

      // Repaired behind the screen (a transient failure gone): select it with the keyboard and replay the selection.
      const [stored] = await store().list("processor");
      if (!stored) throw new Error("no dead letter");
      const record = JSON.parse(stored.record);
      record.dynamodb.NewImage.value = { N: "61" };
      await store().remove(stored);
      await store().put({ ...stored, record: JSON.stringify(record) });
      await page.click('[data-testid="dl-refresh"]');
      await page.waitForSelector('[data-testid="dl-row"][data-result=""]');
      await page.locator('[data-testid="dl-row"] input[type="checkbox"]').first().focus();
      await page.keyboard.press("Space");
      expect(await page.textContent('[data-testid="dl-replay-selected"]')).toContain("(1)");
      await page.click('[data-testid="dl-replay-selected"]');
      await page.waitForSelector('[data-testid="dl-row"][data-result="replayed"]');
      expect(await row.locator('[data-testid="dl-result"]').textContent()).toContain(
        "Đã xử lý lại và xóa khỏi danh sách",
      );
      expect(await page.textContent('[data-testid="dl-message"]')).toContain("Đã chạy lại: 1; vẫn lỗi: 0");
      expect(await page.textContent('[data-testid="dl-total"]')).toContain("0 bản ghi lỗi");
      expect(await store().list("processor")).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, "admin-deadletters-replayed-1366.png") });

      // The audit tab lists both replays, newest first.
      await page.click('[data-testid="admin-tab-audit"]');
      await page.waitForSelector('[data-testid="audit-page"] [data-testid="audit-row"]');
      await expect
        .poll(() =>
          page.$$eval('[data-testid="audit-row"]', (rows) =>
            rows
              .filter((r) => r.getAttribute("data-action") === "dlq.replay")
              .map((r) => `${r.getAttribute("data-action")} ${r.getAttribute("data-object")}`),
          ),
        )
        .toEqual([`dlq.replay ${id}`, `dlq.replay ${id}`]);
      expect(await page.textContent('[data-testid="audit-table"]')).toContain("Chạy lại bản ghi lỗi");
      await page.screenshot({ path: join(ARTIFACTS, "admin-deadletters-audit-1366.png") });

      // The users tab lists the local issuer's users and says where they are changed.
      await page.click('[data-testid="admin-tab-users"]');
      await page.waitForSelector('[data-testid="user-row"]');
      expect(
        await page.$$eval('[data-testid="user-row"]', (rows) =>
          rows.map((r) => `${r.getAttribute("data-username")}:${r.getAttribute("data-role")}`),
        ),
      ).toEqual(["admin:admin", "leader:leader", "ops:ops", "planner:planner"]);
      expect(await page.getAttribute('[data-testid="users-issuer"]', "data-issuer")).toBe("local");
      expect(await page.textContent('[data-testid="users-table"]')).toContain("Vận hành");
      await page.screenshot({ path: join(ARTIFACTS, "admin-users-1366.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);
    });
  }, 180_000);

  it("fits a phone: dead letters and users, nothing overlaps or scrolls sideways, English a switch away", async () => {
    await poison("poison-2", runtime.province.communes[1]?.code as string);
    await expect.poll(async () => (await store().list("processor")).length, { timeout: 30_000, interval: 250 }).toBe(1);
    await withPage({ width: 390, height: 844 }, async (page) => {
      await signIn(page, runtime.url, "admin");
      await openSection(page, "deadletters");
      await page.waitForSelector('[data-testid="dl-row"]');
      await page.click('[data-testid="dl-details"]');
      await page.waitForSelector('[data-testid="dl-detail"]');
      await page.screenshot({ path: join(ARTIFACTS, "admin-deadletters-390.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);
      await page.click('[data-testid="admin-tab-users"]');
      await page.waitForSelector('[data-testid="user-row"]');
      await page.screenshot({ path: join(ARTIFACTS, "admin-users-390.png") });
      expect(await layoutProblems(page, { regions: [".admin-bar", ".admin-body"] })).toEqual([]);
      await page.click('.topbar button.lang:has-text("English")');
      await page.waitForFunction(() => document.querySelector("#admin-title")?.textContent === "Users");
      await page.click('[data-testid="admin-tab-deadletters"]');
      await page.waitForSelector('[data-testid="dl-row"]');
      expect(await page.textContent('[data-testid="dl-replay-selected"]')).toContain("Replay selected");
    });
  }, 180_000);

  it("shows neither tab to other roles", async () => {
    await withPage({ width: 1366, height: 768 }, async (page) => {
      await signIn(page, runtime.url, "ops");
      expect(await page.locator('[data-testid="open-admin"]').count()).toBe(0);
      expect(await page.locator('[data-testid="admin-tab-deadletters"]').count()).toBe(0);
    });
  }, 120_000);
});
