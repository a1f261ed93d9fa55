/**
 * The commune digital-transformation index (chỉ số chuyển đổi số cấp xã), in the spirit of the
 * national DTI: every metric of the catalogue is scored 0–1, metric scores average into pillar
 * scores, pillars combine into a weighted composite, and communes rank by it. docs/DX-INDEX.md
 * explains the choices.
 *
 * Normalisation, per metric ({@link DX_METRIC_SCALES}; anything not listed is derived from the
 * catalogue, so a new metric scores without code changes):
 *
 * - `rate` (unit %): linear between the range's worst end and the goal, clamped to 0–1. The goal
 *   is the catalogue's commune-level target (the latest year), else its province-level target, else
 *   the range's best end. Higher is better: `(v − min) / (goal − min)`; lower is better:
 *   `(max − v) / (max − goal)`. A commune at its target scores 1; beyond it, still 1.
 * - `per_1000_people` / `per_1000_households`: counts grow with the commune, so they are turned
 *   into intensities per 1,000 residents (or households) and compared with a reference intensity.
 *   Higher is better: `min(1, intensity / reference)`; lower is better: `max(0, 1 − intensity /
 *   reference)` (the reference is then the intensity that scores 0).
 * - `absolute`: the same against the raw value (speeds, villages without signal).
 * - `excluded`: operational states (base stations down) say nothing about how far a commune has
 *   come; they stay out of the index.
 *
 * A pillar's score is the mean of its reported metrics' scores; a pillar with none is null. The
 * composite is the weighted mean of the non-null pillars, weights renormalised over them;
 * `completeness` says what share of the pillar weight had data, so a composite resting on one
 * pillar is visible as such. Communes with no scored metric get a null composite and no rank.
 */
import type { Commune } from "./admin-units.js";
import type { CommuneMetricValue } from "./gaps.js";
import { METRICS, type MetricDefinition, type Pillar } from "./metrics.js";

/** How a metric's value becomes a 0–1 score. */
export type MetricScale =
  | { kind: "rate" }
  | { kind: "per_1000_people"; reference: number }
  | { kind: "per_1000_households"; reference: number }
  | { kind: "absolute"; reference: number }
  | { kind: "excluded"; reason: string };

/**
 * Scales for the metrics that are not plain rates. References are deliberately round numbers a
 * province can revise: what a well-performing commune reaches today.
 */
export const DX_METRIC_SCALES: Readonly<Record<string, MetricScale>> = Object.freeze({
  /** 2 online applications a day per 1,000 residents is a commune where online filing is routine. */
  "gov.online_applications": { kind: "per_1000_people", reference: 2 },
  /** 2 open citizen reports per 1,000 residents scores 0: a backlog. */
  "gov.feedback_open": { kind: "per_1000_people", reference: 2 },
  /** 0.5 remote consultations a day per 1,000 residents. */
  "soc.telehealth_consults": { kind: "per_1000_people", reference: 0.5 },
  /** 50 sellers per 1,000 households (5%) on e-commerce platforms. */
  "eco.ecommerce_sellers": { kind: "per_1000_households", reference: 50 },
  /** 10 villages without signal scores 0; the target is none. */
  "net.villages_no_signal": { kind: "absolute", reference: 10 },
  /** 100 Mbps median download, a good fixed-and-mobile mix today. */
  "net.download_mbps": { kind: "absolute", reference: 100 },
  "net.bts_down": { kind: "excluded", reason: "an operational state, not a development level" },
});

/** Pillar weights of the composite. */
export type DxPillarWeights = Record<Pillar, number>;

/**
 * Default pillar weights: government and infrastructure 0.3 each (what a commune's own
 * administration and the network it depends on deliver), society 0.25, economy 0.15 (one metric,
 * and the one the commune influences least).
 */
export const DEFAULT_DX_PILLAR_WEIGHTS: Readonly<DxPillarWeights> = Object.freeze({
  government: 0.3,
  society: 0.25,
  economy: 0.15,
  infrastructure: 0.3,
});

const PILLARS: readonly Pillar[] = ["government", "society", "economy", "infrastructure"];

