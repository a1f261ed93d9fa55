/**
 * Latest values: each commune's newest reading of a metric, kept per province × metric in one
 * "panel". Newest wins (observedAt, then reading key), so folding any readings in any order, any
 * number of times, gives the same panel.
 */
import type { Merged } from "./merge-result.js";
import { supersedes } from "./readings.js";

/** A commune's latest value of one metric, as the State table holds it. */
export interface LatestValue {
  province: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: number;
  /** `${sourceId}/${readingId}` of the reading that set it; breaks observedAt ties. */
  readingKey: string;
}

/** A commune's latest value in a panel: value, observedAt (ms), reading key (short names: panels are large). */
export interface PanelEntry {
  v: number;
  t: number;
  k: string;
}

/** One metric's latest values for every commune of a province. */
export interface LatestPanel {
  province: string;
  metric: string;
  values: Record<string, PanelEntry>;
}

/** What the panel merge needs of a reading. */
export interface PanelReading {
  commune: string;
  value: number;
  observedAt: number;
  readingKey: string;
}

/** Folds readings into a province × metric panel, newest wins per commune. */
export function mergeLatestPanel(
  current: LatestPanel | undefined,
  province: string,
  metric: string,
  readings: readonly PanelReading[],
): Merged<LatestPanel> {
  const values = { ...(current?.values ?? {}) };
  let changed = !current;
  for (const r of readings) {
    const existing = values[r.commune];
    if (
      supersedes(
        { observedAt: r.observedAt, readingKey: r.readingKey },
        existing && { observedAt: existing.t, readingKey: existing.k },
      )
    ) {
      values[r.commune] = { v: r.value, t: r.observedAt, k: r.readingKey };
      changed = true;
    }
  }
  return { next: { province, metric, values }, changed };
}

/** The communes whose latest value a panel change replaced (another reading), oldest observation first. */
export function changedEntries(
  before: LatestPanel["values"] | undefined,
  after: LatestPanel["values"],
): Array<[commune: string, entry: PanelEntry]> {
  return Object.entries(after)
    .filter(([commune, e]) => before?.[commune]?.k !== e.k)
    .sort(([, a], [, b]) => a.t - b.t);
}

/** Latest values of a province, flattened from its panels. */
export function panelsToLatest(panels: readonly LatestPanel[]): LatestValue[] {
  return panels.flatMap((panel) =>
    Object.entries(panel.values).map(([commune, e]) => ({
      province: panel.province,
      commune,
      metric: panel.metric,
      value: e.v,
      observedAt: e.t,
      readingKey: e.k,
    })),
  );
}

/** Panels regrouped per commune: commune → metric → value and time (the shape `computeKpis` reads). */
export function latestByCommune(
  panels: Iterable<LatestPanel>,
): Map<string, Map<string, { value: number; observedAt: number }>> {
  const latest = new Map<string, Map<string, { value: number; observedAt: number }>>();
  for (const panel of panels) {
    for (const [commune, e] of Object.entries(panel.values)) {
      const perCommune = latest.get(commune) ?? new Map<string, { value: number; observedAt: number }>();
      perCommune.set(panel.metric, { value: e.v, observedAt: e.t });
      latest.set(commune, perCommune);
    }
  }
  return latest;
}
