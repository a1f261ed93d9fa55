/**
 * Colour classes of the gap choropleth: quintiles of the ranked communes' scores, so the map
 * separates the worst fifth from the next whatever the filter or the province's scale.
 */
import type { ExpressionSpecification } from "maplibre-gl";

/** One colour class: scores from `from` up to the next class. */
export interface GapClass {
  from: number;
  colour: string;
}

/** Light to dark: small gap to large gap (ColorBrewer YlOrRd, readable by the colour-blind). */
export const GAP_COLOURS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"] as const;
/** Communes the filter leaves out, or that reported nothing. */
export const OUT_OF_RANKING = "#d1d5db";

/** Quintile classes of `scores`; fewer when there are fewer distinct scores. */
export function gapClasses(scores: readonly number[]): GapClass[] {
  const sorted = [...scores].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks = [0];
  for (let k = 1; k < GAP_COLOURS.length; k++) {
    const value = sorted[Math.floor((k * sorted.length) / GAP_COLOURS.length)] as number;
    if (value > (breaks[breaks.length - 1] as number)) breaks.push(value);
  }
  return breaks.map((from, i) => ({
    from,
    colour: GAP_COLOURS[Math.round((i * (GAP_COLOURS.length - 1)) / Math.max(1, breaks.length - 1))] as string,
  }));
}

/** The fill colour from the `score` feature-state under `classes`; grey when the commune is not ranked. */
export function gapFillColour(classes: readonly GapClass[]): ExpressionSpecification {
  if (classes.length === 0) return ["literal", OUT_OF_RANKING] as unknown as ExpressionSpecification;
  const steps: Array<string | number> = [classes[0]?.colour as string];
  for (const c of classes.slice(1)) steps.push(c.from, c.colour);
  return [
    "case",
    ["==", ["typeof", ["feature-state", "score"]], "number"],
    ["step", ["to-number", ["feature-state", "score"]], ...steps] as unknown as ExpressionSpecification,
    OUT_OF_RANKING,
  ];
}
