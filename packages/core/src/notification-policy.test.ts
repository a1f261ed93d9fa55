import { describe, expect, it } from "vitest";
import { acknowledge, clear, fire } from "./alerts.js";
import { notificationDocument, notificationEmail } from "./notification-message.js";
import {
  alertChangeOf,
  alertStateVersion,
  DEFAULT_BACKOFF,
  escalateByPolicy,
  escalationLevelOf,
  inQuietHours,
  type NotificationPolicy,
  planDeliveries,
  retryDelayMs,
} from "./notification-policy.js";

const MINUTE = 60_000;
// 2026-12-01 10:00 in Vietnam (03:00 UTC): outside the quiet hours below.
const DAY = Date.UTC(2026, 11, 1, 3, 0);
// 2026-12-01 23:30 in Vietnam (16:30 UTC): inside them.
const NIGHT = Date.UTC(2026, 11, 1, 16, 30);

const input = (severity: "critical" | "warning") => ({
  id: `${severity}:99001`,
  ruleId: severity,
  severity,
  province: "99",
  commune: "99001",
  value: 1,
  message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
});

const policy: NotificationPolicy = {
  province: "99",
  people: [
    { id: "an", name: "Nguyễn Văn An", email: "an@example.vn" },
    { id: "binh", name: "Trần Thị Bình", email: "binh@example.vn" },
    { id: "chi", name: "Lê Minh Chi", email: "chi@example.vn" },
  ],
  dutyLists: [{ id: "ca-truc", name: "Ca trực", members: ["an", "binh"] }],
  webhooks: [{ id: "zalo", name: "Zalo OA", url: "http://127.0.0.1:1/hook", secret: "s" }],
  routes: [
    {
      severities: ["critical"],
      levels: [
        { afterMinutes: 0, email: ["ca-truc", "an"], webhooks: ["zalo"] },
        { afterMinutes: 15, email: ["chi"], webhooks: [] },
      ],
    },
    { severities: ["warning"], levels: [{ afterMinutes: 0, email: ["an"], webhooks: [] }] },
  ],
  quietHours: { start: "22:00", end: "06:00" },
};

describe("alert state changes", () => {
  it("finds one change per state event, never for a refreshed value", () => {
    const opened = fire(undefined, input("critical"), DAY);
    expect(alertChangeOf(undefined, opened)).toMatchObject({ kind: "opened", stateVersion: 1, level: 0 });
    const refreshed = fire(opened, { ...input("critical"), value: 3 }, DAY + MINUTE);
    expect(alertChangeOf(opened, refreshed)).toBeUndefined();
    const acked = acknowledge(refreshed, "ops", DAY + 2 * MINUTE);
    expect(alertChangeOf(refreshed, acked)).toMatchObject({ kind: "acknowledged", stateVersion: 2 });
    const resolved = clear(acked, DAY + 10 * MINUTE) as NonNullable<ReturnType<typeof clear>>;
    expect(alertChangeOf(acked, resolved)).toMatchObject({ kind: "resolved", stateVersion: 3 });
    const reopened = fire(resolved, input("critical"), DAY + 20 * MINUTE);
    expect(alertChangeOf(resolved, reopened)).toMatchObject({ kind: "opened", stateVersion: 4, level: 0 });
    // A replayed image (the same version again) is no change.
    expect(alertChangeOf(reopened, reopened)).toBeUndefined();
    expect(alertStateVersion(reopened)).toBe(4);
  });
});

