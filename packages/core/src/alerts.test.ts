import { describe, expect, it } from "vitest";
import {
  type AlertRule,
  AlertTransitionError,
  acknowledge,
  clear,
  DEFAULT_ALERT_RULES,
  escalateIfDue,
  fire,
  holdMsOf,
  resolveByHand,
  ruleAppliesIn,
  ruleFires,
  rulesOfProvince,
} from "./alerts.js";

const MINUTE = 60_000;
const input = (value: number) => ({
  id: "bts-down:99001",
  ruleId: "bts-down",
  severity: "critical" as const,
  province: "99",
  commune: "99001",
  metric: "net.bts_down",
  value,
  message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
});
const btsRule = DEFAULT_ALERT_RULES.find((r) => r.id === "bts-down") as AlertRule;

describe("alert lifecycle", () => {
  it("opens once, refreshes while firing without growing the history", () => {
    const opened = fire(undefined, input(2), 0);
    expect(opened).toMatchObject({ status: "open", occurrences: 1, value: 2, openedAt: 0, escalated: false });
    const again = fire(opened, input(3), MINUTE);
    expect(again).toMatchObject({ status: "open", occurrences: 1, value: 3, lastSeenAt: MINUTE, openedAt: 0 });
    expect(again.history).toHaveLength(1);
  });

  it("holds an alert open for its hold time before it may resolve itself", () => {
    const opened = fire(undefined, input(2), 0);
    const hold = holdMsOf(btsRule);
    expect(hold).toBe(5 * MINUTE);
    expect(clear(opened, hold - 1, hold)).toBeUndefined();
    expect(clear(opened, hold, hold)).toMatchObject({ status: "resolved", resolvedAt: hold });
    expect(holdMsOf({ ...btsRule, holdMinutes: 0 })).toBe(0);
    expect(clear(undefined, hold, hold)).toBeUndefined();
  });

  it("reopens a resolved alert, counts it, and forgets the last acknowledgement", () => {
    const acked = acknowledge(fire(undefined, input(2), 0), "ops", MINUTE, "đã báo");
    const resolved = clear(acked, 10 * MINUTE) as NonNullable<ReturnType<typeof clear>>;
    const reopened = fire(resolved, input(1), 20 * MINUTE);
    expect(reopened).toMatchObject({ status: "open", occurrences: 2, openedAt: 20 * MINUTE, escalated: false });
    expect(reopened.acknowledgedBy).toBeUndefined();
    expect(reopened.history.map((h) => h.action)).toEqual(["opened", "acknowledged", "auto-resolved", "reopened"]);
  });

  it("escalates only critical alerts left open past the rule's delay", () => {
    const opened = fire(undefined, input(2), 0);
    expect(escalateIfDue(opened, btsRule, 14 * MINUTE)).toBeUndefined();
    expect(escalateIfDue(opened, btsRule, 15 * MINUTE)).toMatchObject({ escalated: true });
    expect(escalateIfDue(acknowledge(opened, "ops", MINUTE), btsRule, 30 * MINUTE)).toBeUndefined();
    expect(escalateIfDue({ ...opened, severity: "warning" }, btsRule, 30 * MINUTE)).toBeUndefined();
  });

  it("refuses to acknowledge twice or to touch a resolved alert", () => {
    const acked = acknowledge(fire(undefined, input(2), 0), "ops", MINUTE);
    expect(() => acknowledge(acked, "ops2", 2 * MINUTE)).toThrow(AlertTransitionError);
    const resolved = resolveByHand(acked, "ops", 3 * MINUTE, "xong");
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "ops" });
    expect(() => resolveByHand(resolved, "ops", 4 * MINUTE)).toThrow(AlertTransitionError);
  });
});

describe("ruleFires", () => {
  it("compares with thresholds, and with the window's peak for drops", () => {
    expect(ruleFires(btsRule, 1, [], 0)).toBe(true);
    expect(ruleFires(btsRule, 0, [], 0)).toBe(false);
    const drop: AlertRule = {
      ...btsRule,
      condition: { kind: "drop", metric: "net.coverage_4g", percent: 10, windowMinutes: 60 },
    };
    const now = 120 * MINUTE;
    expect(ruleFires(drop, 80, [{ value: 90, observedAt: now - 30 * MINUTE }], now)).toBe(true);
    // A higher value outside the window does not count.
    expect(ruleFires(drop, 80, [{ value: 99, observedAt: now - 61 * MINUTE }], now)).toBe(false);
  });
});

describe("rules per province: national templates and adopted copies", () => {
  const bts = DEFAULT_ALERT_RULES.find((r) => r.id === "bts-down") as AlertRule;

  it("uses the templates until a province adopts one, and the adoption applies there only", () => {
    expect(rulesOfProvince(DEFAULT_ALERT_RULES, [], "48").map((r) => r.id)).toEqual(
      DEFAULT_ALERT_RULES.map((r) => r.id),
    );
    const off48: AlertRule = { ...bts, province: "48", enabled: false };
    const extra48: AlertRule = { ...bts, id: "bts-many", province: "48" };
    const in48 = rulesOfProvince(DEFAULT_ALERT_RULES, [off48, extra48], "48");
    expect(in48.filter((r) => r.id === "bts-down")).toEqual([off48]);
    expect(in48.map((r) => r.id)).toContain("bts-many");
    expect(in48).toHaveLength(DEFAULT_ALERT_RULES.length + 1);
    // Another province's rules passed by mistake are dropped: 99 keeps the template.
    const in99 = rulesOfProvince(DEFAULT_ALERT_RULES, [off48, extra48], "99");
    expect(in99.filter((r) => r.id === "bts-down")).toEqual([bts]);
    expect(in99.map((r) => r.id)).not.toContain("bts-many");
  });

  it("lets a template judge anywhere and a province's rule in its province only", () => {
    expect(ruleAppliesIn(bts, "01")).toBe(true);
    expect(ruleAppliesIn({ ...bts, province: "48" }, "48")).toBe(true);
    expect(ruleAppliesIn({ ...bts, province: "48" }, "99")).toBe(false);
  });
});
