/**
 * The path to each target (issue 12 item 2): a baseline (value, year) and milestones (value,
 * year) per metric × level, citing the resolution they come from. "On track" compares a value with
 * the path at today's date (piecewise-linear through the baseline and milestones) and with a
 * projection from the recent trend (least squares), and explains itself in one sentence.
 */
import * as z from "zod/mini";
import "./zod-locale.js";
import { type Direction, METRICS, type MetricDefinition } from "./metrics.js";

/** A value to reach in a year (at the year's end, 31 December). */
export interface PathPoint {
  value: number;
  year: number;
}

/** The levels a target applies to. */
export type TargetLevel = "province" | "commune";

/** One metric × level target, as a province stores it. */
export interface TargetPath {
  metric: string;
  level: TargetLevel;
  baseline: PathPoint;
  /** Ascending by year, each after the baseline; the last one is the target. */
  milestones: PathPoint[];
  /** The resolution the figures come from, e.g. "Quyết định 749/QĐ-TTg". */
  source: string;
}

/** A province's targets, edited by its admins (national defaults until then). */
export interface ProvinceTargets {
  province: string;
  paths: TargetPath[];
  /** When an admin last changed them (epoch ms) and who; absent while they are the defaults. */
  updatedAt?: number;
  updatedBy?: string;
}

// `z.number()` already refuses NaN and ±Infinity in zod 4.
const pointSchema = z.object({
  value: z.number(),
  year: z.int().check(z.gte(2000), z.lte(2100)),
});

/** A target path as a body or a stored item carries it; milestones strictly after the baseline, ascending. */
export const targetPathSchema = z
  .object({
    metric: z.string().check(z.minLength(1), z.maxLength(100)),
    level: z.enum(["province", "commune"]),
    baseline: pointSchema,
    milestones: z.array(pointSchema).check(z.minLength(1), z.maxLength(20)),
    source: z.string().check(z.minLength(1), z.maxLength(300)),
  })
  .check(
    z.superRefine((path, ctx) => {
      let previous = path.baseline.year;
      path.milestones.forEach((m, i) => {
        if (m.year <= previous)
          ctx.addIssue({
            code: "custom",
            path: ["milestones", i, "year"],
            message: `must be after ${previous} (the baseline and milestones ascend by year)`,
          });
        previous = m.year;
      });
    }),
  );

/** Why the figures are what they are: the national programme, or the catalogue's own default. */
const QD_749 = "Quyết định 749/QĐ-TTg (Chương trình Chuyển đổi số quốc gia)";
const CATALOGUE = "Mặc định quốc gia của danh mục chỉ số (tỉnh cần thay bằng nghị quyết của mình)";

/**
 * Milestones set by 749/QĐ-TTg for 2025 (DOMAIN.md): where one exists it is the path's 2025 point.
 * Otherwise the baseline is 70 % of the final target in 2025 — the rule the straight-line status
 * used before, kept so a province that edits nothing sees the same verdicts.
 */
const QD_749_2025: Record<string, Partial<Record<TargetLevel, number>>> = {
  "gov.online_services_rate": { province: 80 },
  "gov.e_records_rate": { province: 90, commune: 60 },
  "net.fiber_households": { province: 80 },
};
const QD_749_2030 = new Set(["soc.epayment_account_rate", "net.coverage_5g"]);
const BASELINE_YEAR = 2025;
const BASELINE_SHARE = 0.7;

/** The national default paths, built from the catalogue's targets: what a province starts from. */
export function defaultTargetPaths(metrics: readonly MetricDefinition[] = METRICS): TargetPath[] {
  return metrics.flatMap((metric) =>
    metric.targets.map((t): TargetPath => {
      const from749 = QD_749_2025[metric.key]?.[t.level];
      const baselineValue =
        from749 ??
        (metric.direction === "higher_is_better" ? t.value * BASELINE_SHARE : t.value / BASELINE_SHARE || t.value);
      return {
        metric: metric.key,
        level: t.level,
        baseline: { value: round(baselineValue, 2), year: BASELINE_YEAR },
        milestones: [{ value: t.value, year: t.year }],
        source: from749 !== undefined || QD_749_2030.has(metric.key) ? QD_749 : CATALOGUE,
      };
    }),
  );
}

