/**
 * The commune map. Polygons are loaded once; live values arrive as feature-state (`value`), so
 * recolouring never re-sends the GeoJSON. Flash, hover and selection outline only the communes
 * concerned, from a small source of their own (see `communeLayers`).
 */
import type { CommuneMapCollection } from "@ioc/client";
import { findMetric, type LegendClass, legendForTargets } from "@ioc/core";
import type { Geometry } from "geojson";
import {
  type GeoJSONSource,
  type IControl,
  LngLatBounds,
  type MapLayerMouseEvent,
  type Map as MapLibreMap,
  Marker,
  NavigationControl,
  setWorkerUrl,
} from "maplibre-gl";
import { createBaseMap } from "./base-map.js";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { createEffect, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { createFlashCues } from "./flash-cues.js";
import { formatNumber, formatValue, t } from "./i18n.js";
import {
  COMMUNE_SOURCE,
  COMMUNE_TILE_LAYER,
  communeFeature,
  communeLayers,
  contextLayers,
  DETAIL_ZOOM,
  extendBounds,
  FILL_LAYERS,
  fillColour,
  HATCH_IMAGE,
  HIGHLIGHT_LAYER,
  HIGHLIGHT_SOURCE,
  type HighlightKind,
  hatchImage,
  highlightCollection,
  LABEL_SOURCE,
  labelCollection,
  labelPoint,
  OUTLINE_SOURCE,
  provinceOutline,
} from "./map-style.js";
import { type LabelFrame, type NeighbourLayer, type ScreenRect, showNeighbours } from "./neighbour-context.js";
import { usePlayback } from "./playback.js";
import { usePlaybackOnMap } from "./playback-map.js";
import { formatClock } from "./time-format.js";

// A plain Vite build resolves MapLibre's worker to a wrong URL; point it at the emitted file.
setWorkerUrl(workerUrl);

/**
 * The map's one tick: at most this often live values land as feature-state and the highlight
 * source is re-sent while communes flash. 50 changes a second become 4 map repaints (each redraws
 * every commune in software GL) instead of one per frame, values and flashes in the same repaint;
 * it is also the step of a flash's fade (see flash-cues.ts).
 */
const HIGHLIGHT_TICK_MS = 250;
/** The least room between the province and an overlay on the map (the legend), in pixels. */
const HOME_PADDING = 40;

/** A map button that returns to the whole province (`home`), as MapLibre's own controls look. */
class HomeControl implements IControl {
  private container: HTMLElement | undefined;
  constructor(private readonly options: { label: () => string; onHome: () => void }) {}
  onAdd(): HTMLElement {
    const container = document.createElement("div");
    container.className = "maplibregl-ctrl maplibregl-ctrl-group";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "map-home";
    button.textContent = "⌂";
    button.title = this.options.label();
    button.setAttribute("aria-label", this.options.label());
    button.dataset.testid = "map-home";
    button.addEventListener("click", () => this.options.onHome());
    container.append(button);
    this.container = container;
    return container;
  }
  onRemove(): void {
    this.container?.remove();
    this.container = undefined;
  }
}

/**
 * fitBounds padding that keeps the province clear of what lies over the map (the legend, in a
 * corner): the side whose padding leaves the province largest. The legend is the map's sibling
 * (App, the wall); alert pins stand at label points inside the communes, so they stay clear too.
 */
function homePadding(map: MapLibreMap, container: HTMLElement, bounds: LngLatBounds, edge = HOME_PADDING) {
  const base = { top: edge, bottom: edge, left: edge, right: edge };
  const area = container.getBoundingClientRect();
  const scope = container.parentElement?.parentElement;
  let best = base;
  for (const overlay of scope ? [...scope.querySelectorAll(".legend")] : []) {
    const r = overlay.getBoundingClientRect();
    const style = getComputedStyle(overlay);
    if (style.position !== "absolute" && style.position !== "fixed") continue;
    if (r.right <= area.left || r.left >= area.right || r.bottom <= area.top || r.top >= area.bottom) continue;
    const gap = 12;
    const options = [
      { ...best, left: Math.max(best.left, r.right - area.left + gap) },
      { ...best, right: Math.max(best.right, area.right - r.left + gap) },
      { ...best, bottom: Math.max(best.bottom, area.bottom - r.top + gap) },
      { ...best, top: Math.max(best.top, r.bottom - area.top + gap) },
    ].filter((p) => p.left + p.right < area.width - 40 && p.top + p.bottom < area.height - 40);
    let zoom = Number.NEGATIVE_INFINITY;
    for (const padding of options) {
      const camera = map.cameraForBounds(bounds, { padding });
      if (camera?.zoom !== undefined && camera.zoom > zoom) {
        zoom = camera.zoom;
        best = padding;
      }
    }
  }
  return best;
}

interface Hover {
  x: number;
  y: number;
  code: string;
}

declare global {
  interface Window {
    /** Diagnostics for tests and support: the live map and whether data is on it. */
    __ioc?: { map: MapLibreMap; ready: boolean; updates: number; readyAt: number };
  }
}

/** The map, coloured by the selected metric, with a hover tooltip. */
export function MapView(props: {
  onLegend: (classes: LegendClass[]) => void;
  /** A commune was clicked. */
  onSelect?: (code: string) => void;
  /** The commune whose panel is open, outlined on the map. */
  selected?: string | undefined;
  /** Whether the map is zoomed in enough for the hatch and dashes (`DETAIL_ZOOM`), for the legend. */
  onDetail?: (detailed: boolean) => void;
  /** Zoom and home buttons (default on); the wall has no one to press them. */
  controls?: boolean;
  /**
   * Outline communes whose value just changed (default on). The wall turns it off: with a whole
   * province reporting, outlines blinking everywhere hide the picture instead of pointing at news.
   */
  flash?: boolean;
  /** A commune to fly to (a search's answer); each new value flies once. */
  focus?: string | undefined;
  /** Communes to outline for as long as they are listed (the wall's ten most lagging). */
  marked?: readonly string[];
  /**
   * Communes to name on the map (a KPI story's laggards): HTML labels, so Vietnamese names need
   * no glyphs and a handful of them cost nothing to draw.
   */
  labels?: readonly { code: string; name: string }[];
  /** Open alerts to pin at their commune's label point; a pin is a button that opens its alert. */
  pins?: readonly { id: string; commune: string; severity: string; label: string }[];
  /** A pin was pressed. */
  onPin?: (id: string) => void;
  /** A commune to outline as the one looked at (an opened alert's), without opening its panel. */
  shown?: string | undefined;
}) {
  const store = useDashboard();
  /** Where a commune's label or pin stands: its ring centroid, or the API's label point when tiled. */
  const pointOf = (code: string): [number, number] | undefined => {
    const geometry = geometries.get(code);
    if (geometry) return labelPoint(geometry);
    const feature = features.get(code);
    return feature?.geometry.type === "Point"
      ? [feature.geometry.coordinates[0], feature.geometry.coordinates[1]]
      : undefined;
  };
  const playback = usePlayback();
  let container!: HTMLElement;
  const [hover, setHover] = createSignal<Hover>();
  const [loaded, setLoaded] = createSignal(false);
  let map: MapLibreMap | undefined;
  // A click hides the tooltip (the panel it opens would sit under it) until the pointer moves to
  // another commune or leaves the map.
  let tooltipHiddenFor: string | undefined;
  // The whole province, and whether the user has moved away from it: until then a resized
  // container (a KPI strip that arrives, a rotated phone) fits the province again.
  let home: LngLatBounds | undefined;
  let userMoved = false;
  // The neighbouring provinces' layer (a province registry only), whose names follow the home view.
  let neighbours: NeighbourLayer | undefined;
  // A legend that grows or shrinks (another metric, another language) moves the room it leaves.
  const overlays = new ResizeObserver(() => !userMoved && map && home && goHome(false));
  const watched = new Set<Element>();
  onCleanup(() => overlays.disconnect());
  const goHome = (animate: boolean) => {
    if (!map || !home) return;
    for (const legend of container.parentElement?.parentElement?.querySelectorAll(".legend") ?? [])
      if (!watched.has(legend)) {
        watched.add(legend);
        overlays.observe(legend);
      }
    userMoved = false;
    map.fitBounds(home, { padding: homePadding(map, container, home), animate });
    // The neighbours' names follow the view they must fit in, once the map stands there.
    if (animate) map.once("moveend", () => neighbours?.place());
    else neighbours?.place();
  };
  /** The map as it shows the whole province, for the neighbours' names; undefined once the user moved it. */
  const labelFrame = (): LabelFrame | undefined => {
    if (!map || !home || userMoved) return undefined;
    const area = container.getBoundingClientRect();
    if (area.width === 0 || area.height === 0) return undefined;
    const nw = map.project(home.getNorthWest());
    const se = map.project(home.getSouthEast());
    const avoid: ScreenRect[] = [];
    const wrap = container.parentElement;
    const overlays = [...(wrap?.parentElement?.children ?? [])].filter((el) => el !== wrap);
    for (const el of [...overlays, ...container.querySelectorAll(".maplibregl-ctrl")]) {
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (style.display === "none" || style.visibility === "hidden" || r.width === 0 || r.height === 0) continue;
      if (!el.classList.contains("maplibregl-ctrl") && style.position !== "absolute" && style.position !== "fixed")
        continue;
      // A layer over the whole map (the table, a loading overlay) hides the map, not a corner of it.
      if (r.width * r.height > (area.width * area.height) / 2) continue;
      avoid.push({
        left: r.left - area.left,
        top: r.top - area.top,
        right: r.right - area.left,
        bottom: r.bottom - area.top,
      });
    }
    return {
      view: { left: 0, top: 0, right: area.width, bottom: area.height },
      home: { left: nw.x, top: nw.y, right: se.x, bottom: se.y },
      avoid,
    };
  };

  // Highlights: the flashing communes (rationed and fading), batched into the small highlight source.
  const flashes = createFlashCues({ durationMs: 1500 });
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  let highlightDirty = false;
  const geometries = new Map<string, Geometry>();
  // Each commune's feature as the registry gave it (a label point and bounding box when tiled).
  const features = new Map<string, CommuneMapCollection["features"][number]>();
  // Whether the polygons come as vector tiles (the API left the boundaries out of the registry).
  let tiled = false;
  // Tiled, a highlighted commune's outline is fetched once, when first needed (hover, selection, marks).
  const outlines = new Set<string>();
  const geometryOf = (code: string): Geometry | undefined => {
    const known = geometries.get(code);
    if (known || !tiled || outlines.has(code)) return known;
    outlines.add(code);
    store.api
      .commune(code, store.collection()?.province.code)
      .then((commune) => {
        geometries.set(code, commune.geometry);
        requestHighlights(0);
      })
      .catch(() => outlines.delete(code));
    return undefined;
  };
  // Tiled, a flash is a feature-state (`flash`, its strength) the fill colour reads, not an outline
  // in the highlight source: no re-sent GeoJSON per tick, no outline fetched per flash.
  const flashed = new Map<string, number>();
  const drawFlashStates = (now: number) => {
    if (!map || !tiled || !map.getSource(COMMUNE_SOURCE)) return;
    const cues = new Map(flashes.cues(now).map((cue) => [cue.code, Math.ceil(cue.strength * 4) / 4]));
    for (const code of flashed.keys())
      if (!cues.has(code)) {
        map.setFeatureState(communeFeature(code, true), { flash: 0 });
        flashed.delete(code);
      }
    for (const [code, strength] of cues)
      if (flashed.get(code) !== strength) {
        map.setFeatureState(communeFeature(code, true), { flash: strength });
        flashed.set(code, strength);
      }
  };
  // Live values not yet on the map (see the tick), by commune.
  const pending = new Map<string, number>();
  const flushValues = () => {
    if (!map?.getSource(COMMUNE_SOURCE)) return;
    // Values queued just before a replay opened would paint over its day (and playback-map.ts
    // would not know): drop them, the snapshot fetched when the replay closes has them.
    if (playback?.active()) {
      pending.clear();
      return;
    }
    for (const [commune, value] of pending) map.setFeatureState(communeFeature(commune, tiled), { value });
    if (window.__ioc) window.__ioc.updates += pending.size;
    pending.clear();
  };
  const drawHighlights = () => {
    highlightTimer = undefined;
    const now = Date.now();
    // Values, flashes and highlights change in one task, so the map repaints once for them.
    flushValues();
    drawFlashStates(now);
    // A fading flash changes on every tick (tiled, it is feature-state, drawn above).
    if (flashes.active(now) && !tiled) highlightDirty = true;
    const source = map?.getSource<GeoJSONSource>(HIGHLIGHT_SOURCE);
    if (highlightDirty && source) {
      highlightDirty = false;
      const entries: Array<[string, HighlightKind, number?]> = (props.marked ?? []).map((code) => [code, "marked"]);
      // Quarter steps: the fade moves once a tick whatever the tick's jitter.
      if (!tiled)
        for (const cue of flashes.cues(now)) entries.push([cue.code, "flash", Math.ceil(cue.strength * 4) / 4]);
      const hovered = hover()?.code;
      if (hovered) entries.push([hovered, "hover"]);
      if (props.shown && props.shown !== props.selected) entries.push([props.shown, "selected"]);
      if (props.selected) entries.push([props.selected, "selected"]);
      source.setData(highlightCollection(entries, geometryOf));
    }
    // Keep ticking while something flashes, so each flash fades and ends on time; one more tick
    // after the last cue ends draws it gone.
    if (flashes.active(now) || flashes.cues(now - HIGHLIGHT_TICK_MS).length > 0)
      highlightTimer = setTimeout(drawHighlights, HIGHLIGHT_TICK_MS);
  };
  /** The next tick draws live values, flashes and highlights; `delay` 0 (hover, selection) draws at once. */
  const scheduleTick = (delay = HIGHLIGHT_TICK_MS) => {
    if (highlightTimer !== undefined && delay > 0) return;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(drawHighlights, delay);
  };
  /** Flashes wait for the next tick; hover and selection (`delay` 0) are drawn at once. */
  const requestHighlights = (delay = HIGHLIGHT_TICK_MS) => {
    highlightDirty = true;
    scheduleTick(delay);
  };

  const applyMetric = () => {
    // Values waiting for the tick belong to the metric on show before: the snapshot below has them.
    pending.clear();
    const collection = store.collection();
    const metric = findMetric(store.metric());
    if (!map || !collection || !metric) return;
    const classes = legendForTargets(metric, store.valuesOf(metric.key));
    for (const layer of FILL_LAYERS) map.setPaintProperty(layer, "fill-color", fillColour(classes, tiled));
    // Cues of the old metric are cleared by the caller; their states go with them.
    drawFlashStates(Date.now());
    for (const feature of collection.features) {
      const code = feature.properties.code;
      map.setFeatureState(communeFeature(code, tiled), { value: store.value(code, metric.key)?.value ?? null });
    }
    props.onLegend(classes);
  };

  onMount(() => {
    map = createBaseMap(container, store.token);
    map.on("load", () => setLoaded(true));
    if (props.controls !== false) {
      map.addControl(new NavigationControl({ showCompass: false }), "top-left");
      map.addControl(new HomeControl({ label: () => t("mapHome"), onHome: () => goHome(true) }), "top-left");
    }
    const onMoveStart = (event: { originalEvent?: unknown }) => {
      if (event.originalEvent) userMoved = true;
    };
    const onResize = () => !userMoved && goHome(false);
    map.on("movestart", onMoveStart);
    map.on("resize", onResize);

    const onMove = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (map) map.getCanvas().style.cursor = code ? "pointer" : "";
      if (code !== tooltipHiddenFor) tooltipHiddenFor = undefined;
      const before = hover()?.code;
      setHover(code && !tooltipHiddenFor ? { x: event.point.x, y: event.point.y, code } : undefined);
      if (hover()?.code !== before) requestHighlights(0);
    };
    const onLeave = () => {
      tooltipHiddenFor = undefined;
      if (!hover()) return;
      setHover(undefined);
      requestHighlights(0);
    };
    const onClick = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (!code) return;
      tooltipHiddenFor = code;
      setHover(undefined);
      props.onSelect?.(code);
    };
    const onZoomEnd = () => map && props.onDetail?.(map.getZoom() >= DETAIL_ZOOM);
    map.on("zoomend", onZoomEnd);
    map.on("mousemove", FILL_LAYERS, onMove);
    map.on("mouseleave", FILL_LAYERS, onLeave);
    map.on("click", FILL_LAYERS, onClick);

    // Live values wait for the next tick and land together with the flash cues (see
    // `HIGHLIGHT_TICK_MS`). The newest value of a commune wins within a tick.
    const unsubscribe = store.onValue((commune, metricKey, observation) => {
      if (!map || metricKey !== store.metric() || !map.getSource(COMMUNE_SOURCE)) return;
      // A replay shows its day; live values wait for the snapshot fetched when it ends.
      if (playback?.active()) return;
      pending.set(commune, observation.value);
      if (props.flash !== false && flashes.touch(commune, Date.now()) && !tiled) requestHighlights();
      else scheduleTick();
    });

    onCleanup(() => {
      unsubscribe();
      clearTimeout(highlightTimer);
      map?.off("zoomend", onZoomEnd);
      map?.off("movestart", onMoveStart);
      map?.off("resize", onResize);
      map?.off("mousemove", FILL_LAYERS, onMove);
      map?.off("mouseleave", FILL_LAYERS, onLeave);
      map?.off("click", FILL_LAYERS, onClick);
      map?.remove();
      map = undefined;
    });
  });

  // Once both the style and the data are ready: add the polygons (once) and fit the province.
  createEffect(() => {
    const collection = store.collection();
    if (!loaded() || !collection || !map || map.getSource(COMMUNE_SOURCE)) return;
    for (const f of collection.features) {
      features.set(f.properties.code, f);
      if (f.geometry.type === "Polygon") geometries.set(f.properties.code, f.geometry);
    }
    // The API leaves the boundaries out of a national-size registry (`tiled`): they come as tiles.
    // `?tiles=0` asks for every boundary at any size: bench:map's baseline, and a support switch.
    const version = "tiled" in collection && collection.tiled ? collection.tilesVersion : undefined;
    tiled = version !== undefined;
    if (tiled) {
      const api = (import.meta.env.VITE_API_URL as string | undefined) || location.origin;
      const province = encodeURIComponent(collection.province.code);
      map.addSource(COMMUNE_SOURCE, {
        type: "vector",
        tiles: [`${api}/v1/communes/tiles/{z}/{x}/{y}?province=${province}&v=${encodeURIComponent(version ?? "")}`],
        maxzoom: 12,
        promoteId: "code",
      });
    }
    // tolerance: simplify to a pixel (the default is 0.375) — at national scale communes are a few
    // pixels wide and software GL pays per triangle; buffer: lines are at most 3 px wide, so a
    // narrow tile buffer suffices and fewer communes are copied into neighbouring tiles.
    else
      map.addSource(COMMUNE_SOURCE, {
        type: "geojson",
        data: {
          type: "FeatureCollection" as const,
          features: collection.features.map((f) => ({
            type: "Feature" as const,
            properties: {
              code: f.properties.code,
              border: f.properties.border,
              mountainous: f.properties.terrain === "mountainous",
            },
            geometry: f.geometry,
          })),
        },
        promoteId: "code",
        tolerance: 1,
        buffer: 32,
      });
    map.addSource(HIGHLIGHT_SOURCE, { type: "geojson", data: highlightCollection([], () => undefined), buffer: 32 });
    // Mountainous communes: a diagonal hatch over the colour, drawn from an image made in code.
    if (!map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchImage(), { pixelRatio: 2 });
    for (const layer of communeLayers(tiled ? COMMUNE_TILE_LAYER : undefined)) map.addLayer(layer);
    // The neighbouring provinces, faded under the communes (a national registry is its own context).
    if (!tiled)
      neighbours = showNeighbours(map, collection.province.code, FILL_LAYERS[0] as string, store.token(), labelFrame);
    // The names (at the import's label points) and the province outline, under the highlights.
    map.addSource(LABEL_SOURCE, { type: "geojson", data: labelCollection(collection.features) });
    // The outline is dissolved here from a province's polygons; a national registry (tiled) has the
    // country's coast and borders for an outline, which its own communes already draw.
    map.addSource(OUTLINE_SOURCE, {
      type: "geojson",
      data: tiled
        ? { type: "FeatureCollection", features: [] }
        : provinceOutline([...geometries.values()].map((geometry) => ({ geometry }))),
      tolerance: 1,
    });
    for (const layer of contextLayers()) map.addLayer(layer, HIGHLIGHT_LAYER);
    requestHighlights(0);
    const bounds = new LngLatBounds();
    for (const f of collection.features) extendBounds(bounds, f);
    home = bounds;
    goHome(false);
    props.onDetail?.(map.getZoom() >= DETAIL_ZOOM);
    applyMetric();
    map.once("idle", () => {
      if (map) window.__ioc = { map, ready: true, updates: 0, readyAt: Date.now() };
    });
  });

  // A new metric or a reloaded snapshot recolours every commune.
  createEffect(
    on(
      [store.metric, store.version],
      () => {
        // Cues of the old metric say nothing about the new colours.
        flashes.clear();
        applyMetric();
      },
      { defer: true },
    ),
  );
  // A searched commune: fly to its bounds (the user has moved away from home, on purpose).
  createEffect(
    on(
      () => props.focus,
      (code) => {
        const feature = code ? features.get(code) : undefined;
        if (!map || !feature) return;
        const bounds = new LngLatBounds();
        extendBounds(bounds, feature);
        if (bounds.isEmpty()) return;
        userMoved = true;
        map.fitBounds(bounds, { padding: 80, maxZoom: 11, duration: 800 });
      },
      { defer: true },
    ),
  );
  // The named communes: one HTML marker each at its label point, replaced when the list changes.
  let labelMarkers: Marker[] = [];
  let framedLabels = false;
  // Keyed on the names, not the array: a story's minute refresh with the same laggards changes nothing.
  const labelKey = () =>
    `${loaded() && store.collection() ? 1 : 0}|${(props.labels ?? []).map((l) => `${l.code}:${l.name}`).join(",")}`;
  createEffect(
    on(labelKey, () => {
      const labels = props.labels ?? [];
      for (const marker of labelMarkers) marker.remove();
      labelMarkers = [];
      if (!map || !loaded() || !store.collection()) return;
      const bounds = new LngLatBounds();
      labels.forEach(({ code, name }, index) => {
        const at = pointOf(code);
        if (!map || !at) return;
        bounds.extend(at);
        const element = document.createElement("div");
        element.className = "map-label";
        // The rank ties the label to the story's numbered list; the name says which commune it is.
        const rank = document.createElement("span");
        rank.className = "map-label-rank";
        rank.textContent = String(index + 1);
        const text = document.createElement("span");
        text.className = "map-label-name";
        text.textContent = name;
        element.append(rank, text);
        element.title = name;
        element.dataset.code = code;
        element.dataset.testid = "map-label";
        labelMarkers.push(new Marker({ element, anchor: "center" }).setLngLat(at).addTo(map));
      });
      // Frame the named communes (they spread apart, their labels less on top of each other),
      // clear of the legend. The story that names them may have just resized the map (a side panel
      // on a laptop): the canvas takes its new size first, or the frame is centred for the old one.
      if (!bounds.isEmpty()) {
        userMoved = true;
        framedLabels = true;
        map.resize();
        map.fitBounds(bounds, { padding: homePadding(map, container, bounds, 80), maxZoom: 10, duration: 600 });
      } else if (framedLabels) {
        // The story closed: back to the whole province it was framed from.
        framedLabels = false;
        map.resize();
        goHome(true);
      }
    }),
  );
  onCleanup(() => {
    for (const marker of labelMarkers) marker.remove();
  });
  // Alert pins: one button per open alert at its commune's label point, those of one commune side by side.
  let pinMarkers: Marker[] = [];
  const pinKey = () =>
    `${loaded() && store.collection() ? 1 : 0}|${(props.pins ?? []).map((p) => `${p.id}:${p.severity}:${p.label}`).join(",")}`;
  createEffect(
    on(pinKey, () => {
      for (const marker of pinMarkers) marker.remove();
      pinMarkers = [];
      if (!map || !loaded() || !store.collection()) return;
      const perCommune = new Map<string, number>();
      for (const pin of props.pins ?? []) {
        const at = pointOf(pin.commune);
        if (!at) continue;
        const index = perCommune.get(pin.commune) ?? 0;
        perCommune.set(pin.commune, index + 1);
        const button = document.createElement("button");
        button.type = "button";
        button.className = `map-pin sev-${pin.severity}`;
        button.textContent = pin.severity === "critical" ? "▲" : pin.severity === "warning" ? "◆" : "●";
        button.title = pin.label;
        button.setAttribute("aria-label", pin.label);
        button.dataset.testid = "map-pin";
        button.dataset.pinFor = pin.id;
        button.addEventListener("click", (event) => {
          event.stopPropagation();
          props.onPin?.(pin.id);
        });
        pinMarkers.push(
          new Marker({ element: button, anchor: "bottom", offset: [index * 16, -4] }).setLngLat(at).addTo(map),
        );
      }
    }),
  );
  onCleanup(() => {
    for (const marker of pinMarkers) marker.remove();
  });
  createEffect(
    on(
      () => props.shown,
      () => requestHighlights(0),
      { defer: true },
    ),
  );
  // The marked communes change with the list they come from.
  createEffect(
    on(
      () => (props.marked ?? []).join(","),
      () => requestHighlights(0),
      { defer: true },
    ),
  );
  // The open panel's commune is outlined; opening a panel also hides the tooltip.
  createEffect(
    on(
      () => props.selected,
      (code) => {
        if (code) setHover(undefined);
        requestHighlights(0);
      },
      { defer: true },
    ),
  );

  // Playback: the replayed day as feature-state, beside (after) the live colouring above.
  usePlaybackOnMap({
    playback,
    map: () => map,
    ready: () => loaded() && Boolean(store.collection()),
    codes: () => store.collection()?.features.map((f) => f.properties.code) ?? [],
    metric: store.metric,
    feature: (code) => communeFeature(code, tiled),
    version: store.version,
  });

  const hovered = () => {
    const h = hover();
    const feature = h && store.collection()?.features.find((f) => f.properties.code === h.code);
    return h && feature ? { ...h, commune: feature.properties } : undefined;
  };

  return (
    <div class="map-wrap">
      {/* A region, not an image: it holds the zoom buttons. Its table twin is the "table" button. */}
      <section ref={container} class="map" aria-label={t("mapLabel")} data-ready={loaded() ? "true" : "false"} />
      <Show when={hovered()}>
        {(info) => {
          const metric = () => findMetric(store.metric());
          const observation = () => store.value(info().code, store.metric());
          return (
            <div class="tooltip" style={{ left: `${info().x + 14}px`, top: `${info().y + 14}px` }}>
              <strong>{info().commune.name}</strong>
              <div class="muted">
                {t(info().commune.terrain)}
                {info().commune.border ? ` · ${t("border")}` : ""} · {t("population")}{" "}
                {formatNumber(info().commune.population, 0)}
              </div>
              <div class="tooltip-value">
                <Show when={observation()} fallback={t("noData")}>
                  {(o) => (
                    <>
                      {formatValue(o().value, metric()?.unit)}
                      <span class="muted"> · {formatClock(o().observedAt)}</span>
                    </>
                  )}
                </Show>
              </div>
            </div>
          );
        }}
      </Show>
    </div>
  );
}
