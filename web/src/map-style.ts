/**
 * The map's style and paint expressions. Self-contained: nothing is fetched from anywhere but the
 * dashboard's own origin (the label glyphs are files of the site, see `glyphs/vite-glyphs.ts`), so
 * the dashboard works on a provincial intranet with no internet at all.
 */
import { type LegendClass, NO_DATA_COLOUR } from "@ioc/core";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from "maplibre-gl";

/**
 * The source of commune polygons: GeoJSON, or vector tiles (`GET /v1/communes/tiles/…`, layer
 * `COMMUNE_TILE_LAYER`) when the API left the boundaries out of the registry (`tiled`, from the
 * contract's `COMMUNE_TILED_FROM` communes).
 */
export const COMMUNE_SOURCE = "communes";
/** The tiles' layer, as `@ioc/geo`'s `COMMUNE_TILE_LAYER` names it. */
export const COMMUNE_TILE_LAYER = "communes";

/** Where the map addresses one commune's feature-state: its code, and the tiles' layer when tiled. */
export function communeFeature(code: string, tiled: boolean): { source: string; sourceLayer?: string; id: string } {
  return tiled
    ? { source: COMMUNE_SOURCE, sourceLayer: COMMUNE_TILE_LAYER, id: code }
    : { source: COMMUNE_SOURCE, id: code };
}
/** The choropleth of ordinary communes; its 1-pixel antialiasing outline is the commune borders. */
export const FILL_LAYER = "commune-fill";
/** The choropleth of mountainous and border communes, outlined in their own colours at national scale. */
export const MARKED_FILL_LAYER = "commune-fill-marked";
/** Both choropleth layers: every commune is in exactly one (hover, click, colours). */
export const FILL_LAYERS = [FILL_LAYER, MARKED_FILL_LAYER];
/** The hatch over mountainous communes. */
export const MOUNTAIN_LAYER = "commune-mountain";
/** The name of the hatch image. */
export const HATCH_IMAGE = "hatch";
/** The small GeoJSON source holding only the communes drawn highlighted (changed, hovered, selected). */
export const HIGHLIGHT_SOURCE = "commune-highlights";
/** The highlight outlines. */
export const HIGHLIGHT_LAYER = "commune-highlight";

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

/** The dashed line marking communes on the national border, from `DETAIL_ZOOM`. */
export const BORDER_LAYER = "commune-border";

/**
 * The border colour, for the dashed line and, at national scale, the commune outline: a dark teal
 * that stands apart from both ends of the orange–purple classes, also for colour-blind readers.
 */
export const BORDER_COLOUR = "#0f766e";
/** The outline of mountainous communes at national scale (the hatch's colour). */
export const MOUNTAIN_OUTLINE = "#1f2937";

/**
 * The zoom from which a province fills the screen (a demo province fits at about 8, the whole
 * country at about 5). Below it communes are a few pixels wide: a hatch or dashes cannot be read
 * there, and in software GL every extra layer over thousands of communes costs about as much as
 * the colours themselves, so mountainous and border communes are told apart by their outline.
 */
export const DETAIL_ZOOM = 7;

/** The map's ground colour, behind the communes. */
export const GROUND_COLOUR = "#dde6ed";

/**
 * An empty style; layers are added once data is loaded. The ground is the container's background
 * colour (`createBaseMap`), not a background layer: in software GL a layer covering the whole
 * canvas costs a full-screen draw on every frame, the page's colour behind the canvas nothing.
 */
export const BASE_STYLE: StyleSpecification = { version: 8, sources: {}, layers: [] };

/** A flashing commune's colour at full strength, when flashes are feature-state (tiled). */
export const FLASH_COLOUR = "#111827";

/**
 * The fill colour of a commune from its `value` feature-state under `classes`. With `flash`, a
 * `flash` feature-state (0–1, a fading cue) darkens it towards `FLASH_COLOUR`: the tiled map's
 * flash, drawn by the fill it already repaints instead of an outline source re-sent each tick.
 */
export function fillColour(classes: readonly LegendClass[], flash = false): ExpressionSpecification {
  const steps: Array<string | number> = [classes[0]?.colour ?? NO_DATA_COLOUR];
  for (const c of classes.slice(1)) steps.push(c.from, c.colour);
  const colour: ExpressionSpecification = [
    "case",
    ["==", ["typeof", ["feature-state", "value"]], "number"],
    ["step", ["to-number", ["feature-state", "value"]], ...steps] as unknown as ExpressionSpecification,
    NO_DATA_COLOUR,
  ];
  if (!flash) return colour;
  return [
    "interpolate",
    ["linear"],
    ["to-number", ["coalesce", ["feature-state", "flash"], 0]],
    0,
    colour,
    1,
    FLASH_COLOUR,
  ] as unknown as ExpressionSpecification;
}