describe("planning deliveries", () => {
  it("tells level 0 on opening, each person once even when on a list and named", () => {
    const change = alertChangeOf(undefined, fire(undefined, input("critical"), DAY));
    const planned = planDeliveries(policy, change as NonNullable<typeof change>);
    expect(planned.map((d) => `${d.channel}:${d.target}`).sort()).toEqual([
      "email:an@example.vn",
      "email:binh@example.vn",
      "webhook:zalo",
    ]);
    expect(new Set(planned.map((d) => d.idempotencyKey))).toEqual(new Set(["critical:99001@1"]));
    expect(planned.every((d) => d.suppressed === undefined)).toBe(true);
  });

  it("tells the level reached on escalation and everyone told on acknowledgement", () => {
    const opened = fire(undefined, input("critical"), DAY);
    const escalated = escalateByPolicy(opened, policy, DAY + 15 * MINUTE) as NonNullable<
      ReturnType<typeof escalateByPolicy>
    >;
    const change = alertChangeOf(opened, escalated);
    expect(change).toMatchObject({ kind: "escalated", level: 1 });
    expect(planDeliveries(policy, change as NonNullable<typeof change>).map((d) => d.target)).toEqual([
      "chi@example.vn",
    ]);
    const acked = acknowledge(escalated, "ops", DAY + 16 * MINUTE);
    const ack = alertChangeOf(escalated, acked);
    expect(planDeliveries(policy, ack as NonNullable<typeof ack>)).toHaveLength(4);
  });

  it("holds back a warning in quiet hours, and not a critical", () => {
    const warning = alertChangeOf(undefined, fire(undefined, input("warning"), NIGHT));
    expect(planDeliveries(policy, warning as NonNullable<typeof warning>)).toEqual([
      expect.objectContaining({ target: "an@example.vn", suppressed: "quiet-hours" }),
    ]);
    const critical = alertChangeOf(undefined, fire(undefined, input("critical"), NIGHT));
    expect(planDeliveries(policy, critical as NonNullable<typeof critical>).some((d) => d.suppressed)).toBe(false);
    const dayWarning = alertChangeOf(undefined, fire(undefined, input("warning"), DAY));
    expect(planDeliveries(policy, dayWarning as NonNullable<typeof dayWarning>)[0]?.suppressed).toBeUndefined();
  });

  it("plans nothing without a policy or a route for the severity", () => {
    const change = alertChangeOf(undefined, fire(undefined, input("warning"), DAY));
    expect(planDeliveries(undefined, change as NonNullable<typeof change>)).toEqual([]);
    expect(planDeliveries({ ...policy, routes: [] }, change as NonNullable<typeof change>)).toEqual([]);
  });
});

describe("quiet hours in Vietnamese time", () => {
  const quiet = { start: "22:00", end: "06:00" };
  it("spans midnight, start inclusive, end exclusive", () => {
    expect(inQuietHours(quiet, Date.UTC(2026, 11, 1, 15, 0))).toBe(true); // 22:00 VN
    expect(inQuietHours(quiet, Date.UTC(2026, 11, 1, 14, 59))).toBe(false); // 21:59 VN
    expect(inQuietHours(quiet, Date.UTC(2026, 11, 1, 22, 59))).toBe(true); // 05:59 VN
    expect(inQuietHours(quiet, Date.UTC(2026, 11, 1, 23, 0))).toBe(false); // 06:00 VN
    expect(inQuietHours({ start: "12:00", end: "13:00" }, Date.UTC(2026, 11, 1, 5, 30))).toBe(true);
    expect(inQuietHours(undefined, NIGHT)).toBe(false);
  });
});

describe("escalation decision", () => {
  it("escalates an open alert one level at a time after each level's minutes", () => {
    const opened = fire(undefined, input("critical"), DAY);
    expect(escalateByPolicy(opened, policy, DAY + 15 * MINUTE - 1)).toBeUndefined();
    const once = escalateByPolicy(opened, policy, DAY + 15 * MINUTE);
    expect(once && escalationLevelOf(once)).toBe(1);
    // No level 2 in the policy: nothing further.
    expect(once && escalateByPolicy(once, policy, DAY + 60 * MINUTE)).toBeUndefined();
  });

  it("never escalates an acknowledged alert or one without a route", () => {
    const opened = fire(undefined, input("critical"), DAY);
    expect(escalateByPolicy(acknowledge(opened, "ops", DAY), policy, DAY + 60 * MINUTE)).toBeUndefined();
    expect(escalateByPolicy(opened, undefined, DAY + 60 * MINUTE)).toBeUndefined();
  });
});

describe("retry backoff", () => {
  const options = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 6 };
  it("doubles from the base, caps, and stops after the last attempt", () => {
    const fixed = () => 1 - Number.EPSILON;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, options, fixed))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(retryDelayMs(6, options)).toBeUndefined();
    // Equal jitter: never less than half the exponential wait.
    expect(retryDelayMs(3, options, () => 0)).toBe(2_000);
    expect(DEFAULT_BACKOFF.maxAttempts).toBeGreaterThan(5);
  });
});

describe("notification text", () => {
  it("is Vietnamese first and carries the idempotency key", () => {
    const change = alertChangeOf(undefined, fire(undefined, input("critical"), DAY));
    const doc = notificationDocument(change as NonNullable<typeof change>);
    expect(doc).toMatchObject({ type: "ioc.alert", idempotencyKey: "critical:99001@1", change: "opened" });
    expect(doc.title.vi).toBe("[Nghiêm trọng] Cảnh báo mới");
    const email = notificationEmail(change as NonNullable<typeof change>);
    expect(email.subject).toContain("Trạm BTS mất liên lạc");
    expect(email.text).toContain("10:00 (giờ Việt Nam)");
  });
});