/** The province's targets: its stored ones over the defaults, path by path (metric × level). */
export function effectiveTargets(stored: ProvinceTargets | undefined, province: string): ProvinceTargets {
  const defaults = defaultTargetPaths();
  if (!stored) return { province, paths: defaults };
  const key = (p: TargetPath) => `${p.metric}|${p.level}`;
  const mine = new Map(stored.paths.map((p) => [key(p), p]));
  const paths = [
    ...defaults.map((d) => mine.get(key(d)) ?? d),
    ...stored.paths.filter((p) => !defaults.some((d) => key(d) === key(p))),
  ];
  return { ...stored, paths };
}

/** Where a province's own paths are kept (none stored: the national defaults apply). */
export interface TargetStore {
  get(province: string): Promise<ProvinceTargets | undefined>;
  put(targets: ProvinceTargets): Promise<void>;
}

/** The province's stored paths with `path` added or replacing the one of its metric × level. */
export function upsertPath(
  stored: ProvinceTargets | undefined,
  province: string,
  path: TargetPath,
  by: string,
  at: number,
): ProvinceTargets {
  const others = (stored?.paths ?? []).filter((p) => !(p.metric === path.metric && p.level === path.level));
  return { province, paths: [...others, path], updatedAt: at, updatedBy: by };
}

/** The path for a metric at a level, if the province has one. */
export function pathOf(targets: ProvinceTargets, metric: string, level: TargetLevel): TargetPath | undefined {
  return targets.paths.find((p) => p.metric === metric && p.level === level);
}

const YEAR_MS = 365.2425 * 86_400_000;

/** A time as a fractional year; a path's year means its last day (a milestone "by 2030"). */
export function yearFraction(t: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  return y + (t - start) / (Date.UTC(y + 1, 0, 1) - start);
}

/** The path's points as (fractional year, value), a point at each year's end. */
function knots(path: TargetPath): Array<[number, number]> {
  return [path.baseline, ...path.milestones].map((p) => [p.year + 1, p.value]);
}

/** The value the path expects at time `t`: linear between points, flat before the baseline and after the target. */
export function expectedOnPath(path: TargetPath, t: number): number {
  const x = yearFraction(t);
  const k = knots(path);
  const first = k[0] as [number, number];
  if (x <= first[0]) return first[1];
  for (let i = 1; i < k.length; i++) {
    const [x1, y1] = k[i] as [number, number];
    const [x0, y0] = k[i - 1] as [number, number];
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return (k[k.length - 1] as [number, number])[1];
}

/** The path's final point: the target. */
export function finalTarget(path: TargetPath): PathPoint {
  return path.milestones[path.milestones.length - 1] as PathPoint;
}

/** One observation of a series. */
export interface TrendPoint {
  /** Epoch ms. */
  t: number;
  value: number;
}

/** How a projection was made, for the sentence and the API. */
export type ProjectionMethod = "least-squares-90d-daily" | "least-squares-yearly" | "least-squares-hourly";

/** Where the recent trend leads. */
export interface Projection {
  method: ProjectionMethod;
  /** Points used and the days they span. */
  points: number;
  spanDays: number;
  /** Change per year of the fitted line. */
  slopePerYear: number;
  /** The year the line reaches the target; undefined when it moves away from it or stands still. */
  reachesYear?: number;
}

/** Least-squares slope (per ms) and the fitted value at the last point's time; undefined under two distinct times. */
export function leastSquares(
  points: readonly TrendPoint[],
): { slope: number; at: number; atValue: number } | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.t - mt) ** 2;
    sxy += (p.t - mt) * (p.value - mv);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const at = Math.max(...points.map((p) => p.t));
  return { slope, at, atValue: mv + slope * (at - mt) };
}

/** The shortest span a trend must cover before it projects anything (less is noise). */
export const MIN_TREND_SPAN_DAYS = 2;

/**
 * Projects when the trend reaches `target`: least squares over `points`, then the year the line
 * crosses the target. Undefined when the points are too few or too close together.
 */