/**
 * Extends `bounds` by a commune of the registry: its bounding box when the API gave one (a tiled
 * registry, without boundaries), its outer ring otherwise.
 */
export function extendBounds(
  bounds: { extend(point: [number, number]): unknown },
  feature: { bbox?: readonly number[]; geometry: Geometry },
): void {
  const box = feature.bbox;
  if (box && box.length >= 4) {
    bounds.extend([box[0] as number, box[1] as number]);
    bounds.extend([box[2] as number, box[3] as number]);
  } else if (feature.geometry.type === "Polygon")
    for (const p of feature.geometry.coordinates[0] ?? []) bounds.extend([p[0] as number, p[1] as number]);
}

/** Why a commune is highlighted; later kinds are drawn over earlier ones. */
export type HighlightKind = "marked" | "flash" | "hover" | "selected";

/** `marked`: a commune the screen points at (the wall's ten most lagging), under the other cues. */
const HIGHLIGHT_ORDER: Record<HighlightKind, number> = { marked: -1, flash: 0, hover: 1, selected: 2 };
/** The outline of a marked commune: red, as "lagging" reads on the wall. */
export const MARKED_COLOUR = "#dc2626";

/**
 * The highlight source's data: one outline feature per highlighted commune and kind, in drawing
 * order. Only these few communes are re-sent when a highlight changes; the national polygons stay
 * untouched in their own source.
 */
export function highlightCollection(
  entries: Iterable<readonly [code: string, kind: HighlightKind, strength?: number]>,
  geometryOf: (code: string) => Geometry | undefined,
): FeatureCollection {
  const features: Feature[] = [];
  for (const [code, kind, strength = 1] of entries) {
    const geometry = geometryOf(code);
    // strength: how far a flash has faded (see flash-cues.ts); 1 for every other kind.
    if (geometry) features.push({ type: "Feature", properties: { code, kind, strength }, geometry });
  }
  features.sort(
    (a, b) =>
      HIGHLIGHT_ORDER[a.properties?.kind as HighlightKind] - HIGHLIGHT_ORDER[b.properties?.kind as HighlightKind],
  );
  return { type: "FeatureCollection", features };
}

const IS_MARKED: ExpressionSpecification = [
  "any",
  ["==", ["get", "mountainous"], true],
  ["==", ["get", "border"], true],
];
/** White commune borders once communes are large. */
const DETAIL_OUTLINE = "rgba(255, 255, 255, 0.9)";

/**
 * The commune layers, bottom to top. Built for national scale in software GL (bench:map), where
 * every primitive over thousands of few-pixel communes costs: the choropleth draws its own
 * 1-pixel borders (`fill-outline-color`) instead of a line layer over every commune; nothing but
 * the fill reads feature-state, so a live value re-uploads one paint buffer per layer; below
 * `DETAIL_ZOOM` ordinary communes get no outline at all and mountainous and border communes are
 * told apart by theirs (dark, brown), and from it the hatch and the dashed border line take over;
 * flash, hover and selection outline only the few communes concerned, from their own source.
 */
