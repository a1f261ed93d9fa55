/**
 * How often a draft alert rule would have fired over the stored hourly history (issue 13 item 1):
 * the admin sees the consequence of a threshold before saving it. Each commune's hours are replayed
 * in order through the processor's own verdict and alert merge (`ruleFires`, `alertInput`,
 * `applyAlertVerdict`), so the hold time and reopening behave as they do live.
 *
 * History is hourly (count, sum, min, max per commune), so the replay has one verdict per commune
 * and hour: an hour fires when any of its readings would (exact for threshold and target rules,
 * which are monotone in the value: the hour's min or max decides), and a flap inside one hour
 * counts once. A "drop" rule compares the hour's lowest value with the peaks (hourly maxima) of its
 * window, which is an estimate: the order of readings within an hour is not kept. A "stale" rule
 * judges feeds, not values, and has no preview.
 */
import { ALERT_REFRESH_MS, type AlertVerdict, alertInput, applyAlertVerdict } from "./alert-decisions.js";
import { type Alert, type AlertRule, alertMessage, holdMsOf, ruleAppliesIn, ruleFires } from "./alerts.js";
import type { HourStats } from "./hour-buckets.js";
import { HOUR_MS, vnDayStart } from "./time.js";

/** Days of history a preview replays, today included. */
export const RULE_PREVIEW_DAYS = 7;
/** Examples a preview lists by default: the first firings, oldest first. */
export const RULE_PREVIEW_EXAMPLES = 5;

/** One day of hourly history as `DashboardStore.getDayStats` answers it: commune → hour (0–23) → stats. */
export interface PreviewDay {
  dayStart: number;
  stats: Record<string, Record<string, HourStats>>;
}

/** What a preview replays. */
export interface RulePreviewInput {
  rule: AlertRule;
  province: string;
  /** The days to replay, any order; hours without statistics are hours without readings. */
  days: readonly PreviewDay[];
  /** Commune names for the examples' messages; the code stands in for an unknown one. */
  names?: ReadonlyMap<string, string>;
  /** How many first firings to list (default `RULE_PREVIEW_EXAMPLES`). */
  examples?: number;
}

/** One alert the rule would have opened (or reopened). */
export interface PreviewFiring {
  commune: string;
  /** Start of the hour it would have opened in (epoch ms). */
  at: number;
  /** The hour's value that fired it (its max or min, whichever crossed). */
  value: number;
  message: { vi: string; en: string };
}

/** The preview's answer: openings per day, communes affected, the first openings. */
export interface RulePreview {
  /** False for a rule no stored value can judge ("stale" watches feeds): every count is 0. */
  supported: boolean;
  /** "exact" at hour resolution, or "estimate" (drop rules: readings' order within an hour is lost). */
  precision: "exact" | "estimate";
  /** One entry per replayed day, oldest first. */
  days: Array<{ dayStart: number; firings: number; communes: number }>;
  /** Alerts opened or reopened over the whole period. */
  firings: number;
  /** Distinct communes with at least one firing. */
  communes: number;
  /** Commune × hours in which the condition held (an alert stays open across them). */
  firingHours: number;
  examples: PreviewFiring[];
}

/** The hour's value that fires the rule, if one does; `history` only matters to "drop" rules. */
function firingValue(
  rule: AlertRule,
  stats: HourStats,
  history: ReadonlyArray<{ value: number; observedAt: number }>,
  hourEnd: number,
): { firing: boolean; value: number } {
  const [, , min, max] = stats;
  if (rule.condition.kind === "drop") return { firing: ruleFires(rule, min, history, hourEnd), value: min };
  // Threshold and target verdicts are monotone in the value: if any reading of the hour fires,
  // its max or its min does.
  for (const value of [max, min]) if (ruleFires(rule, value, [], hourEnd)) return { firing: true, value };
  return { firing: false, value: stats[1] / stats[0] };
}

/** Replays a draft rule over hourly history and counts the alerts it would have opened. */
export function previewRule(input: RulePreviewInput): RulePreview {
  const { rule, province } = input;
  const days = [...input.days].sort((a, b) => a.dayStart - b.dayStart);
  const perDay = days.map((d) => ({ dayStart: d.dayStart, firings: 0, communes: new Set<string>() }));
  const empty: RulePreview = {
    supported: rule.condition.kind !== "stale",
    precision: rule.condition.kind === "drop" ? "estimate" : "exact",
    days: perDay.map((d) => ({ dayStart: d.dayStart, firings: 0, communes: 0 })),
    firings: 0,
    communes: 0,
    firingHours: 0,
    examples: [],
  };
  if (rule.condition.kind === "stale" || !ruleAppliesIn(rule, province)) return empty;
  const metric = rule.condition.metric;
  const windowMs = rule.condition.kind === "drop" ? rule.condition.windowMinutes * 60_000 : 0;
  const limit = input.examples ?? RULE_PREVIEW_EXAMPLES;

  // commune → hour start → stats, over every day.
  const hoursOf = new Map<string, Map<number, HourStats>>();
  for (const day of days)
    for (const [commune, hours] of Object.entries(day.stats)) {
      const byHour = hoursOf.get(commune) ?? new Map<number, HourStats>();
      hoursOf.set(commune, byHour);
      for (const [hh, stats] of Object.entries(hours)) byHour.set(day.dayStart + Number(hh) * HOUR_MS, stats);
    }

  const dayIndex = new Map(perDay.map((d, i) => [d.dayStart, i]));
  const firings: PreviewFiring[] = [];
  let firingHours = 0;
  const affected = new Set<string>();
  for (const [commune, byHour] of hoursOf) {
    const hours = [...byHour.keys()].sort((a, b) => a - b);
    const subject = input.names?.get(commune) ?? commune;
    let alert: Alert | undefined;
    for (const hour of hours) {
      const stats = byHour.get(hour) as HourStats;
      const hourEnd = hour + HOUR_MS - 1;
      const history =
        windowMs > 0
          ? hours
              .filter((h) => h <= hour && h + HOUR_MS > hourEnd - windowMs)
              .map((h) => ({ value: (byHour.get(h) as HourStats)[3], observedAt: Math.max(h, hourEnd - windowMs) }))
          : [];
      const { firing, value } = firingValue(rule, stats, history, hourEnd);
      if (firing) firingHours++;
      const verdict: AlertVerdict = {
        firing,
        input: alertInput(rule, province, { commune, metric, value }, alertMessage(rule, subject, value)),
        at: hour,
        holdMs: holdMsOf(rule),
        refreshMs: ALERT_REFRESH_MS,
      };
      const wasActive = alert !== undefined && alert.status !== "resolved";
      alert = applyAlertVerdict(alert, verdict).next;
      if (!firing || wasActive) continue;
      affected.add(commune);
      firings.push({ commune, at: hour, value, message: verdict.input.message });
      const day = perDay[dayIndex.get(vnDayStart(hour)) ?? -1];
      if (day) {
        day.firings++;
        day.communes.add(commune);
      }
    }
  }
  firings.sort((a, b) => a.at - b.at || a.commune.localeCompare(b.commune));
  return {
    ...empty,
    days: perDay.map((d) => ({ dayStart: d.dayStart, firings: d.firings, communes: d.communes.size })),
    firings: firings.length,
    communes: affected.size,
    firingHours,
    examples: firings.slice(0, limit),
  };
}

/** The start of each Vietnamese day a preview replays, oldest first, ending with today's. */
export function previewDayStarts(now: number, count = RULE_PREVIEW_DAYS): number[] {
  const today = vnDayStart(now);
  return Array.from({ length: count }, (_, i) => today - (count - 1 - i) * 86_400_000);
}
