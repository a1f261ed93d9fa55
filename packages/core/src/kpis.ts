/**
 * Province indicators against their targets: the leader's headline ("are we on track?").
 */
import type { Commune } from "./admin-units.js";
import type { Merged } from "./merge-result.js";
import { METRICS, type MetricDefinition, type MetricTarget } from "./metrics.js";
import { defaultTargetPaths, statusOnPath, type TargetPath } from "./target-paths.js";

/** How an indicator stands against its target. */
export type KpiStatus = "on-track" | "at-risk" | "off-track" | "no-target" | "no-data";

/** One province indicator. */
export interface Kpi {
  metric: string;
  label: { vi: string; en: string };
  unit: string;
  /** The province value, aggregated the metric's way; undefined without data. */
  value?: number;
  /** Communes that reported, out of all. */
  reporting: number;
  communes: number;
  target?: MetricTarget;
  /** value / target (or target / value for lower-is-better), capped at 1; undefined without target. */
  attainment?: number;
  status: KpiStatus;
  /** Communes missing their commune-level target, worst first (at most 10). */
  lagging: Array<{ code: string; name: string; value: number }>;
}

/** Aggregates commune values to the province the way the catalogue says. */
export function aggregate(
  metric: MetricDefinition,
  values: ReadonlyArray<{ value: number; population: number; observedAt: number }>,
): number | undefined {
  if (values.length === 0) return undefined;
  switch (metric.aggregation) {
    case "sum":
      return values.reduce((s, v) => s + v.value, 0);
    case "min":
      return Math.min(...values.map((v) => v.value));
    case "latest":
      return [...values].sort((a, b) => b.observedAt - a.observedAt)[0]?.value;
    case "population_weighted_mean": {
      const people = values.reduce((s, v) => s + v.population, 0);
      return people > 0 ? values.reduce((s, v) => s + v.value * v.population, 0) / people : undefined;
    }
  }
}

/** Attainment of `value` against `target` in the metric's direction, in [0, 1]. */
export function attainment(metric: MetricDefinition, value: number, target: number): number {
  if (metric.direction === "higher_is_better") return target <= 0 ? 1 : Math.max(0, Math.min(1, value / target));
  return value <= target
    ? 1
    : target <= 0
      ? Math.max(0, 1 - value / Math.max(1, value))
      : Math.max(0, Math.min(1, target / value));
}

/**
 * How an indicator stands against the national default path of `target`'s metric and level
 * (target-paths.ts: piecewise-linear through the baseline and milestones), without a trend: the
 * processor's stored verdict. The API re-judges with the province's own paths and its trend.
 */
export function statusOf(metric: MetricDefinition, value: number, target: MetricTarget, now: Date): KpiStatus {
  const path = defaultPathOf(metric, target.level);
  if (!path) return "no-target";
  return statusOnPath(metric, path, value, now.getTime(), undefined);
}

const defaultPaths = new WeakMap<MetricDefinition, TargetPath[]>();
/** The catalogue metric's default path at a level, built once per metric definition. */
function defaultPathOf(metric: MetricDefinition, level: MetricTarget["level"]): TargetPath | undefined {
  let paths = defaultPaths.get(metric);
  if (!paths) {
    paths = defaultTargetPaths([metric]);
    defaultPaths.set(metric, paths);
  }
  return paths.find((p) => p.level === level);
}

/** Every catalogue indicator of a province from its communes' latest values. */
export function computeKpis(
  communes: readonly Commune[],
  latest: ReadonlyMap<string, ReadonlyMap<string, { value: number; observedAt: number }>>,
  now: Date,
  metrics: readonly MetricDefinition[] = METRICS,
): Kpi[] {
  return metrics.map((metric) => {
    const values = communes.flatMap((c) => {
      const v = latest.get(c.code)?.get(metric.key);
      return v ? [{ ...v, population: c.population, code: c.code, name: c.name }] : [];
    });
    const value = aggregate(metric, values);
    const target =
      metric.targets.find((t) => t.level === "province") ?? metric.targets.find((t) => t.level === "commune");
    const communeTarget = metric.targets.find((t) => t.level === "commune")?.value;
    const lagging =
      communeTarget === undefined
        ? []
        : values
            .filter((v) => attainment(metric, v.value, communeTarget) < 1)
            .sort((a, b) => attainment(metric, a.value, communeTarget) - attainment(metric, b.value, communeTarget))
            .slice(0, 10)
            .map((v) => ({ code: v.code, name: v.name, value: v.value }));
    const base = {
      metric: metric.key,
      label: metric.label,
      unit: metric.unit,
      reporting: values.length,
      communes: communes.length,
      lagging,
    };
    if (value === undefined) return { ...base, ...(target ? { target } : {}), status: "no-data" as const };
    if (!target) return { ...base, value, status: "no-target" as const };
    const att = attainment(metric, value, target.value);
    return { ...base, value, target, attainment: att, status: statusOf(metric, value, target, now) };
  });
}

/** A province's indicators on one day. */
export interface Rollup {
  province: string;
  dayStart: number;
  kpis: Record<string, Kpi>;
}

/** Replaces the day's indicators that `kpis` recomputed; unchanged when they are equal. */
export function mergeRollup(
  current: Rollup | undefined,
  province: string,
  dayStart: number,
  kpis: readonly Kpi[],
): Merged<Rollup> {
  const next: Rollup = { province, dayStart, kpis: { ...(current?.kpis ?? {}) } };
  let changed = !current;
  for (const kpi of kpis) {
    if (JSON.stringify(next.kpis[kpi.metric]) !== JSON.stringify(kpi)) {
      next.kpis[kpi.metric] = kpi;
      changed = true;
    }
  }
  return { next, changed };
}