export function communeLayers(sourceLayer?: string): LayerSpecification[] {
  // From vector tiles (a `tiled` registry), the commune layers name the tiles' layer.
  const tiled = <L extends LayerSpecification>(layer: L): L =>
    sourceLayer && "source" in layer && layer.source === COMMUNE_SOURCE
      ? { ...layer, "source-layer": sourceLayer }
      : layer;
  const layers: LayerSpecification[] = [
    {
      id: FILL_LAYER,
      type: "fill",
      source: COMMUNE_SOURCE,
      filter: ["!", IS_MARKED],
      paint: {
        "fill-color": NO_DATA_COLOUR,
        "fill-opacity": 0.92,
        "fill-antialias": ["step", ["zoom"], false, DETAIL_ZOOM, true],
        "fill-outline-color": DETAIL_OUTLINE,
      },
    },
    {
      id: MARKED_FILL_LAYER,
      type: "fill",
      source: COMMUNE_SOURCE,
      filter: IS_MARKED,
      paint: {
        "fill-color": NO_DATA_COLOUR,
        "fill-opacity": 0.92,
        "fill-outline-color": [
          "step",
          ["zoom"],
          ["case", ["==", ["get", "border"], true], BORDER_COLOUR, MOUNTAIN_OUTLINE],
          DETAIL_ZOOM,
          DETAIL_OUTLINE,
        ],
      },
    },
    {
      id: MOUNTAIN_LAYER,
      type: "fill",
      source: COMMUNE_SOURCE,
      minzoom: DETAIL_ZOOM,
      filter: ["==", ["get", "mountainous"], true],
      // No antialiasing pass: the fill's outline already draws these edges.
      paint: { "fill-pattern": HATCH_IMAGE, "fill-antialias": false },
    },
    {
      id: BORDER_LAYER,
      type: "line",
      source: COMMUNE_SOURCE,
      minzoom: DETAIL_ZOOM,
      filter: ["==", ["get", "border"], true],
      paint: { "line-color": BORDER_COLOUR, "line-width": 1.6, "line-dasharray": [2, 1.5] },
    },
    {
      id: HIGHLIGHT_LAYER,
      type: "line",
      source: HIGHLIGHT_SOURCE,
      layout: { "line-join": "round" },
      paint: {
        "line-color": ["match", ["get", "kind"], "selected", "#1d4ed8", "marked", MARKED_COLOUR, "#111827"],
        "line-width": ["match", ["get", "kind"], "hover", 1.5, 3],
        // A flash fades out instead of vanishing; the strength is data, not feature-state, so the
        // national source keeps its one feature-state reader.
        "line-opacity": ["coalesce", ["get", "strength"], 1],
      },
    },
  ];
  return layers.map(tiled);
}

/**
 * Where a commune's name goes: the area-weighted centroid of its largest outer ring, or of the
 * ring's vertices when the ring is degenerate. Good enough for the convex-ish communes a label
 * or pin marks; a concave one may put it just outside.
 */
export function labelPoint(geometry: Geometry): [number, number] | undefined {
  const rings =
    geometry.type === "Polygon"
      ? [geometry.coordinates[0]]
      : geometry.type === "MultiPolygon"
        ? geometry.coordinates.map((p) => p[0])
        : [];
  let best: { area: number; point: [number, number] } | undefined;
  for (const ring of rings) {
    if (!ring || ring.length === 0) continue;
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0 = 0, y0 = 0] = ring[i] ?? [];
      const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    let point: [number, number];
    if (Math.abs(area) < 1e-12) {
      const n = ring.length;
      point = [ring.reduce((s, p) => s + (p[0] ?? 0), 0) / n, ring.reduce((s, p) => s + (p[1] ?? 0), 0) / n];
    } else point = [cx / (3 * area), cy / (3 * area)];
    if (!best || Math.abs(area) > best.area) best = { area: Math.abs(area), point };
  }
  return best?.point;
}

/** The point source of commune names, one feature per commune at its label point. */
export const LABEL_SOURCE = "commune-labels";
/** The commune names. */
export const LABEL_LAYER = "commune-label";
/** The line source of the province's outline (the communes' outer edges). */
export const OUTLINE_SOURCE = "province-outline";
/** The province outline. */
export const OUTLINE_LAYER = "province-outline";
/** The font stack of the labels: the glyphs the site serves (`glyphs/vite-glyphs.ts`). */
export const LABEL_FONT = "Noto Sans Regular";
/**
 * From this zoom commune names are drawn (a province filling a laptop screen is at about 8):
 * below it a commune is a few pixels wide and a name would cover its neighbours.
 */
export const LABEL_MIN_ZOOM = 7.5;

/** The style's glyph URL template on the page's own origin. */
export function glyphUrl(origin: string, base = "/"): string {
  return `${origin}${base.endsWith("/") ? base : `${base}/`}glyphs/{fontstack}/{range}.pbf`;
}

/** A commune as the label and outline builders read it. */
export interface LabelledCommune {
  properties: { code: string; name: string; population?: number; labelPoint?: readonly number[] };
  geometry: Geometry;
}

/**
 * The names' points: the import's pole of inaccessibility (`labelPoint`, always inside the
 * commune) where present, the ring centroid otherwise. `rank` orders who wins a collision: the
 * most populous commune keeps its name.
 */
export function labelCollection(communes: readonly LabelledCommune[]): FeatureCollection {
  const features: Feature[] = [];
  for (const { properties: p, geometry } of communes) {
    const at =
      p.labelPoint && p.labelPoint.length >= 2
        ? [p.labelPoint[0] as number, p.labelPoint[1] as number]
        : labelPoint(geometry);
    if (!at) continue;
    features.push({
      type: "Feature",
      properties: { code: p.code, name: p.name, rank: -(p.population ?? 0) },
      geometry: { type: "Point", coordinates: at },
    });
  }
  return { type: "FeatureCollection", features };
}