/** The scale a metric is scored with: {@link DX_METRIC_SCALES}, else derived from the catalogue. */
export function metricScale(
  metric: MetricDefinition,
  scales: Readonly<Record<string, MetricScale>> = DX_METRIC_SCALES,
): MetricScale {
  const listed = scales[metric.key];
  if (listed) return listed;
  if (metric.unit === "%") return { kind: "rate" };
  // A new count or quantity without a reference: its catalogue range's best end.
  return { kind: "absolute", reference: metric.range.max };
}

/** The goal a rate is measured against: commune target, else province target, else the range's best end. */
export function rateGoal(metric: MetricDefinition): number {
  const latest = (level: "commune" | "province") =>
    metric.targets.filter((t) => t.level === level).sort((x, y) => y.year - x.year)[0]?.value;
  return (
    latest("commune") ??
    latest("province") ??
    (metric.direction === "higher_is_better" ? metric.range.max : metric.range.min)
  );
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** A metric value's 0–1 score for a commune, or null when it cannot be scored (excluded, no population). */
export function metricScore(
  metric: MetricDefinition,
  value: number,
  commune: Pick<Commune, "population" | "households">,
  scale: MetricScale = metricScale(metric),
): number | null {
  if (!Number.isFinite(value)) return null;
  const higher = metric.direction === "higher_is_better";
  switch (scale.kind) {
    case "excluded":
      return null;
    case "rate": {
      const goal = rateGoal(metric);
      const { min, max } = metric.range;
      if (higher) return goal === min ? 1 : clamp01((value - min) / (goal - min));
      return goal === max ? 1 : clamp01((max - value) / (max - goal));
    }
    case "per_1000_people":
    case "per_1000_households": {
      const base = scale.kind === "per_1000_people" ? commune.population : commune.households;
      if (!(base > 0)) return null;
      const intensity = (value * 1000) / base;
      return higher ? clamp01(intensity / scale.reference) : clamp01(1 - intensity / scale.reference);
    }
    case "absolute":
      return higher ? clamp01(value / scale.reference) : clamp01(1 - value / scale.reference);
  }
}

/** One metric's contribution to a commune's index. */
export interface DxMetricScore {
  key: string;
  pillar: Pillar;
  value: number;
  score: number;
}

/** A commune's index. */
export interface CommuneDxScore {
  code: string;
  name: string;
  provinceCode: string;
  /** 1 = the most advanced; null when nothing could be scored. */
  rank: number | null;
  /** Weighted mean of the pillar scores, 0–1; null when no pillar has data. */
  composite: number | null;
  pillars: Record<Pillar, number | null>;
  /** Share (0–1) of the pillar weight that had data. */
  completeness: number;
  metrics: DxMetricScore[];
}

/** The index of a set of communes at one moment. */
export interface DxIndex {
  /** When the values were read (epoch ms), if the caller says. */
  at: number | null;
  pillarWeights: DxPillarWeights;
  /** Ranked: scored communes first by composite (ties by code), then unscored ones by code. */
  entries: CommuneDxScore[];
}

/** Options of {@link computeDxIndex}. */
export interface DxIndexOptions {
  pillarWeights?: Partial<DxPillarWeights>;
  scales?: Readonly<Record<string, MetricScale>>;
  metrics?: readonly MetricDefinition[];
  at?: number;
}

/** Computes every commune's pillar scores and composite, and ranks them. */
export function computeDxIndex(
  communes: readonly Commune[],
  values: Iterable<CommuneMetricValue>,
  options: DxIndexOptions = {},
): DxIndex {
  const pillarWeights = { ...DEFAULT_DX_PILLAR_WEIGHTS, ...options.pillarWeights };
  const scales = options.scales ?? DX_METRIC_SCALES;
  const catalogue = new Map((options.metrics ?? METRICS).map((m) => [m.key, m]));
  const byCommune = new Map<string, Map<string, number>>();
  for (const v of values) {
    if (!catalogue.has(v.metric)) continue;
    let row = byCommune.get(v.commune);
    if (!row) {
      row = new Map();
      byCommune.set(v.commune, row);
    }
    row.set(v.metric, v.value);
  }

  const entries: CommuneDxScore[] = communes.map((commune) => {
    const metrics: DxMetricScore[] = [];
    const sums: Record<Pillar, { total: number; count: number }> = {
      government: { total: 0, count: 0 },
      society: { total: 0, count: 0 },
      economy: { total: 0, count: 0 },
      infrastructure: { total: 0, count: 0 },
    };
    for (const [key, value] of byCommune.get(commune.code) ?? []) {
      const metric = catalogue.get(key) as MetricDefinition;
      const score = metricScore(metric, value, commune, metricScale(metric, scales));
      if (score === null) continue;
      metrics.push({ key, pillar: metric.pillar, value, score });
      sums[metric.pillar].total += score;
      sums[metric.pillar].count += 1;
    }
    const pillars = {} as Record<Pillar, number | null>;
    let weighted = 0;
    let weightWithData = 0;
    let weightTotal = 0;
    for (const pillar of PILLARS) {
      const { total, count } = sums[pillar];
      const score = count > 0 ? total / count : null;
      pillars[pillar] = score;
      weightTotal += pillarWeights[pillar];
      if (score !== null) {
        weighted += pillarWeights[pillar] * score;
        weightWithData += pillarWeights[pillar];
      }
    }
    return {
      code: commune.code,
      name: commune.name,
      provinceCode: commune.provinceCode,
      rank: null,
      composite: weightWithData > 0 ? weighted / weightWithData : null,
      pillars,
      completeness: weightTotal > 0 ? weightWithData / weightTotal : 0,
      metrics: metrics.sort((x, y) => (x.key < y.key ? -1 : 1)),
    };
  });

  entries.sort((x, y) => {
    if (x.composite === null || y.composite === null) {
      if (x.composite !== y.composite) return x.composite === null ? 1 : -1;
    } else if (x.composite !== y.composite) return y.composite - x.composite;
    return x.code < y.code ? -1 : x.code > y.code ? 1 : 0;
  });
  let rank = 0;
  for (const entry of entries) if (entry.composite !== null) entry.rank = ++rank;
  return { at: options.at ?? null, pillarWeights, entries };
}

/** How one commune's index moved between two snapshots. */
export interface CommuneDxChange {
  code: string;
  name: string;
  before: { rank: number | null; composite: number | null };
  after: { rank: number | null; composite: number | null };
  /** after − before; null when either side is null. */
  compositeDelta: number | null;
  /** before.rank − after.rank: positive when the commune climbed; null when either rank is null. */
  rankDelta: number | null;
  pillarDeltas: Record<Pillar, number | null>;
}

/** The change of the index between two snapshots. */
export interface DxIndexChange {
  from: number | null;
  to: number | null;
  /** Communes in both snapshots, in the order of the later ranking. */
  changes: CommuneDxChange[];
  /** Codes only in the later snapshot. */
  added: string[];
  /** Codes only in the earlier snapshot: reported, not dropped. */
  removed: string[];
}

/** Compares two snapshots of the index, commune by commune. */
export function compareDxIndex(before: DxIndex, after: DxIndex): DxIndexChange {
  const earlier = new Map(before.entries.map((e) => [e.code, e]));
  const later = new Set(after.entries.map((e) => e.code));
  const delta = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  const changes: CommuneDxChange[] = [];
  const added: string[] = [];
  for (const entry of after.entries) {
    const old = earlier.get(entry.code);
    if (!old) {
      added.push(entry.code);
      continue;
    }
    const pillarDeltas = {} as Record<Pillar, number | null>;
    for (const pillar of PILLARS) pillarDeltas[pillar] = delta(old.pillars[pillar], entry.pillars[pillar]);
    changes.push({
      code: entry.code,
      name: entry.name,
      before: { rank: old.rank, composite: old.composite },
      after: { rank: entry.rank, composite: entry.composite },
      compositeDelta: delta(old.composite, entry.composite),
      rankDelta: old.rank === null || entry.rank === null ? null : old.rank - entry.rank,
      pillarDeltas,
    });
  }
  const removed = before.entries.filter((e) => !later.has(e.code)).map((e) => e.code);
  return { from: before.at, to: after.at, changes, added: added.sort(), removed: removed.sort() };
}
