/**
 * A deterministic weekly report of the demo province (every commune reporting every metric, the
 * west lagging), for the tests and `npm run bench:report`.
 */
import {
  type Alert,
  assessPath,
  buildWeeklyReport,
  effectiveTargets,
  findMetric,
  generateDemoProvince,
  type Kpi,
  type LatestValue,
  METRICS,
  pathOf,
} from "@ioc/core";

/** The fixed time of the demo report. */
export const DEMO_REPORT_NOW = Date.parse("2026-11-22T08:00:00Z");
const NOW = DEMO_REPORT_NOW;
const DAY = 86_400_000;

/** The report data of the demo province at DEMO_REPORT_NOW. */
export function demoReportInput(lang: "vi" | "en" = "vi") {
  const province = generateDemoProvince();
  const targets = effectiveTargets(undefined, province.code);
  const latest: LatestValue[] = province.communes.flatMap((c, i) =>
    METRICS.map((m) => ({
      province: province.code,
      commune: c.code,
      metric: m.key,
      value: m.unit === "%" ? 40 + ((i * 7) % 60) : (i * 13) % 50,
      observedAt: NOW - ((i * 17) % 120) * 60_000,
      readingKey: `sim/${c.code}/${m.key}`,
    })),
  );
  const kpis = METRICS.filter((m) => m.targets.length > 0).map((m) => {
    const value = m.unit === "%" ? 68 + (m.key.length % 20) : 12;
    const path = pathOf(targets, m.key, "province") ?? pathOf(targets, m.key, "commune");
    const spark = Array.from({ length: 20 }, (_, k) => ({
      t: NOW - (19 - k) * 4 * DAY,
      value: value - (19 - k) * 0.05,
    }));
    const metric = findMetric(m.key);
    const kpi: Kpi = {
      metric: m.key,
      label: m.label,
      unit: m.unit,
      value,
      reporting: province.communes.length,
      communes: province.communes.length,
      status: "on-track",
      lagging: [],
    };
    return {
      ...kpi,
      spark,
      ...(path && metric
        ? { path: assessPath(metric, path, value, NOW, { points: spark, method: "least-squares-90d-daily" }) }
        : {}),
    };
  });
  const alerts: Alert[] = [0, 1, 2].map((i) => ({
    id: `bts-down:${province.communes[i]?.code}`,
    ruleId: "bts-down",
    severity: "critical",
    status: i === 0 ? "open" : "resolved",
    province: province.code,
    commune: province.communes[i]?.code as string,
    message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
    openedAt: NOW - (i + 1) * DAY,
    acknowledgedAt: NOW - (i + 1) * DAY + (i + 1) * 10 * 60_000,
    ...(i === 0 ? {} : { resolvedAt: NOW - i * 3_600_000 }),
    lastSeenAt: NOW,
    occurrences: 1,
    escalated: false,
    history: [],
  }));
  return buildWeeklyReport({
    lang,
    province,
    kpis,
    latest,
    alerts,
    targets,
    mapMetric: "net.coverage_4g",
    from: NOW - 6 * DAY,
    to: NOW,
    now: NOW,
  });
}
