import { describe, expect, it } from "vitest";
import {
  alertSla,
  assignAlert,
  formatDuration,
  isSnoozed,
  MAX_SNOOZE_MS,
  SnoozeError,
  snoozeAlert,
  unsnoozeAlert,
} from "./alert-ops.js";
import { type Alert, AlertTransitionError, acknowledge, escalateIfDue, resolveByHand } from "./alerts.js";

const T0 = Date.UTC(2026, 11, 1, 1);
const MIN = 60_000;

const openAlert = (): Alert => ({
  id: "bts-down:99060",
  ruleId: "bts-down",
  severity: "critical",
  status: "open",
  province: "99",
  commune: "99060",
  message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
  openedAt: T0,
  lastSeenAt: T0,
  occurrences: 1,
  escalated: false,
  history: [{ at: T0, action: "opened" }],
});

describe("assignAlert", () => {
  it("records the assignee and the history entry, and refuses a resolved alert", () => {
    const a = assignAlert(openAlert(), "ops2", "ops", T0 + MIN);
    expect(a).toMatchObject({ assignee: "ops2", assignedAt: T0 + MIN });
    expect(a.history.at(-1)).toEqual({ at: T0 + MIN, action: "assigned", by: "ops", note: "ops2" });
    const resolved = resolveByHand(openAlert(), "ops", T0);
    expect(() => assignAlert(resolved, "ops2", "ops", T0)).toThrowError(AlertTransitionError);
  });
});

describe("snoozeAlert", () => {
  it("silences escalation until it ends, then the alert nags again", () => {
    const rule = { escalateAfterMinutes: 15 } as Parameters<typeof escalateIfDue>[1];
    const snoozed = snoozeAlert(openAlert(), T0 + 60 * MIN, "trạm đang bảo trì", "ops", T0 + MIN);
    expect(snoozed).toMatchObject({ snoozedUntil: T0 + 60 * MIN, snoozeReason: "trạm đang bảo trì" });
    expect(isSnoozed(snoozed, T0 + 30 * MIN)).toBe(true);
    expect(escalateIfDue(snoozed, rule, T0 + 30 * MIN)).toBeUndefined();
    expect(isSnoozed(snoozed, T0 + 60 * MIN)).toBe(false);
    expect(escalateIfDue(snoozed, rule, T0 + 61 * MIN)?.escalated).toBe(true);
  });

  it("refuses an end in the past or more than a week ahead", () => {
    expect(() => snoozeAlert(openAlert(), T0, "x", "ops", T0)).toThrowError(SnoozeError);
    expect(() => snoozeAlert(openAlert(), T0 + MAX_SNOOZE_MS + 1, "x", "ops", T0)).toThrowError(/7 days/);
  });

  it("unsnoozes by hand, recorded", () => {
    const back = unsnoozeAlert(snoozeAlert(openAlert(), T0 + 60 * MIN, "x", "ops", T0), "ops", T0 + 2 * MIN);
    expect(back.snoozedUntil).toBeUndefined();
    expect(back.history.at(-1)).toEqual({ at: T0 + 2 * MIN, action: "unsnoozed", by: "ops" });
  });
});

describe("alertSla", () => {
  it("counts since opening and since acknowledgement, and stops at resolution", () => {
    expect(alertSla(openAlert(), T0 + 5 * MIN)).toEqual({ openMs: 5 * MIN });
    const acked = acknowledge(openAlert(), "ops", T0 + 2 * MIN);
    expect(alertSla(acked, T0 + 10 * MIN)).toEqual({ openMs: 10 * MIN, timeToAckMs: 2 * MIN, sinceAckMs: 8 * MIN });
    const resolved = resolveByHand(acked, "ops", T0 + 4 * MIN);
    expect(alertSla(resolved, T0 + 60 * MIN)).toEqual({ openMs: 4 * MIN, timeToAckMs: 2 * MIN, sinceAckMs: 2 * MIN });
  });

  it("formats durations for the console", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(5 * MIN)).toBe("5 min");
    expect(formatDuration(125 * MIN)).toBe("2 h 05 min");
    expect(formatDuration(50 * 60 * MIN)).toBe("2 d 2 h");
  });
});
