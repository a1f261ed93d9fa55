/**
 * The leaders' weekly report as data (issue 12 item 6): what the one-page PDF shows, computed
 * here so the renderer only draws. Texts are in the report's language, Vietnamese first.
 */
import type { PolygonRings, Province } from "./admin-units.js";
import type { Alert } from "./alerts.js";
import { median } from "./changes.js";
import type { Kpi } from "./kpis.js";
import type { LatestValue } from "./latest-values.js";
import { colourFor, legendForTargets, NO_DATA_COLOUR } from "./legend.js";
import { findMetric, METRICS } from "./metrics.js";
import {
  expectedOnPath,
  formatMetricValue,
  type PathAssessment,
  type ProvinceTargets,
  pathOf,
  type TrendPoint,
} from "./target-paths.js";

/** A report's language. */
export type ReportLang = "vi" | "en";

/** One indicator row of the report. */
export interface ReportKpiRow {
  label: string;
  value: string;
  target: string;
  expected: string;
  status: "on-track" | "at-risk" | "off-track" | "no-data";
  statusText: string;
  sentence: string;
  /** Daily values for the sparkline, oldest first. */
  spark: number[];
}

/** What the report shows, ready to draw. */
export interface WeeklyReportData {
  lang: ReportLang;
  title: string;
  province: string;
  synthetic: boolean;
  /** "Tuần 24/11/2026 – 30/11/2026" and the same for the subtitle. */
  period: string;
  generated: string;
  kpis: ReportKpiRow[];
  behind: Array<{ rank: number; name: string; metric: string; value: string; expected: string }>;
  alerts: { opened: number; resolved: number; medianAck: string; openNow: number };
  map: {
    metric: string;
    communes: Array<{ rings: PolygonRings; colour: string }>;
    legend: Array<{ colour: string; label: string }>;
  };
  freshness: string;
  source: string;
  /** Headings in the report's language. */
  headings: Record<"kpis" | "behind" | "alerts" | "map" | "freshness" | "status" | "target" | "path" | "value", string>;
}

const STATUS_TEXT = {
  vi: { "on-track": "Đúng lộ trình", "at-risk": "Chậm lộ trình", "off-track": "Chậm xa", "no-data": "Chưa có số liệu" },
  en: { "on-track": "On the path", "at-risk": "Behind", "off-track": "Well behind", "no-data": "No data" },
} as const;

const HEADINGS = {
  vi: {
    kpis: "Chỉ tiêu so với mục tiêu và lộ trình",
    behind: "10 xã, phường chậm nhất so với lộ trình",
    alerts: "Cảnh báo trong tuần",
    map: "Bản đồ",
    freshness: "Độ mới và nguồn số liệu",
    status: "Tình trạng",
    target: "Mục tiêu",
    path: "Lộ trình hôm nay",
    value: "Hiện đạt",
  },
  en: {
    kpis: "Indicators against their targets and paths",
    behind: "The 10 communes furthest behind their paths",
    alerts: "Alerts this week",
    map: "Map",
    freshness: "Data freshness and source",
    status: "Status",
    target: "Target",
    path: "Path today",
    value: "Now",
  },
} as const;

/** Draws a report to PDF bytes (`@ioc/report`), injected where reports are served. */
export type WeeklyReportRenderer = (data: WeeklyReportData) => Promise<Uint8Array>;