export function projectTrend(
  points: readonly TrendPoint[],
  target: number,
  direction: Direction,
  method: ProjectionMethod,
): Projection | undefined {
  const fit = leastSquares(points);
  if (!fit) return undefined;
  const times = points.map((p) => p.t);
  const spanDays = (Math.max(...times) - Math.min(...times)) / 86_400_000;
  if (spanDays < MIN_TREND_SPAN_DAYS) return undefined;
  const slopePerYear = fit.slope * YEAR_MS;
  const base = { method, points: points.length, spanDays: round(spanDays, 1), slopePerYear: round(slopePerYear, 4) };
  const gap = target - fit.atValue;
  const reached = direction === "higher_is_better" ? gap <= 0 : gap >= 0;
  if (reached) return { ...base, reachesYear: new Date(fit.at).getUTCFullYear() };
  // Moving away from the target, or standing still: it is not reached at this pace.
  if (slopePerYear === 0 || Math.sign(gap) !== Math.sign(slopePerYear)) return base;
  const when = fit.at + (gap / slopePerYear) * YEAR_MS;
  // Past 2100 is "never" for a resolution's term; a Date that far is also meaningless here.
  if (!Number.isFinite(when) || when > Date.UTC(2100, 0, 1)) return base;
  return { ...base, reachesYear: new Date(when).getUTCFullYear() };
}

/** The verdict against a path: the same three words the cards already show. */
export type PathStatus = "on-track" | "at-risk" | "off-track";

/** A value judged against its path, with the sentence that explains it. */
export interface PathAssessment {
  level: TargetLevel;
  source: string;
  baseline: PathPoint;
  milestones: PathPoint[];
  /** What the path expects today, and the next milestone still ahead. */
  expectedNow: number;
  nextMilestone: PathPoint;
  status: PathStatus;
  projection?: Projection;
  sentence: { vi: string; en: string };
}

/** How far behind the path (as a share of the expected value) is still "at risk" without a trend. */
const AT_RISK_SHARE = 0.1;

/**
 * Judges `value` at time `now` against `path`: on the path when it is at or ahead of where the
 * path expects it; behind but "at risk" when the trend reaches the target by its year (or, with
 * no trend, when it is within 10 % of the path); "off track" otherwise.
 */
export function assessPath(
  metric: MetricDefinition,
  path: TargetPath,
  value: number,
  now: number,
  trend: { points: readonly TrendPoint[]; method: ProjectionMethod } | undefined,
): PathAssessment {
  const higher = metric.direction === "higher_is_better";
  const target = finalTarget(path);
  const expectedNow = expectedOnPath(path, now);
  const year = new Date(now).getUTCFullYear();
  const nextMilestone = path.milestones.find((m) => m.year >= year) ?? target;
  const projection = trend ? projectTrend(trend.points, target.value, metric.direction, trend.method) : undefined;
  const reached = higher ? value >= target.value : value <= target.value;
  const status = statusOnPath(metric, path, value, now, projection);
  const sentence = pathSentence(metric, {
    value,
    expectedNow,
    year,
    target,
    status,
    reached,
    ...(projection ? { projection } : {}),
  });
  return {
    level: path.level,
    source: path.source,
    baseline: path.baseline,
    milestones: path.milestones,
    expectedNow: round(expectedNow, 2),
    nextMilestone,
    status,
    ...(projection ? { projection } : {}),
    sentence,
  };
}

/**
 * The verdict alone (no sentence, so no number formatting: the processor calls it per indicator
 * and batch): on the path at or ahead of today's expected value; behind, "at risk" when the
 * projection reaches the target by its year (or, with none, within 10 % of the path).
 */
export function statusOnPath(
  metric: MetricDefinition,
  path: TargetPath,
  value: number,
  now: number,
  projection: Projection | undefined,
): PathStatus {
  const higher = metric.direction === "higher_is_better";
  const target = finalTarget(path);
  const expectedNow = expectedOnPath(path, now);
  const ahead = higher ? value >= expectedNow : value <= expectedNow;
  const reached = higher ? value >= target.value : value <= target.value;
  if (ahead || reached) return "on-track";
  if (projection)
    return projection.reachesYear !== undefined && projection.reachesYear <= target.year ? "at-risk" : "off-track";
  const shortfall = Math.abs(expectedNow - value) / Math.max(Math.abs(expectedNow), 1e-9);
  return shortfall <= AT_RISK_SHARE ? "at-risk" : "off-track";
}

