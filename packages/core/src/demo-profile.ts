/**
 * Typical values of each metric for a demo commune, so the simulator's feed looks like a real
 * province: the mountainous border west lags, the city of wards leads.
 */
import type { Commune } from "./admin-units.js";
import type { MetricDefinition } from "./metrics.js";

/** How far along a commune is, 0 (remote, unconnected) to 1 (a well-served ward). */
export function developmentLevel(commune: Commune): number {
  const jitter = (hashCode(commune.code) % 1000) / 1000; // stable per commune
  const [low, high] =
    commune.kind === "phường"
      ? [0.85, 0.98]
      : commune.terrain === "mountainous"
        ? commune.border
          ? [0.12, 0.35]
          : [0.25, 0.5]
        : commune.terrain === "midland"
          ? [0.5, 0.7]
          : commune.terrain === "island"
            ? [0.45, 0.65]
            : [0.65, 0.85];
  return low + (high - low) * jitter;
}

/**
 * Percent metrics run from `low` (least developed commune) to `high` (most developed) as
 * `high - (high - low) * (1 - d)^curve`: a curve above 1 saturates early, as 4G coverage does in
 * the lowlands while remote border communes still lag far behind.
 */
const PERCENT_SPAN: Record<string, [low: number, high: number, curve: number]> = {
  "gov.online_services_rate": [55, 100, 2],
  "gov.online_application_rate": [20, 90, 1],
  "gov.ontime_resolution_rate": [85, 99.5, 2],
  "gov.e_records_rate": [40, 99, 1.5],
  "gov.digital_signature_rate": [60, 100, 2],
  "soc.smartphone_rate": [45, 95, 1.5],
  "soc.citizen_app_households": [15, 90, 1],
  "soc.epayment_account_rate": [25, 92, 1],
  "net.coverage_4g": [35, 100, 2],
  "net.coverage_5g": [0, 85, 1],
  "net.fiber_households": [8, 97, 1.3],
  "iot.cameras_online_rate": [70, 99, 2],
};

/** The typical (baseline) value of `metric` in `commune` for the demo feed. */
export function demoBaseline(commune: Commune, metric: MetricDefinition): number {
  const d = developmentLevel(commune);
  const span = PERCENT_SPAN[metric.key];
  if (span) {
    const [low, high, curve] = span;
    return high - (high - low) * (1 - d) ** curve;
  }
  const thousands = commune.population / 1000;
  switch (metric.key) {
    case "gov.online_applications":
      return Math.round(thousands * 2.5 * d);
    case "gov.feedback_open":
      return Math.round(thousands * 0.4 * (1.2 - d));
    case "soc.telehealth_consults":
      return Math.round(thousands * 0.5 * d);
    case "eco.ecommerce_sellers":
      return Math.round(commune.households * 0.06 * d);
    case "net.villages_no_signal":
      return commune.terrain === "mountainous" ? Math.round((1 - d) ** 2 * 14) : 0;
    case "net.bts_down":
      return 0;
    case "net.download_mbps":
      return 8 + 140 * d;
    default:
      return (metric.range.min + metric.range.max) / 2;
  }
}

function hashCode(text: string): number {
  let h = 2166136261;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return h >>> 0;
}
