/**
 * The map's style and paint expressions. Self-contained: no tiles, glyphs or sprites are fetched,
 * so the dashboard works on a provincial intranet with no internet at all.
 */
import { type LegendClass, NO_DATA_COLOUR } from "@ioc/core";
import type { ExpressionSpecification, StyleSpecification } from "maplibre-gl";

/** The GeoJSON source of commune polygons. */
export const COMMUNE_SOURCE = "communes";
/** The choropleth layer. */
export const FILL_LAYER = "commune-fill";
/** Commune borders; thicker while a commune flashes after a change. */
export const OUTLINE_LAYER = "commune-outline";
/** The dashed line marking communes on the national border. */
export const BORDER_LAYER = "commune-border";

/** A style with nothing but a background; layers are added once data is loaded. */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#dde6ed" } }],
};

/** The fill colour of a commune from its `value` feature-state under `classes`. */
export function fillColour(classes: readonly LegendClass[]): ExpressionSpecification {
  const steps: Array<string | number> = [classes[0]?.colour ?? NO_DATA_COLOUR];
  for (const c of classes.slice(1)) steps.push(c.from, c.colour);
  return [
    "case",
    ["==", ["typeof", ["feature-state", "value"]], "number"],
    ["step", ["to-number", ["feature-state", "value"]], ...steps] as unknown as ExpressionSpecification,
    NO_DATA_COLOUR,
  ];
}
