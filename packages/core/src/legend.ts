/**
 * Choropleth classes for a metric: breakpoints and colours, shared by the map and its legend.
 * The palette is ColorBrewer's PuOr (orange = lagging, purple = ahead), which stays distinct
 * under the common colour-vision deficiencies, unlike red–green scales.
 */
import type { MetricDefinition, MetricTarget } from "./metrics.js";

/** Worst to best. */
export const CLASS_COLOURS = ["#b35806", "#f1a340", "#fee0b6", "#998ec3", "#542788"] as const;
/** Fill for a commune that has not reported the metric. */
export const NO_DATA_COLOUR = "#c8ccd0";

/** One legend entry: values in [from, to) get `colour`. */
export interface LegendClass {
  from: number;
  to: number;
  colour: string;
  /** Set on the class of values that meet the metric's target (legends built from targets). */
  meetsTarget?: { value: number; year: number };
}

/**
 * The classes for `metric`. Percentages use fixed breakpoints so colours mean the same thing on
 * every screen; counts and speeds use quantiles of the `values` on show.
 */
export function legendFor(metric: MetricDefinition, values: readonly number[] = []): LegendClass[] {
  let breaks: number[];
  if (metric.unit === "%") {
    breaks = [50, 70, 85, 95];
  } else {
    const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
    const distinct = [...new Set(sorted)];
    // Five distinct values or fewer (stations down: 0, 1, 2): one class per value.
    const quantiles =
      distinct.length > 1 && distinct.length <= CLASS_COLOURS.length
        ? distinct.slice(1)
        : sorted.length
          ? [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.floor(q * (sorted.length - 1))] as number)
          : [0.2, 0.4, 0.6, 0.8].map((q) => metric.range.min + q * (metric.range.max - metric.range.min));
    // Quantiles of clumped data repeat (stations down: mostly 0, a few 1 or 2): a repeated or
    // out-of-range break would make an empty class the legend prints as "1 – 1", so it is dropped
    // and the map has fewer classes.
    breaks = [...new Set(quantiles)].filter((b) => b > metric.range.min && b < metric.range.max);
  }
  const palette = metric.direction === "higher_is_better" ? [...CLASS_COLOURS] : [...CLASS_COLOURS].reverse();
  const edges = [metric.range.min, ...breaks, metric.range.max];
  const count = edges.length - 1;
  // Fewer classes keep the palette's ends (worst and best) and spread between them.
  const colours =
    count === palette.length
      ? palette
      : Array.from({ length: count }, (_, k) =>
          count === 1
            ? (palette[palette.length - 1] as string)
            : (palette[Math.round((k * (palette.length - 1)) / (count - 1))] as string),
        );
  return colours.map((colour, k) => ({ from: edges[k] as number, to: edges[k + 1] as number, colour }));
}

/** The colour of `value` under `classes`, or the no-data colour. */
export function colourFor(classes: readonly LegendClass[], value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return NO_DATA_COLOUR;
  for (const c of classes) if (value < c.to) return c.colour;
  return (classes.at(-1) as LegendClass).colour;
}

/** The target a commune is measured against: its commune-level one, else the province's. */
function mapTarget(metric: MetricDefinition): MetricTarget | undefined {
  return metric.targets.find((t) => t.level === "commune") ?? metric.targets.find((t) => t.level === "province");
}

/**
 * Classes whose breakpoints come from the metric's target, so the map reads as "how far from the
 * resolution's goal": the best class is "target met", the others 90 %, 80 % and 60 % of the way.
 * Metrics without a usable target (none, zero, or lower-is-better) fall back to `legendFor`.
 */
export function legendForTargets(metric: MetricDefinition, values: readonly number[] = []): LegendClass[] {
  const target = mapTarget(metric);
  if (!target || target.value <= metric.range.min || metric.direction !== "higher_is_better")
    return legendFor(metric, values);
  const span = target.value - metric.range.min;
  const breaks = [0.6, 0.8, 0.9].map((f) => metric.range.min + f * span);
  const edges = [metric.range.min, ...breaks, target.value, metric.range.max];
  return CLASS_COLOURS.map((colour, k) => ({
    from: edges[k] as number,
    to: edges[k + 1] as number,
    colour,
    ...(k === CLASS_COLOURS.length - 1 ? { meetsTarget: { value: target.value, year: target.year } } : {}),
  }));
}