/**
 * The province's outline, dissolved from its communes: an edge that only one commune has is on
 * the outside (the import keeps shared borders shared, vertex for vertex). Edges are kept as
 * two-point lines; the line layer joins them on screen.
 */
export function provinceOutline(communes: readonly { geometry: Geometry }[]): FeatureCollection {
  const edges = new Map<string, [number[], number[]] | null>();
  for (const { geometry } of communes) {
    const polygons =
      geometry.type === "Polygon"
        ? [geometry.coordinates]
        : geometry.type === "MultiPolygon"
          ? geometry.coordinates
          : [];
    for (const rings of polygons)
      for (const ring of rings)
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i] as number[];
          const b = ring[i + 1] as number[];
          const ka = `${a[0]},${a[1]}`;
          const kb = `${b[0]},${b[1]}`;
          if (ka === kb) continue;
          const key = ka < kb ? `${ka} ${kb}` : `${kb} ${ka}`;
          // Seen twice: an inner border, shared by two communes.
          edges.set(key, edges.has(key) ? null : [a, b]);
        }
  }
  const lines: number[][][] = [];
  for (const edge of edges.values()) if (edge) lines.push(edge);
  return {
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: {}, geometry: { type: "MultiLineString", coordinates: lines } }],
  };
}

/** The outline and name layers, drawn over the communes and under the highlights. */
export function contextLayers(): LayerSpecification[] {
  return [
    {
      id: OUTLINE_LAYER,
      type: "line",
      source: OUTLINE_SOURCE,
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": "#374151", "line-width": ["interpolate", ["linear"], ["zoom"], 5, 1, 9, 2.2] },
    },
    {
      id: LABEL_LAYER,
      type: "symbol",
      source: LABEL_SOURCE,
      minzoom: LABEL_MIN_ZOOM,
      layout: {
        "text-field": ["get", "name"],
        "text-font": [LABEL_FONT],
        "text-size": ["interpolate", ["linear"], ["zoom"], LABEL_MIN_ZOOM, 11, 11, 14],
        "text-max-width": 7,
        "symbol-sort-key": ["get", "rank"],
        // Names never cover each other: MapLibre drops a name that would collide.
        "text-allow-overlap": false,
        "text-padding": 3,
      },
      paint: { "text-color": "#111827", "text-halo-color": "rgba(255, 255, 255, 0.85)", "text-halo-width": 1.4 },
    },
  ];
}

/** The neighbouring provinces' source (`GET /v1/province-context`): areas and name points. */
export const NEIGHBOUR_SOURCE = "province-neighbours";
/** The neighbours' faded areas, under the communes. */
export const NEIGHBOUR_FILL_LAYER = "neighbour-fill";
/** The neighbours' borders, dashed. */
export const NEIGHBOUR_LINE_LAYER = "neighbour-line";
/** The neighbours' names. */
export const NEIGHBOUR_LABEL_LAYER = "neighbour-label";

/**
 * The neighbours, drawn before (under) the communes: a pale fill and a dashed border that the
 * communes cover where a neighbour's low-detail area reaches into the province, and the names in
 * grey so they never compete with the province's own.
 */
export function neighbourLayers(): LayerSpecification[] {
  return [
    {
      id: NEIGHBOUR_FILL_LAYER,
      type: "fill",
      source: NEIGHBOUR_SOURCE,
      filter: ["==", ["get", "part"], "area"],
      paint: { "fill-color": "#e5e7eb", "fill-opacity": 0.7, "fill-antialias": false },
    },
    {
      id: NEIGHBOUR_LINE_LAYER,
      type: "line",
      source: NEIGHBOUR_SOURCE,
      filter: ["==", ["get", "part"], "area"],
      paint: { "line-color": "#9ca3af", "line-width": 1, "line-dasharray": [3, 2] },
    },
    {
      id: NEIGHBOUR_LABEL_LAYER,
      type: "symbol",
      source: NEIGHBOUR_SOURCE,
      // A name that found no room on screen stays in the source, `placed: false`, undrawn.
      filter: ["all", ["==", ["get", "part"], "label"], ["!=", ["get", "placed"], false]],
      layout: {
        "text-field": ["get", "name"],
        "text-font": [LABEL_FONT],
        "text-size": 12,
        "text-letter-spacing": 0.08,
        "text-max-width": 8,
        "text-allow-overlap": false,
      },
      paint: { "text-color": "#6b7280", "text-halo-color": "rgba(255, 255, 255, 0.9)", "text-halo-width": 1.2 },
    },
  ];
}
