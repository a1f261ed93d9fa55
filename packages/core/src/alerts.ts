/**
 * Alert rules as data, and the alert lifecycle as pure functions (open → acknowledged →
 * resolved; a recurrence reopens and counts; a critical alert unacknowledged too long escalates).
 * The processor and the scheduler evaluate; the API acknowledges and resolves.
 */
import { findMetric, type MetricDefinition } from "./metrics.js";

/** How urgent an alert is. */
export type Severity = "critical" | "warning" | "info";
/** Where an alert is in its lifecycle. */
export type AlertStatus = "open" | "acknowledged" | "resolved";

/** What makes a rule fire. */
export type AlertCondition =
  /** The commune's latest value is above/below a fixed threshold (status counts: bts_down above 0). */
  | { kind: "threshold"; metric: string; op: "above" | "below"; value: number }
  /** The latest value misses the metric's commune-level target (direction-aware). */
  | { kind: "target"; metric: string }
  /** The value fell by at least `percent` % compared with the highest value within the window. */
  | { kind: "drop"; metric: string; percent: number; windowMinutes: number }
  /** A source has been silent longer than `factor` × its expected cadence. */
  | { kind: "stale"; factor: number };

/**
 * An alert rule, editable by the admins of its province. A rule with a `province` belongs to that
 * province and judges only its readings; one without is a national template (`DEFAULT_ALERT_RULES`),
 * which applies in every province that has no rule of the same id (see `rulesOfProvince`).
 */
export interface AlertRule {
  id: string;
  /** The province the rule belongs to; absent on a national template. */
  province?: string;
  name: { vi: string; en: string };
  severity: Severity;
  condition: AlertCondition;
  enabled: boolean;
  /** A critical alert left unacknowledged this long is marked escalated. */
  escalateAfterMinutes?: number;
  /**
   * An alert stays open at least this long (since it opened or reopened) before it may resolve
   * itself, so a value hovering around the threshold does not open and close it on every
   * reading. Default `DEFAULT_HOLD_MINUTES`; 0 resolves at the first clear reading.
   */
  holdMinutes?: number;
}

/** How long an alert stays open before it may resolve itself, unless its rule says otherwise. */
export const DEFAULT_HOLD_MINUTES = 5;

/** A rule's hold time in ms. */
export function holdMsOf(rule: AlertRule): number {
  return (rule.holdMinutes ?? DEFAULT_HOLD_MINUTES) * 60_000;
}

/** One entry of an alert's history. */
export interface AlertEvent {
  at: number;
  action:
    | "opened"
    | "reopened"
    | "acknowledged"
    | "resolved"
    | "auto-resolved"
    | "escalated"
    | "updated"
    | "assigned"
    | "snoozed"
    | "unsnoozed";
  by?: string;
  note?: string;
  value?: number;
}

/** An alert: one per rule × subject (a commune, or a source for stale feeds). */
export interface Alert {
  /** `${ruleId}:${subject}` — stable, so a recurrence finds the same alert. */
  id: string;
  ruleId: string;
  severity: Severity;
  status: AlertStatus;
  province: string;
  commune?: string;
  sourceId?: string;
  metric?: string;
  /** The value that last triggered it. */
  value?: number;
  /** A sentence for people, Vietnamese and English. */
  message: { vi: string; en: string };
  openedAt: number;
  lastSeenAt: number;
  /** How many times it opened (first opening included). */
  occurrences: number;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  resolvedAt?: number;
  resolvedBy?: string;
  escalated: boolean;
  history: AlertEvent[];
  /** Who has it (alert-ops.ts): a dashboard user name, given by ops or an admin. */
  assignee?: string;
  assignedAt?: number;
  /** Until when it does not nag (no sound, no escalation); it unsnoozes by itself then. */
  snoozedUntil?: number;
  snoozeReason?: string;
}

