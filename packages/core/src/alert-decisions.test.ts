import { describe, expect, it } from "vitest";
import {
  ALERT_REFRESH_MS,
  type AlertVerdict,
  alertIdsTouched,
  alertInput,
  applyAlertVerdict,
  decideAlert,
  hoursForDropRules,
  metricVerdicts,
} from "./alert-decisions.js";
import { type Alert, type AlertRule, fire } from "./alerts.js";
import { foldHourBucket } from "./hour-buckets.js";
import type { LatestPanel } from "./latest-values.js";

const T = Date.parse("2026-11-22T08:10:00Z");
const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  id: "bts-down",
  name: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
  severity: "critical",
  condition: { kind: "threshold", metric: "net.bts_down", op: "above", value: 0 },
  enabled: true,
  ...over,
});
const verdict = (firing: boolean, value: number, at: number, over: Partial<AlertVerdict> = {}): AlertVerdict => ({
  firing,
  input: alertInput(rule(), "99", { commune: "99001", metric: "net.bts_down", value }, { vi: "v", en: "e" }),
  at,
  holdMs: 5 * 60_000,
  refreshMs: ALERT_REFRESH_MS,
  ...over,
});
const open = (value: number, at: number): Alert => fire(undefined, verdict(true, value, at).input, at);

describe("decideAlert", () => {
  it("fires when there is no active alert, and does nothing when there is nothing to clear", () => {
    expect(decideAlert(undefined, verdict(true, 2, T))).toBe("fire");
    expect(decideAlert({ ...open(2, T), status: "resolved" }, verdict(true, 2, T))).toBe("fire");
    expect(decideAlert(undefined, verdict(false, 0, T))).toBe("none");
  });

  it("refreshes a firing alert's value at most once per refresh interval", () => {
    const alert = open(2, T);
    expect(decideAlert(alert, verdict(true, 3, T + ALERT_REFRESH_MS - 1))).toBe("none");
    expect(decideAlert(alert, verdict(true, 3, T + ALERT_REFRESH_MS))).toBe("refresh");
    expect(decideAlert(alert, verdict(true, 2, T + ALERT_REFRESH_MS))).toBe("none");
  });

  it("holds a cleared alert within its hold time, then clears it", () => {
    const alert = open(2, T);
    expect(decideAlert(alert, verdict(false, 0, T + 5 * 60_000 - 1))).toBe("hold");
    expect(decideAlert(alert, verdict(false, 0, T + 5 * 60_000))).toBe("clear");
  });
});

describe("applyAlertVerdict", () => {
  it("opens, then changes only on a status move or a due refresh", () => {
    const opened = applyAlertVerdict(undefined, verdict(true, 2, T));
    expect(opened.changed).toBe(true);
    expect(opened.next).toMatchObject({ id: "bts-down:99001", status: "open", value: 2, commune: "99001" });
    const alert = opened.next as Alert;
    expect(applyAlertVerdict(alert, verdict(true, 3, T + 1000)).changed).toBe(false);
    expect(applyAlertVerdict(alert, verdict(true, 3, T + ALERT_REFRESH_MS)).changed).toBe(true);
    const cleared = applyAlertVerdict(alert, verdict(false, 0, T + 5 * 60_000));
    expect(cleared).toMatchObject({ changed: true, next: { status: "resolved" } });
  });

  it("leaves no alert when there is nothing to clear", () => {
    expect(applyAlertVerdict(undefined, verdict(false, 0, T))).toEqual({ next: undefined, changed: false });
  });

  it("never refreshes with an infinite refresh interval (the scheduler's feed alerts)", () => {
    const alert = open(2, T);
    expect(applyAlertVerdict(alert, verdict(true, 9, T + 10 * ALERT_REFRESH_MS, { refreshMs: Infinity })).changed).toBe(
      false,
    );
  });
});

describe("alertInput", () => {
  it("names the alert by rule and subject, for a commune or a source", () => {
    expect(alertInput(rule(), "99", { sourceId: "dvc" }, { vi: "v", en: "e" })).toEqual({
      id: "bts-down:dvc",
      ruleId: "bts-down",
      severity: "critical",
      province: "99",
      sourceId: "dvc",
      message: { vi: "v", en: "e" },
    });
  });
});

describe("metric verdicts", () => {
  const panel: LatestPanel = {
    province: "99",
    metric: "net.bts_down",
    values: { "99001": { v: 2, t: T, k: "s/1" }, "99002": { v: 0, t: T, k: "s/2" } },
  };

  it("judges each touched commune by each enabled rule of the metric, with a named message", () => {
    const rules = [
      rule(),
      rule({ id: "off", enabled: false }),
      rule({ id: "feed", condition: { kind: "stale", factor: 3 } }),
    ];
    const verdicts = metricVerdicts({
      rules,
      panel,
      communes: ["99001", "99002", "99003"],
      bucketOf: () => undefined,
      names: new Map([["99001", "Xã Một"]]),
      now: T - 1000,
    });
    expect(verdicts.map((v) => [v.input.id, v.firing, v.at])).toEqual([
      ["bts-down:99001", true, T],
      ["bts-down:99002", false, T],
    ]);
    expect(verdicts[0]?.input.message.vi).toBe("Trạm BTS mất liên lạc — Xã Một: 2 trạm");
    expect(
      alertIdsTouched(rules, [
        { metric: "net.bts_down", commune: "99001" },
        { metric: "x", commune: "99002" },
      ]),
    ).toEqual(new Set(["bts-down:99001"]));
  });

  it("reads a drop rule's window from the hour buckets it names", () => {
    const drop = rule({
      id: "drop",
      condition: { kind: "drop", metric: "net.coverage_4g", percent: 10, windowMinutes: 60 },
    });
    const coverage: LatestPanel = {
      province: "99",
      metric: "net.coverage_4g",
      values: { "99001": { v: 70, t: T, k: "k" } },
    };
    const hours = hoursForDropRules([drop], coverage, ["99001"]);
    expect(hours).toEqual([Date.parse("2026-11-22T07:00:00Z"), Date.parse("2026-11-22T08:00:00Z")]);
    const earlier = foldHourBucket(
      undefined,
      { province: "99", metric: "net.coverage_4g", hourStart: hours[0] as number },
      [{ seq: "1", commune: "99001", value: 80, observedAt: T - 40 * 60_000 }],
      { shard: "a", replay: false },
    ).next;
    const judge = (bucketOf: (h: number) => typeof earlier | undefined) =>
      metricVerdicts({ rules: [drop], panel: coverage, communes: ["99001"], bucketOf, names: new Map(), now: T })[0]
        ?.firing;
    expect(judge((h) => (h === earlier.hourStart ? earlier : undefined))).toBe(true);
    expect(judge(() => undefined)).toBe(false);
  });
});
