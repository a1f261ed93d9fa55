import { type Alert, acknowledge, fire } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createAlertNotifier, type NotificationApi } from "./browser-notifications.js";
import { deliverySummary } from "./DeliveryOutcomes.js";

const NOW = Date.UTC(2026, 11, 1, 3, 0);
const opened = fire(
  undefined,
  {
    id: "bts-down:99001",
    ruleId: "bts-down",
    severity: "critical",
    province: "99",
    commune: "99001",
    message: { vi: "Trạm BTS mất liên lạc — Xã 1", en: "Base station down — Commune 1" },
  },
  NOW,
);

function fakeApi(permission: NotificationPermission) {
  const shown: Array<{ title: string; options?: NotificationOptions }> = [];
  const api = function (this: unknown, title: string, options?: NotificationOptions) {
    shown.push({ title, ...(options ? { options } : {}) });
  } as unknown as NotificationApi;
  Object.assign(api, { permission, requestPermission: async () => "granted" as const });
  return { api, shown };
}

describe("browser notifications of alert state changes", () => {
  it("shows each state change once, never a refreshed value, and nothing until enabled", () => {
    const { api, shown } = fakeApi("granted");
    const notifier = createAlertNotifier(api, () => "vi");
    expect(notifier.onAlert(opened, false, NOW)).toBe(false);
    expect(notifier.onAlert(opened, true, NOW)).toBe(false); // already seen at version 1
    const acked: Alert = acknowledge(opened, "ops", NOW + 60_000);
    expect(notifier.onAlert(acked, true, NOW + 60_000)).toBe(true);
    expect(notifier.onAlert({ ...acked, value: 3 }, true, NOW + 120_000)).toBe(false);
    expect(shown).toEqual([
      {
        title: "[Nghiêm trọng] Cảnh báo đã được tiếp nhận",
        options: { body: "Trạm BTS mất liên lạc — Xã 1", tag: "bts-down:99001@2" },
      },
    ]);
  });

  it("does not announce an old state first heard of through a refresh", () => {
    const { api, shown } = fakeApi("granted");
    const notifier = createAlertNotifier(api, () => "en");
    expect(notifier.onAlert(opened, true, NOW + 3_600_000)).toBe(false);
    expect(notifier.onAlert({ ...opened, id: "other" }, true, NOW + 1_000)).toBe(true);
    expect(shown[0]?.title).toBe("[Critical] New alert");
  });

  it("asks permission and respects a refusal", async () => {
    const { api } = fakeApi("default");
    expect(await createAlertNotifier(api, () => "vi").enable()).toBe(true);
    expect(await createAlertNotifier(undefined, () => "vi").enable()).toBe(false);
  });
});

describe("the delivery-outcome line", () => {
  it("counts outcomes and names the latest attempt", () => {
    const base = {
      change: "opened" as const,
      level: 0,
      channel: "webhook" as const,
      idempotencyKey: "a@1",
      changeAt: "2026-12-01T03:00:00.000Z",
    };
    expect(deliverySummary([], "vi")).toBe("chưa gửi thông báo nào");
    expect(
      deliverySummary(
        [
          {
            ...base,
            recipient: "Zalo OA",
            status: "delivered",
            attempts: 6,
            lastAttempt: { at: "2026-12-01T03:01:00.000Z", ok: true, detail: "webhook 200" },
          },
          { ...base, recipient: "Ca trực", status: "suppressed", suppressed: "quiet-hours", attempts: 0 },
        ],
        "vi",
      ),
    ).toBe("1 đã gửi · 1 tạm hoãn (giờ yên tĩnh) — lần gần nhất: Zalo OA, webhook 200");
  });
});
