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
/** The hatch over mountainous communes. */
export const MOUNTAIN_LAYER = "commune-mountain";
/** The name of the hatch image. */
export const HATCH_IMAGE = "hatch";

/**
 * A 16×16 tile of thin dark diagonals on transparent ground, made in code so no sprite is fetched.
 * Tiled, the lines join into a continuous hatch.
 */
export function hatchImage(size = 16): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + y) % size;
      if (d === 0 || d === 1) {
        const i = (y * size + x) * 4;
        data[i] = 31;
        data[i + 1] = 41;
        data[i + 2] = 55;
        data[i + 3] = 110;
      }
    }
  }
  return { width: size, height: size, data };
}

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
