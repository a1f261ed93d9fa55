/**
 * The neighbouring provinces around the map's province (issue 14 item 5), from
 * `GET /v1/province-context`: added under the communes, filled in when the answer arrives. A
 * failure leaves the layer empty: context is a courtesy, never a reason to break the map.
 *
 * The API's name points lie just outside the province, which the map fits with a small padding:
 * on a wide laptop map the northern names fell above the top edge. Each time the map shows the
 * whole province, the names are moved toward the province's middle until they lie inside the
 * visible map, clear of what lies over it (legend, buttons, search), and mostly outside the
 * province's own box; a name that cannot is not drawn (it stays in the source, marked unplaced).
 */
import type { Feature, FeatureCollection, Point } from "geojson";
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import { NEIGHBOUR_SOURCE, neighbourLayers } from "./map-style.js";

/** A point on screen, in the map container's pixels. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** A rectangle on screen, in the map container's pixels. */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where the map stands when it shows the whole province: what the names must fit in and avoid. */
export interface LabelFrame {
  /** The visible map. */
  view: ScreenRect;
  /** The province's bounding box. */
  home: ScreenRect;
  /** What lies over the map. */
  avoid: readonly ScreenRect[];
}

/** How far a name's text reaches from its point: sideways either way, up and down. */
export interface LabelReach {
  x: number;
  up: number;
  down: number;
}

/**
 * How far a neighbour's name reaches from its point, in pixels: 12 px type with letter spacing,
 * about 7.6 px a character, wrapped at 8 ems (96 px) a line as `neighbourLayers` sets it, with
 * the halo. The product's glyphs draw a line about 13 px above its point (measured in Chromium:
 * a name placed 15 px below the top edge was cut in half), hence more room above than below.
 * Generous on purpose: a name judged too wide is moved a little more, never clipped.
 */
export function labelReach(name: string): LabelReach {
  const width = name.length * 7.6;
  return width > 96 ? { x: 54, up: 34, down: 8 } : { x: width / 2 + 5, up: 24, down: 4 };
}

const STEPS = 80;

/**
 * Where a name fits: `point` moved along the line toward `centre` (the province's middle) until
 * the name's box lies inside `frame.view`, clear of `frame.avoid`, and at most a third of it over
 * the province's box (the names are drawn under the communes); undefined when none does.
 */
export function fitLabelPoint(
  point: ScreenPoint,
  centre: ScreenPoint,
  reach: LabelReach,
  frame: LabelFrame,
): ScreenPoint | undefined {
  const { view, home, avoid } = frame;
  const fits = (p: ScreenPoint) => {
    const box = { left: p.x - reach.x, right: p.x + reach.x, top: p.y - reach.up, bottom: p.y + reach.down };
    const inView = box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom;
    // The names lie under the communes: one mostly over the province's box would be hidden.
    const over =
      Math.max(0, Math.min(box.right, home.right) - Math.max(box.left, home.left)) *
      Math.max(0, Math.min(box.bottom, home.bottom) - Math.max(box.top, home.top));
    const deep = over > 0.35 * (box.right - box.left) * (box.bottom - box.top);
    const clear = avoid.every(
      (r) => box.right <= r.left || box.left >= r.right || box.bottom <= r.top || box.top >= r.bottom,
    );
    return inView && !deep && clear;
  };
  for (let step = 0; step <= STEPS; step++) {
    const t = 1 - step / STEPS;
    const p = { x: centre.x + (point.x - centre.x) * t, y: centre.y + (point.y - centre.y) * t };
    if (fits(p)) return p;
  }
  return undefined;
}

/** The neighbour layer of one map: `place()` fits the names to the view `frame()` describes now. */
export interface NeighbourLayer {
  /** Re-places the names (the map now shows the whole province); before the answer, nothing. */
  place(): void;
}

/**
 * Adds the neighbour layers below `beforeLayer` and loads the province's neighbours into them.
 * `frame` describes the map while it shows the whole province, undefined once the user moved it
 * (the names then keep where they were placed).
 */
export function showNeighbours(
  map: MapLibreMap,
  province: string,
  beforeLayer: string,
  token: string | undefined,
  frame: () => LabelFrame | undefined,
): NeighbourLayer {
  if (!map.getSource(NEIGHBOUR_SOURCE)) {
    map.addSource(NEIGHBOUR_SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    for (const layer of neighbourLayers()) map.addLayer(layer, beforeLayer);
  }
  let context: FeatureCollection | undefined;
  const place = () => {
    const source = map.getSource(NEIGHBOUR_SOURCE) as GeoJSONSource | undefined;
    if (!context || !source) return;
    const at = frame();
    if (at) source.setData(placeLabels(map, context, at));
  };
  const api = (import.meta.env.VITE_API_URL as string | undefined) || location.origin;
  fetch(`${api}/v1/province-context?province=${encodeURIComponent(province)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
    .then((response) => (response.ok ? (response.json() as Promise<FeatureCollection>) : undefined))
    .then((body) => {
      const source = map.getSource(NEIGHBOUR_SOURCE) as GeoJSONSource | undefined;
      if (!body || !source) return;
      context = body;
      // The API's points until the map can say where it stands, then the fitted ones.
      if (frame()) place();
      else source.setData(body);
    })
    .catch(() => {});
  return { place };
}

/** `context` with each name point fitted into `frame` (names that fit nowhere marked `placed: false`). */
function placeLabels(map: MapLibreMap, context: FeatureCollection, frame: LabelFrame): FeatureCollection {
  const centre = { x: (frame.home.left + frame.home.right) / 2, y: (frame.home.top + frame.home.bottom) / 2 };
  const features: Feature[] = [];
  for (const feature of context.features) {
    if (feature.properties?.part !== "label" || feature.geometry.type !== "Point") {
      features.push(feature);
      continue;
    }
    const [lng, lat] = (feature.geometry as Point).coordinates as [number, number];
    const fitted = fitLabelPoint(map.project([lng, lat]), centre, labelReach(String(feature.properties.name)), frame);
    if (!fitted) {
      features.push({ ...feature, properties: { ...feature.properties, placed: false } });
      continue;
    }
    const at = map.unproject([fitted.x, fitted.y]);
    features.push({ ...feature, geometry: { type: "Point", coordinates: [at.lng, at.lat] } });
  }
  return { ...context, features };
}