/**
 * The catalogue's word units in English, singular and plural (METRICS speak Vietnamese; the
 * dashboard's i18n.ts has the same words for its own figures). Units without words stay as they are.
 */
const ENGLISH_UNITS: Record<string, readonly [string, string]> = {
  "hồ sơ/ngày": ["application/day", "applications/day"],
  "phản ánh": ["report", "reports"],
  "lượt/ngày": ["consultation/day", "consultations/day"],
  hộ: ["household", "households"],
  thôn: ["village", "villages"],
  trạm: ["station", "stations"],
};

/** A number in a language's way, with the metric's unit ("71,9 %", "1.204 hộ", "2 villages"). */
export function formatMetricValue(value: number, unit: string, lang: "vi" | "en"): string {
  const digits = unit === "%" || Math.abs(value) < 100 ? 1 : 0;
  const text = value.toLocaleString(lang === "vi" ? "vi-VN" : "en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: unit === "%" ? digits : 0,
  });
  if (unit === "%") return `${text} %`;
  const words = lang === "en" ? ENGLISH_UNITS[unit] : undefined;
  return `${text} ${words ? words[value === 1 ? 0 : 1] : unit}`;
}

const METHOD_TEXT: Record<ProjectionMethod, { vi: (d: number) => string; en: (d: number) => string }> = {
  "least-squares-90d-daily": {
    vi: (d) => `theo tốc độ ${Math.round(d)} ngày qua`,
    en: (d) => `at the pace of the last ${Math.round(d)} days`,
  },
  "least-squares-yearly": {
    vi: () => "theo tốc độ các năm qua",
    en: () => "at the pace of recent years",
  },
  "least-squares-hourly": {
    vi: (d) => `theo tốc độ ${Math.round(d)} ngày qua (số liệu theo giờ)`,
    en: (d) => `at the pace of the last ${Math.round(d)} days (hourly figures)`,
  },
};

/** The one sentence a status explains itself with, in Vietnamese and English. */
function pathSentence(
  metric: MetricDefinition,
  s: {
    value: number;
    expectedNow: number;
    year: number;
    target: PathPoint;
    status: PathStatus;
    reached: boolean;
    projection?: Projection;
  },
): { vi: string; en: string } {
  const f = (v: number, lang: "vi" | "en") => formatMetricValue(v, metric.unit, lang);
  const head = {
    vi: `Đạt ${f(s.value, "vi")}`,
    en: `At ${f(s.value, "en")}`,
  };
  if (s.reached)
    return {
      vi: `${head.vi} — đã đạt mục tiêu ${f(s.target.value, "vi")} của năm ${s.target.year}.`,
      en: `${head.en} — already at the ${s.target.year} target of ${f(s.target.value, "en")}.`,
    };
  const path = {
    vi: `cần ${f(s.expectedNow, "vi")} theo lộ trình năm ${s.year} để đạt ${f(s.target.value, "vi")} năm ${s.target.year}`,
    en: `the path calls for ${f(s.expectedNow, "en")} in ${s.year} to reach ${f(s.target.value, "en")} by ${s.target.year}`,
  };
  const verdict = {
    "on-track": { vi: "đúng lộ trình", en: "on the path" },
    "at-risk": { vi: "chậm so với lộ trình", en: "behind the path" },
    "off-track": { vi: "chậm xa so với lộ trình", en: "well behind the path" },
  }[s.status];
  const p = s.projection;
  let pace: { vi: string; en: string };
  if (!p)
    pace = {
      vi: "chưa đủ lịch sử để dự báo",
      en: "not enough history yet for a projection",
    };
  else {
    const how = { vi: METHOD_TEXT[p.method].vi(p.spanDays), en: METHOD_TEXT[p.method].en(p.spanDays) };
    pace =
      p.reachesYear === undefined
        ? { vi: `${how.vi} sẽ không đạt mục tiêu`, en: `${how.en} it will not reach the target` }
        : {
            vi: `${how.vi} sẽ đạt mục tiêu năm ${p.reachesYear}`,
            en: `${how.en} it reaches the target in ${p.reachesYear}`,
          };
  }
  return {
    vi: `${head.vi} — ${path.vi} (${verdict.vi}); ${pace.vi}.`,
    en: `${head.en} — ${path.en} (${verdict.en}); ${pace.en}.`,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
