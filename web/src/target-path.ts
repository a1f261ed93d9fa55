/**
 * The path to a KPI's target as a line beside its actual values (issue 12): the value the path
 * expects on each day of a chart. Where `/v1/kpis` carries the path's points (baseline and
 * milestones) they are joined by straight lines; until then the path is the one the status is
 * decided on (core's `statusOf`, see `expectedToday`), so the chart and the sentence agree.
 */
import type { KpiWithTrend } from "@ioc/client";
import { BASELINE_YEAR, expectedToday } from "./kpi-story.js";

/** A point of a target path: a value due at the start of a year (or at an instant). */
export interface PathPoint {
  year?: number;
  at?: string;
  value: number;
}

/** The path's points as `/v1/kpis` may carry them (`path` or `milestones` beside `baseline`). */
function pointsOf(kpi: KpiWithTrend): Array<[number, number]> | undefined {
  const loose = kpi as KpiWithTrend & { path?: PathPoint[] | { points?: PathPoint[] } };
  const raw = Array.isArray(loose.path) ? loose.path : loose.path?.points;
  if (!raw || raw.length === 0) return undefined;
  const out = raw
    .map((p): [number, number] => [p.at ? Date.parse(p.at) : Date.UTC(p.year ?? BASELINE_YEAR, 0, 1), p.value])
    .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  return out.length > 0 ? out : undefined;
}

/** Whether the path comes from the KPI's own points (else the straight line of `statusOf`). */
export function hasPathPoints(kpi: KpiWithTrend): boolean {
  return pointsOf(kpi) !== undefined;
}

/** The value the path expects at instant `epochMs`, or undefined without a target. */
export function pathValueAt(kpi: KpiWithTrend, epochMs: number): number | undefined {
  const points = pointsOf(kpi);
  if (!points) return expectedToday(kpi, new Date(epochMs));
  const first = points[0] as [number, number];
  if (epochMs <= first[0]) return first[1];
  for (let k = 1; k < points.length; k++) {
    const [t1, v1] = points[k] as [number, number];
    const [t0, v0] = points[k - 1] as [number, number];
    if (epochMs <= t1) return v0 + ((v1 - v0) * (epochMs - t0)) / Math.max(1, t1 - t0);
  }
  return (points[points.length - 1] as [number, number])[1];
}

/** The path at each of `xs` (epoch seconds, uPlot's x values); null where there is none. */
export function pathSeries(kpi: KpiWithTrend, xs: readonly number[]): Array<number | null> {
  return xs.map((x) => pathValueAt(kpi, x * 1000) ?? null);
}