/**
 * The national templates: the rules a province uses until its admins adopt one (by writing a rule
 * of the same id under the province, which then shadows the template there and nowhere else).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: "bts-down",
    name: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
    severity: "critical",
    condition: { kind: "threshold", metric: "net.bts_down", op: "above", value: 0 },
    enabled: true,
    escalateAfterMinutes: 15,
  },
  {
    id: "cameras-offline",
    name: { vi: "Camera an ninh ngừng hoạt động", en: "Security cameras offline" },
    severity: "warning",
    condition: { kind: "threshold", metric: "iot.cameras_online_rate", op: "below", value: 80 },
    enabled: true,
  },
  {
    id: "coverage-4g-drop",
    name: { vi: "Phủ sóng 4G giảm đột ngột", en: "4G coverage dropped" },
    severity: "warning",
    condition: { kind: "drop", metric: "net.coverage_4g", percent: 10, windowMinutes: 60 },
    enabled: true,
  },
  {
    id: "feedback-backlog",
    name: { vi: "Tồn đọng phản ánh kiến nghị", en: "Citizen-report backlog" },
    severity: "warning",
    condition: { kind: "threshold", metric: "gov.feedback_open", op: "above", value: 40 },
    enabled: true,
  },
  {
    id: "feed-silent",
    name: { vi: "Nguồn dữ liệu im lặng", en: "Feed silent" },
    severity: "critical",
    condition: { kind: "stale", factor: 3 },
    enabled: true,
    escalateAfterMinutes: 30,
  },
];

/**
 * The rules in force in a province: its own rules, and each template it has no rule of the same
 * id for. Rules of other provinces in `own` are dropped, so a caller's mistake cannot spread one.
 */
export function rulesOfProvince(
  templates: readonly AlertRule[],
  own: readonly AlertRule[],
  province: string,
): AlertRule[] {
  const mine = own.filter((r) => r.province === province);
  const adopted = new Set(mine.map((r) => r.id));
  return [...templates.filter((t) => t.province === undefined && !adopted.has(t.id)), ...mine];
}

/** Whether a rule may judge readings of `province`: its own province's, or anywhere for a template. */
export function ruleAppliesIn(rule: AlertRule, province: string): boolean {
  return rule.province === undefined || rule.province === province;
}

/** The metric a rule watches, if it watches one. */
export function ruleMetric(rule: AlertRule): MetricDefinition | undefined {
  return rule.condition.kind === "stale" ? undefined : findMetric(rule.condition.metric);
}

/** The commune-level target of a metric, or the province one when it has none. */
export function targetOf(metric: MetricDefinition): number | undefined {
  return (metric.targets.find((t) => t.level === "commune") ?? metric.targets.find((t) => t.level === "province"))
    ?.value;
}

/**
 * Whether a metric-watching rule fires for a commune's observations. `history` is the commune's
 * recent values of the metric (any order), the current one included.
 */
export function ruleFires(
  rule: AlertRule,
  current: number,
  history: ReadonlyArray<{ value: number; observedAt: number }>,
  now: number,
): boolean {
  const c = rule.condition;
  switch (c.kind) {
    case "threshold":
      return c.op === "above" ? current > c.value : current < c.value;
    case "target": {
      const metric = findMetric(c.metric);
      const target = metric && targetOf(metric);
      if (!metric || target === undefined) return false;
      return metric.direction === "higher_is_better" ? current < target : current > target;
    }
    case "drop": {
      const since = now - c.windowMinutes * 60_000;
      const peak = Math.max(...history.filter((h) => h.observedAt >= since).map((h) => h.value), current);
      return peak > 0 && ((peak - current) / peak) * 100 >= c.percent;
    }
    case "stale":
      return false;
  }
}

/** The text of an alert, for people. */
export function alertMessage(rule: AlertRule, subject: string, value?: number): { vi: string; en: string } {
  const metric = ruleMetric(rule);
  const shown = value === undefined ? "" : `: ${value}${metric ? ` ${metric.unit}` : ""}`;
  return { vi: `${rule.name.vi} — ${subject}${shown}`, en: `${rule.name.en} — ${subject}${shown}` };
}

