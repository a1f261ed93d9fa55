/**
 * The demo province's synthetic past (labelled `synthetic` wherever it is stored or shown): two
 * years of daily values per commune and metric, so a newcomer's first `npm start` shows trends.
 * Deterministic: a value depends only on the seed, the commune, the metric and the day's age, and
 * ends near where the live simulator starts (`demoBaseline`, today's typical value).
 *
 * The shape is plausible, not real: each "higher is better" rate climbs towards today's value
 * (faster where it has further to go, as catch-up programmes do), counts of problems fall, volumes
 * grow, all with day-to-day noise and a weekly dip in volumes. Recent days are daily; older ones
 * weekly (`DEMO_PAST_DAILY_DAYS`), which keeps the first start's writes small.
 */
import type { Commune } from "./admin-units.js";
import { demoBaseline } from "./demo-profile.js";
import type { HistoryItem } from "./history-import.js";
import type { MetricDefinition } from "./metrics.js";
import { createRandom } from "./random.js";
import { vnDayStart } from "./time.js";

/** How far back the synthetic past goes, in days. */
export const DEMO_PAST_DAYS = 730;
/** The most recent days that get a value every day; older days get one a week. */
export const DEMO_PAST_DAILY_DAYS = 120;
const DAY_MS = 86_400_000;

/** The ages (days before today) the synthetic past has values for, oldest first. */
export function demoPastAges(): number[] {
  const ages: number[] = [];
  for (let age = DEMO_PAST_DAYS; age >= 1; age--) if (age <= DEMO_PAST_DAILY_DAYS || age % 7 === 0) ages.push(age);
  return ages;
}

function seedOf(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return h >>> 0;
}

/** A commune's synthetic value of `metric` `age` days before today (`weekend`: that day is a Saturday or Sunday). */
export function demoPastValue(
  commune: Commune,
  metric: MetricDefinition,
  age: number,
  options: { weekend?: boolean; seed?: number } = {},
): number {
  const { weekend = false, seed = 2025 } = options;
  const today = demoBaseline(commune, metric);
  const years = age / 365;
  const random = createRandom(seedOf(`${commune.code}|${metric.key}|${age}`, seed));
  const noise = random.between(-1, 1);
  const { min, max } = metric.range;
  let value: number;
  if (metric.unit === "%") {
    // Two years ago a rate stood lower, by more where today's is still far from 100 %.
    const gain = (8 + 0.25 * (max - today)) * years;
    value = metric.direction === "higher_is_better" ? today - gain + noise * 1.5 : today + gain + noise * 1.5;
  } else if (metric.direction === "lower_is_better") {
    // Problems (open reports, villages without signal, stations down) were more common.
    value =
      metric.key === "net.bts_down" ? random.int(0, 2) : today * (1 + 0.35 * years) + (today > 0 ? noise * 0.5 : 0);
  } else {
    // Volumes grow about 30 % a year; the weekend is quieter.
    value = (today / (1 + 0.3 * years)) * (1 + 0.08 * noise) * (weekend ? 0.6 : 1);
  }
  value = Math.min(max, Math.max(min, value));
  return metric.integer ? Math.round(value) : Math.round(value * 10) / 10;
}

/**
 * The synthetic past of one metric for every commune, as raw import rows (each observed at noon
 * of its Vietnamese day), ready for the historical import's checks.
 */
export function demoPastItems(
  communes: readonly Commune[],
  metric: MetricDefinition,
  now: number,
  seed = 2025,
): HistoryItem[] {
  const today = vnDayStart(now);
  const items: HistoryItem[] = [];
  for (const age of demoPastAges()) {
    const noon = today - age * DAY_MS + 12 * 3_600_000;
    const observedAt = new Date(noon).toISOString();
    // Noon in Vietnam is 05:00 UTC, so the UTC weekday is Vietnam's.
    const weekday = new Date(noon).getUTCDay();
    const options = { weekend: weekday === 0 || weekday === 6, seed };
    for (const commune of communes) {
      items.push({
        index: items.length,
        raw: {
          commune: commune.code,
          metric: metric.key,
          value: demoPastValue(commune, metric, age, options),
          observedAt,
        },
      });
    }
  }
  return items;
}
