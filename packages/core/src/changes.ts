/**
 * "Hôm nay thay đổi gì" (issue 12 item 5): the biggest movers since yesterday or last week, per
 * indicator and per commune, and the alerts opened and resolved in the period.
 */
import type { Alert } from "./alerts.js";
import type { Direction, MetricDefinition } from "./metrics.js";

/** One value then and now. */
export interface Move {
  metric: string;
  label: { vi: string; en: string };
  unit: string;
  before: number;
  now: number;
  delta: number;
  /** Whether the change is good news in the metric's direction (false when it did not move). */
  better: boolean;
  /**
   * The size of the move, comparable across metrics: percentage points / 100 for a percentage,
   * else the change relative to the earlier value.
   */
  score: number;
}

/** A commune's move on one metric. */
export interface CommuneMove extends Move {
  code: string;
  name: string;
}

/** An alert as the changes list it. */
export interface ChangedAlert {
  id: string;
  severity: Alert["severity"];
  commune?: string;
  metric?: string;
  message: { vi: string; en: string };
  at: number;
}

/** What changed over a period. */
export interface Changes {
  since: "day" | "week";
  /** The start of the period compared with (epoch ms), and now. */
  from: number;
  to: number;
  kpis: Move[];
  /** The largest commune moves, worsened first within the same size, at most `limit`. */
  communes: CommuneMove[];
  alerts: { opened: ChangedAlert[]; resolved: ChangedAlert[] };
}

/** Values then and now of one subject: metric → value. */
export type ValuesByMetric = ReadonlyMap<string, number>;

/** The move of one value, or undefined when either end is missing. */
export function moveOf(
  metric: MetricDefinition,
  before: number | undefined,
  now: number | undefined,
): Move | undefined {
  if (before === undefined || now === undefined) return undefined;
  const delta = now - before;
  return {
    metric: metric.key,
    label: metric.label,
    unit: metric.unit,
    before,
    now,
    delta,
    better: isBetter(metric.direction, delta),
    score: metric.unit === "%" ? Math.abs(delta) / 100 : Math.abs(delta) / Math.max(Math.abs(before), 1),
  };
}

function isBetter(direction: Direction, delta: number): boolean {
  return direction === "higher_is_better" ? delta > 0 : delta < 0;
}

const bySize = (a: Move, b: Move) =>
  b.score - a.score || Number(a.better) - Number(b.better) || a.metric.localeCompare(b.metric);

/**
 * The changes between two snapshots: indicator values per metric, commune values per commune and
 * metric, and the alerts whose opening or resolution falls in [from, to]. Unmoved values are left out.
 */
export function computeChanges(input: {
  since: "day" | "week";
  from: number;
  to: number;
  metrics: readonly MetricDefinition[];
  kpisBefore: ValuesByMetric;
  kpisNow: ValuesByMetric;
  communes: ReadonlyArray<{ code: string; name: string }>;
  communesBefore: ReadonlyMap<string, ValuesByMetric>;
  communesNow: ReadonlyMap<string, ValuesByMetric>;
  alerts: readonly Alert[];
  limit?: number;
}): Changes {
  const limit = input.limit ?? 10;
  const kpis = input.metrics
    .flatMap((m) => moveOf(m, input.kpisBefore.get(m.key), input.kpisNow.get(m.key)) ?? [])
    .filter((m) => m.delta !== 0)
    .sort(bySize);
  const communes = input.communes
    .flatMap((c) =>
      input.metrics.flatMap((m) => {
        const move = moveOf(m, input.communesBefore.get(c.code)?.get(m.key), input.communesNow.get(c.code)?.get(m.key));
        return move && move.delta !== 0 ? [{ ...move, code: c.code, name: c.name }] : [];
      }),
    )
    .sort((a, b) => bySize(a, b) || a.code.localeCompare(b.code))
    .slice(0, limit);
  const inPeriod = (t: number | undefined) => t !== undefined && t >= input.from && t <= input.to;
  const listed = (a: Alert, at: number): ChangedAlert => ({
    id: a.id,
    severity: a.severity,
    ...(a.commune ? { commune: a.commune } : {}),
    ...(a.metric ? { metric: a.metric } : {}),
    message: a.message,
    at,
  });
  const newest = (x: ChangedAlert, y: ChangedAlert) => y.at - x.at || x.id.localeCompare(y.id);
  return {
    since: input.since,
    from: input.from,
    to: input.to,
    kpis,
    communes,
    alerts: {
      opened: input.alerts
        .filter((a) => inPeriod(a.openedAt))
        .map((a) => listed(a, a.openedAt))
        .sort(newest),
      resolved: input.alerts
        .filter((a) => a.status === "resolved" && inPeriod(a.resolvedAt))
        .map((a) => listed(a, a.resolvedAt as number))
        .sort(newest),
    },
  };
}

/** The value of each commune in hourly statistics: the mean of its last hour with readings. */
export function lastHourMeans(
  stats: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [commune, hours] of Object.entries(stats)) {
    const last = Object.keys(hours)
      .map(Number)
      .filter((h) => (hours[String(h)]?.[0] ?? 0) > 0)
      .sort((a, b) => b - a)[0];
    if (last === undefined) continue;
    const [count, sum] = hours[String(last)] as [number, number];
    out.set(commune, sum / count);
  }
  return out;
}

/** The median of `values`; undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
