/**
 * The path to a KPI's target as a line beside its actual values (issue 12): the value the path
 * expects on each day of a chart. Where `/v1/kpis` carries the path's points (baseline and
 * milestones) they are joined by straight lines; until then the path is the one the status is
 * decided on (core's `statusOf`, see `expectedToday`), so the chart and the sentence agree.
 */
import type { KpiWithTrend } from "@ioc/client";
import { expectedToday } from "./kpi-story.js";

/** A point of a target path: a value due by the end of `year`. */
export interface PathPoint {
  year: number;
  value: number;
}

/**
 * The path's points as `/v1/kpis` carries them (`path`: the baseline and milestones of the
 * province's target path), each at the end of its year as core's `expectedOnPath` places them.
 */
function pointsOf(kpi: KpiWithTrend): Array<[number, number]> | undefined {
  const loose = kpi as KpiWithTrend & { path?: { baseline?: PathPoint; milestones?: PathPoint[] } };
  const raw = [loose.path?.baseline, ...(loose.path?.milestones ?? [])].filter(
    (p): p is PathPoint => p !== undefined && Number.isFinite(p.year) && Number.isFinite(p.value),
  );
  if (raw.length === 0) return undefined;
  return raw.map((p): [number, number] => [Date.UTC(p.year + 1, 0, 1), p.value]).sort((a, b) => a[0] - b[0]);
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