/** Opens an alert, or reopens/updates the existing one (one open alert per rule × subject). */
export function fire(
  existing: Alert | undefined,
  input: Omit<Alert, "status" | "openedAt" | "lastSeenAt" | "occurrences" | "escalated" | "history">,
  at: number,
): Alert {
  if (!existing) {
    return {
      ...input,
      status: "open",
      openedAt: at,
      lastSeenAt: at,
      occurrences: 1,
      escalated: false,
      history: [{ at, action: "opened", ...(input.value === undefined ? {} : { value: input.value }) }],
    };
  }
  if (existing.status === "resolved") {
    const { acknowledgedBy: _a, acknowledgedAt: _b, resolvedAt: _c, resolvedBy: _d, ...rest } = existing;
    return {
      ...rest,
      ...input,
      status: "open",
      openedAt: at,
      lastSeenAt: at,
      occurrences: existing.occurrences + 1,
      escalated: false,
      history: [
        ...existing.history,
        { at, action: "reopened", ...(input.value === undefined ? {} : { value: input.value }) },
      ],
    };
  }
  // Still firing: refresh what it shows without growing the history on every reading.
  return { ...existing, value: input.value, message: input.message, lastSeenAt: Math.max(existing.lastSeenAt, at) };
}

/**
 * Resolves an alert automatically when its condition clears: a no-op unless it is open or
 * acknowledged and has been so for at least `holdMs` (then a later clear observation resolves it).
 */
export function clear(existing: Alert | undefined, at: number, holdMs = 0): Alert | undefined {
  if (!existing || existing.status === "resolved") return undefined;
  if (at - existing.openedAt < holdMs) return undefined;
  return {
    ...existing,
    status: "resolved",
    resolvedAt: at,
    history: [...existing.history, { at, action: "auto-resolved" }],
  };
}

/** Why a manual transition was refused. */
export class AlertTransitionError extends Error {
  constructor(
    readonly code: "alert-already-resolved" | "alert-already-acknowledged",
    message: string,
  ) {
    super(message);
  }
}

/** An operator acknowledges: who, when, a note. */
export function acknowledge(alert: Alert, by: string, at: number, note?: string): Alert {
  if (alert.status === "resolved")
    throw new AlertTransitionError("alert-already-resolved", `alert ${alert.id} is already resolved`);
  if (alert.status === "acknowledged")
    throw new AlertTransitionError(
      "alert-already-acknowledged",
      `alert ${alert.id} was acknowledged by ${alert.acknowledgedBy}`,
    );
  return {
    ...alert,
    status: "acknowledged",
    acknowledgedBy: by,
    acknowledgedAt: at,
    history: [...alert.history, { at, action: "acknowledged", by, ...(note ? { note } : {}) }],
  };
}

/** An operator resolves by hand, with a note. */
export function resolveByHand(alert: Alert, by: string, at: number, note?: string): Alert {
  if (alert.status === "resolved")
    throw new AlertTransitionError("alert-already-resolved", `alert ${alert.id} is already resolved`);
  return {
    ...alert,
    status: "resolved",
    resolvedAt: at,
    resolvedBy: by,
    history: [...alert.history, { at, action: "resolved", by, ...(note ? { note } : {}) }],
  };
}

/** Marks an open critical alert escalated once it has waited longer than its rule allows. */
export function escalateIfDue(alert: Alert, rule: AlertRule | undefined, now: number): Alert | undefined {
  if (alert.status !== "open" || alert.escalated || alert.severity !== "critical") return undefined;
  // A snoozed alert does not nag: someone said why and until when.
  if (alert.snoozedUntil !== undefined && alert.snoozedUntil > now) return undefined;
  const minutes = rule?.escalateAfterMinutes;
  if (minutes === undefined || now - alert.openedAt < minutes * 60_000) return undefined;
  return { ...alert, escalated: true, history: [...alert.history, { at: now, action: "escalated" }] };
}
