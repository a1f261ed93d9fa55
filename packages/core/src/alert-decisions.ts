/**
 * What a rule's verdict on merged state means for its alert: fire (open or reopen), refresh the
 * value a firing alert shows, hold an alert whose condition cleared within its hold time, clear
 * it, or nothing. The processor decides from the alerts it read for the batch, so an alert it
 * need not touch costs no write; the write itself re-applies the verdict to the stored alert.
 */
import { type Alert, type AlertRule, alertMessage, clear, fire, holdMsOf, ruleAppliesIn, ruleFires } from "./alerts.js";
import { type HourBucket, hoursOfWindow, peaksInWindow } from "./hour-buckets.js";
import type { LatestPanel } from "./latest-values.js";
import type { Merged } from "./merge-result.js";

/** How often a firing alert's shown value may be refreshed. */
export const ALERT_REFRESH_MS = 60_000;

/** What to do with a rule × subject's alert. */
export type AlertDecision = "fire" | "refresh" | "hold" | "clear" | "none";

/** What `fire` needs to open or update an alert. */
export type AlertInput = Parameters<typeof fire>[1];

/** What an alert is about: a commune's metric (with its value), or a source. */
export type AlertSubject =
  | { commune: string; metric: string; value: number; sourceId?: never }
  | { sourceId: string; commune?: never; metric?: never; value?: never };

/** A rule's verdict on a subject at a time, with how its alert may change. */
export interface AlertVerdict {
  firing: boolean;
  input: AlertInput;
  at: number;
  /** An alert stays open this long before a clear verdict resolves it. */
  holdMs: number;
  /** A firing alert's shown value is rewritten at most this often; Infinity never. */
  refreshMs: number;
}

/** The stable id of a rule's alert on a subject (a commune code or a source id). */
export function alertIdOf(ruleId: string, subject: string): string {
  return `${ruleId}:${subject}`;
}

/** The `fire` input of a rule's alert on a subject, with its message. */
export function alertInput(
  rule: AlertRule,
  province: string,
  subject: AlertSubject,
  message: { vi: string; en: string },
): AlertInput {
  const id = alertIdOf(rule.id, subject.commune ?? (subject.sourceId as string));
  return { id, ruleId: rule.id, severity: rule.severity, province, ...subject, message };
}

/** Whether a firing alert's shown value is due a rewrite. */
export function refreshDue(alert: Alert, value: number | undefined, at: number, refreshMs: number): boolean {
  return alert.value !== value && at - alert.lastSeenAt >= refreshMs;
}

/** Decides what a verdict does to the alert as last read (undefined: there is none). */
export function decideAlert(existing: Alert | undefined, verdict: AlertVerdict): AlertDecision {
  const active = existing !== undefined && existing.status !== "resolved";
  if (verdict.firing) {
    if (!active) return "fire";
    return refreshDue(existing, verdict.input.value, verdict.at, verdict.refreshMs) ? "refresh" : "none";
  }
  if (!active) return "none";
  return verdict.at - existing.openedAt < verdict.holdMs ? "hold" : "clear";
}

/**
 * Applies a verdict to the stored alert: the alert merge of the processor and the scheduler.
 * Changed only when the status moves or the shown value is due a refresh, so a steady condition
 * does not rewrite its alert.
 */
export function applyAlertVerdict(current: Alert | undefined, verdict: AlertVerdict): Merged<Alert | undefined> {
  const next = verdict.firing ? fire(current, verdict.input, verdict.at) : clear(current, verdict.at, verdict.holdMs);
  if (!next) return { next: current, changed: false };
  const changed =
    !current ||
    current.status !== next.status ||
    refreshDue(current, verdict.input.value, verdict.at, verdict.refreshMs);
  return { next, changed };
}

/**
 * The rules that judge a metric's readings (enabled, not about feeds), in `province` when given:
 * a rule of another province never judges them, whatever list the caller passed.
 */
export function rulesOfMetric(rules: readonly AlertRule[], metric: string, province?: string): AlertRule[] {
  return rules.filter(
    (r) =>
      r.enabled &&
      r.condition.kind !== "stale" &&
      r.condition.metric === metric &&
      (province === undefined || ruleAppliesIn(r, province)),
  );
}

/** The hour buckets the "drop" rules of `metric` read for the touched communes of a panel. */
export function hoursForDropRules(
  rules: readonly AlertRule[],
  panel: LatestPanel,
  communes: Iterable<string>,
): number[] {
  const hours = new Set<number>();
  const touched = [...communes];
  for (const rule of rulesOfMetric(rules, panel.metric, panel.province)) {
    if (rule.condition.kind !== "drop") continue;
    for (const commune of touched) {
      const entry = panel.values[commune];
      if (entry)
        for (const hour of hoursOfWindow(entry.t - rule.condition.windowMinutes * 60_000, entry.t)) hours.add(hour);
    }
  }
  return [...hours];
}

/** What the metric verdicts read besides the panel. */
export interface MetricVerdictInput {
  rules: readonly AlertRule[];
  panel: LatestPanel;
  /** The communes the batch touched: only their alerts can change. */
  communes: Iterable<string>;
  /** The hour buckets of `hoursForDropRules` (undefined where none is stored). */
  bucketOf: (hourStart: number) => HourBucket | undefined;
  /** Commune names for messages; the code stands in for an unknown one. */
  names: ReadonlyMap<string, string>;
  now: number;
}

/** Each metric rule's verdict on each touched commune, from its latest value and recent peaks. */
export function metricVerdicts(input: MetricVerdictInput): AlertVerdict[] {
  const { panel, bucketOf, names, now } = input;
  const touched = [...input.communes];
  const verdicts: AlertVerdict[] = [];
  for (const rule of rulesOfMetric(input.rules, panel.metric, panel.province)) {
    for (const commune of touched) {
      const entry = panel.values[commune];
      if (!entry) continue;
      const history =
        rule.condition.kind === "drop"
          ? peaksInWindow(bucketOf, commune, entry.t - rule.condition.windowMinutes * 60_000, entry.t)
          : [];
      const subject = names.get(commune) ?? commune;
      verdicts.push({
        firing: ruleFires(rule, entry.v, history, entry.t),
        input: alertInput(
          rule,
          panel.province,
          { commune, metric: panel.metric, value: entry.v },
          alertMessage(rule, subject, entry.v),
        ),
        at: Math.max(now, entry.t),
        holdMs: holdMsOf(rule),
        refreshMs: ALERT_REFRESH_MS,
      });
    }
  }
  return verdicts;
}

/** The alert ids a batch's readings could open, update or clear (rule × touched commune). */
export function alertIdsTouched(
  rules: readonly AlertRule[],
  readings: Iterable<{ metric: string; commune: string; province?: string }>,
): Set<string> {
  const ids = new Set<string>();
  const list = [...readings];
  for (const rule of rules) {
    if (!rule.enabled || rule.condition.kind === "stale") continue;
    const metric = rule.condition.metric;
    for (const r of list)
      if (r.metric === metric && (r.province === undefined || ruleAppliesIn(rule, r.province)))
        ids.add(alertIdOf(rule.id, r.commune));
  }
  return ids;
}