/** A date as the report prints it (Vietnamese day, dd/mm/yyyy). */
export function reportDate(t: number): string {
  const d = new Date(t + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Assembles the report from the province, its indicators on their paths, latest values and alerts. */
export function buildWeeklyReport(input: {
  lang: ReportLang;
  province: Province;
  kpis: ReadonlyArray<Kpi & { path?: PathAssessment; spark?: readonly TrendPoint[] }>;
  latest: readonly LatestValue[];
  alerts: readonly Alert[];
  targets: ProvinceTargets;
  mapMetric: string;
  from: number;
  to: number;
  now: number;
}): WeeklyReportData {
  const { lang, province, now } = input;
  const vi = lang === "vi";
  const f = (v: number, unit: string) => formatMetricValue(v, unit, lang);
  const kpis: ReportKpiRow[] = input.kpis
    .filter((k) => k.path || k.target)
    .map((k) => {
      const status = k.value === undefined ? "no-data" : (k.path?.status ?? "no-data");
      const target = k.path ? k.path.milestones[k.path.milestones.length - 1] : k.target;
      return {
        label: k.label[lang],
        value: k.value === undefined ? "—" : f(k.value, k.unit),
        target: target ? `${f(target.value, k.unit)} (${target.year})` : "—",
        expected: k.path ? f(k.path.expectedNow, k.unit) : "—",
        status,
        statusText: STATUS_TEXT[lang][status],
        sentence: k.path?.sentence[lang] ?? "",
        spark: (k.spark ?? []).map((p) => p.value),
      };
    });

  // Furthest behind: each commune's worst shortfall against a commune-level path, relative to the path.
  const byCommune = new Map<string, Map<string, number>>();
  for (const v of input.latest) {
    const m = byCommune.get(v.commune) ?? new Map<string, number>();
    m.set(v.metric, v.value);
    byCommune.set(v.commune, m);
  }
  const behind = province.communes
    .flatMap((c) => {
      let worst: { share: number; metric: string; value: number; expected: number; unit: string } | undefined;
      for (const metric of METRICS) {
        const path = pathOf(input.targets, metric.key, "commune");
        const value = byCommune.get(c.code)?.get(metric.key);
        if (!path || value === undefined) continue;
        const expected = expectedOnPath(path, now);
        const gap = metric.direction === "higher_is_better" ? expected - value : value - expected;
        const share = gap / Math.max(Math.abs(expected), 1);
        if (share > 0 && (!worst || share > worst.share))
          worst = { share, metric: metric.label[lang], value, expected, unit: metric.unit };
      }
      return worst ? [{ name: c.name, ...worst }] : [];
    })
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name, "vi"))
    .slice(0, 10)
    .map((b, i) => ({
      rank: i + 1,
      name: b.name,
      metric: b.metric,
      value: f(b.value, b.unit),
      expected: f(b.expected, b.unit),
    }));

  const inPeriod = (t: number | undefined) => t !== undefined && t >= input.from && t <= input.to;
  const ackMinutes = input.alerts
    .filter((a) => inPeriod(a.acknowledgedAt))
    .map((a) => ((a.acknowledgedAt as number) - a.openedAt) / 60_000);
  const medianAck = median(ackMinutes);

  const metric =
    findMetric(input.mapMetric) ?? (findMetric("net.coverage_4g") as NonNullable<ReturnType<typeof findMetric>>);
  const mapValues = province.communes.flatMap((c) => byCommune.get(c.code)?.get(metric.key) ?? []);
  const classes = legendForTargets(metric, mapValues);
  const legend = [
    ...classes.map((c) => ({
      colour: c.colour,
      label: c.meetsTarget
        ? `${vi ? "Đạt mục tiêu" : "Target met"} ≥ ${f(c.from, metric.unit)}`
        : `${f(c.from, metric.unit)} – ${f(c.to, metric.unit)}`,
    })),
    { colour: NO_DATA_COLOUR, label: vi ? "Chưa có số liệu" : "No data" },
  ];

  const newest = input.latest.reduce((m, v) => Math.max(m, v.observedAt), 0);
  const dayAgo = now - 86_400_000;
  const fresh = new Set(input.latest.filter((v) => v.observedAt >= dayAgo).map((v) => v.commune)).size;
  const newestText = newest ? `${reportDate(newest)} ${timeOf(newest)}` : "—";
  return {
    lang,
    title: vi ? `Báo cáo tuần — ${province.name}` : `Weekly report — ${province.name}`,
    province: province.name,
    synthetic: province.synthetic,
    period: `${vi ? "Tuần" : "Week"} ${reportDate(input.from)} – ${reportDate(input.to)}`,
    generated: `${vi ? "Lập lúc" : "Generated"} ${reportDate(now)} ${timeOf(now)} (UTC+7)`,
    kpis,
    behind,
    alerts: {
      opened: input.alerts.filter((a) => inPeriod(a.openedAt)).length,
      resolved: input.alerts.filter((a) => a.status === "resolved" && inPeriod(a.resolvedAt)).length,
      medianAck: medianAck === undefined ? "—" : `${Math.round(medianAck)} ${vi ? "phút" : "min"}`,
      openNow: input.alerts.filter((a) => a.status !== "resolved").length,
    },
    map: {
      metric: metric.label[lang],
      communes: province.communes.map((c) => ({
        rings: c.geometry.coordinates,
        colour: colourFor(classes, byCommune.get(c.code)?.get(metric.key)),
      })),
      legend,
    },
    freshness: vi
      ? `Số liệu mới nhất lúc ${newestText}; ${fresh}/${province.communes.length} xã, phường báo cáo trong 24 giờ qua.`
      : `Newest figure at ${newestText}; ${fresh}/${province.communes.length} communes reported in the last 24 hours.`,
    source: vi
      ? `Nguồn: hệ thống của tỉnh gửi về IOC qua API /v1/readings${province.synthetic ? "; tỉnh minh họa, số liệu mô phỏng" : ""}. Mục tiêu: ${sources(input.targets)}.`
      : `Source: the province's systems reporting to the IOC through /v1/readings${province.synthetic ? "; demo province, simulated figures" : ""}. Targets: ${sources(input.targets)}.`,
    headings: HEADINGS[lang],
  };
}

function timeOf(t: number): string {
  const d = new Date(t + 7 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function sources(targets: ProvinceTargets): string {
  return [...new Set(targets.paths.map((p) => p.source.split(" (")[0]))].join("; ");
}
