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

/** Percent metrics scale between these values from least to most developed commune. */
const PERCENT_SPAN: Record<string, [number, number]> = {
  "gov.online_services_rate": [55, 100],
  "gov.online_application_rate": [20, 90],
  "gov.ontime_resolution_rate": [85, 99.5],
  "gov.e_records_rate": [40, 99],
  "gov.digital_signature_rate": [60, 100],
  "soc.smartphone_rate": [45, 95],
  "soc.citizen_app_households": [15, 90],
  "soc.epayment_account_rate": [25, 92],
  "net.coverage_4g": [30, 100],
  "net.coverage_5g": [0, 85],
  "net.fiber_households": [8, 97],
  "iot.cameras_online_rate": [70, 99],
};

/** The typical (baseline) value of `metric` in `commune` for the demo feed. */
export function demoBaseline(commune: Commune, metric: MetricDefinition): number {
  const d = developmentLevel(commune);
  const span = PERCENT_SPAN[metric.key];
  if (span) return span[0] + (span[1] - span[0]) * d;
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
