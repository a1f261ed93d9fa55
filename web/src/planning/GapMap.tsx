/**
 * The gap choropleth. Polygons come from the dashboard store (already loaded for the operations
 * map); scores, hover and selection arrive as feature-state, so a new filter recolours the map
 * without re-sending any geometry.
 */
import type { CommuneGap, PlannedSite } from "@ioc/core";
import { LngLatBounds, type MapLayerMouseEvent, type Map as MapLibreMap } from "maplibre-gl";
import { createEffect, createSignal, on, onCleanup, onMount } from "solid-js";
import { createBaseMap } from "../base-map.js";
import { useDashboard } from "../dashboard-store.js";
import { extendBounds } from "../map-style.js";
import { type GapClass, gapFillColour } from "./gap-classes.js";

const SOURCE = "gap-communes";
const FILL = "gap-fill";
const OUTLINE = "gap-outline";
const SITES = "gap-sites";

/** A planned site's disc as a 64-sided polygon (local equirectangular: fine at a few km). */
function disc(center: readonly [number, number], radiusKm: number): Array<[number, number]> {
  const [lon, lat] = center;
  const dLat = radiusKm / 110.574;
  const dLon = radiusKm / (111.32 * Math.cos((lat * Math.PI) / 180));
  const ring: Array<[number, number]> = [];
  for (let k = 0; k <= 64; k++) {
    const a = (k / 64) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return ring;
}

function sitesCollection(sites: readonly PlannedSite[]) {
  return {
    type: "FeatureCollection" as const,
    features: sites.flatMap((site) =>
      site.kind === "site"
        ? [
            {
              type: "Feature" as const,
              properties: {},
              geometry: { type: "Polygon" as const, coordinates: [disc(site.position, site.radiusKm)] },
            },
          ]
        : [],
    ),
  };
}

declare global {
  interface Window {
    /** Diagnostics for tests: the planning map and whether scores are on it. */
    __iocPlanning?: { map: MapLibreMap; ready: boolean };
  }
}

/** The map of gap scores; hover and click report commune codes, highlight follows `hovered`/`selected`. */
export function GapMap(props: {
  entries: readonly CommuneGap[];
  classes: readonly GapClass[];
  hovered: string | undefined;
  selected: string | undefined;
  onHover: (code: string | undefined) => void;
  onSelect: (code: string) => void;
  /** Planned sites drawn as discs. */
  sites?: readonly PlannedSite[];
  /** While true, a click places a site instead of selecting a commune. */
  placing?: boolean;
  onPlace?: (position: [number, number]) => void;
}) {
  const store = useDashboard();
  let container!: HTMLDivElement;
  let map: MapLibreMap | undefined;
  const [ready, setReady] = createSignal(false);
  let painted = new Set<string>();
  // The whole province, and whether the planner has moved away from it: until then a resized map
  // (a phone turned, a window dragged) fits the province again, as the room's map does.
  let home: LngLatBounds | undefined;
  let userMoved = false;

  onMount(() => {
    map = createBaseMap(container);
    const onLoad = () => setReady(true);
    const onMoveStart = (event: { originalEvent?: unknown }) => {
      if (event.originalEvent) userMoved = true;
    };
    const onResize = () => {
      if (map && home && !userMoved) map.fitBounds(home, { padding: 30, animate: false });
    };
    const onMove = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (map) map.getCanvas().style.cursor = code ? "pointer" : "";
      props.onHover(code);
    };
    const onLeave = () => props.onHover(undefined);
    const onClick = (event: MapLayerMouseEvent) => {
      if (props.placing) {
        props.onPlace?.([event.lngLat.lng, event.lngLat.lat]);
        return;
      }
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (code) props.onSelect(code);
    };
    map.on("load", onLoad);
    map.on("movestart", onMoveStart);
    map.on("resize", onResize);
    map.on("mousemove", FILL, onMove);
    map.on("mouseleave", FILL, onLeave);
    map.on("click", FILL, onClick);
    onCleanup(() => {
      map?.off("load", onLoad);
      map?.off("movestart", onMoveStart);
      map?.off("resize", onResize);
      map?.off("mousemove", FILL, onMove);
      map?.off("mouseleave", FILL, onLeave);
      map?.off("click", FILL, onClick);
      map?.remove();
      map = undefined;
      window.__iocPlanning = undefined;
    });
  });

  // Geometry once, when both the style and the registry are there.
  createEffect(() => {
    const collection = store.collection();
    if (!ready() || !collection || !map || map.getSource(SOURCE)) return;
    map.addSource(SOURCE, {
      type: "geojson",
      promoteId: "code",
      data: {
        type: "FeatureCollection",
        features: collection.features.map((f) => ({
          type: "Feature",
          properties: { code: f.properties.code },
          geometry: f.geometry,
        })),
      },
    });
    map.addLayer({ id: FILL, type: "fill", source: SOURCE, paint: { "fill-color": "#d1d5db", "fill-opacity": 0.9 } });
    map.addLayer({
      id: OUTLINE,
      type: "line",
      source: SOURCE,
      paint: {
        "line-color": [
          "case",
          ["boolean", ["feature-state", "selected"], false],
          "#111827",
          ["boolean", ["feature-state", "hover"], false],
          "#1d4ed8",
          "#ffffff",
        ],
        "line-width": [
          "case",
          ["boolean", ["feature-state", "selected"], false],
          3,
          ["boolean", ["feature-state", "hover"], false],
          2.5,
          0.7,
        ],
      },
    });
    map.addSource(SITES, { type: "geojson", data: sitesCollection(props.sites ?? []) });
    map.addLayer({
      id: SITES,
      type: "fill",
      source: SITES,
      paint: { "fill-color": "#2563eb", "fill-opacity": 0.25, "fill-outline-color": "#1e3a8a" },
    });
    const bounds = new LngLatBounds();
    for (const f of collection.features) extendBounds(bounds, f);
    home = bounds;
    map.fitBounds(bounds, { padding: 30, animate: false });
    paint();
  });

  const paint = () => {
    if (!map?.getSource(SOURCE)) return;
    map.setPaintProperty(FILL, "fill-color", gapFillColour(props.classes));
    const next = new Set<string>();
    for (const entry of props.entries) {
      map.setFeatureState({ source: SOURCE, id: entry.code }, { score: entry.score });
      next.add(entry.code);
    }
    // Communes the new filter leaves out lose their score, so they turn grey.
    for (const code of painted) if (!next.has(code)) map.setFeatureState({ source: SOURCE, id: code }, { score: null });
    painted = next;
    map.once("idle", () => {
      if (map) window.__iocPlanning = { map, ready: true };
    });
  };
  createEffect(on(() => [props.entries, props.classes], paint, { defer: true }));
  createEffect(() => {
    const data = sitesCollection(props.sites ?? []);
    const source = map?.getSource(SITES);
    if (source && "setData" in source) (source as { setData(d: unknown): void }).setData(data);
  });
  createEffect(() => {
    if (map) map.getCanvas().style.cursor = props.placing ? "crosshair" : "";
  });

  // Highlight follows the shared hover and selection, whoever set them (map or table).
  const follow = (key: "hover" | "selected", current: () => string | undefined) => {
    createEffect<string | undefined>((previous) => {
      const code = current();
      if (map?.getSource(SOURCE)) {
        if (previous && previous !== code) map.setFeatureState({ source: SOURCE, id: previous }, { [key]: false });
        if (code) map.setFeatureState({ source: SOURCE, id: code }, { [key]: true });
      }
      return code;
    });
  };
  follow("hover", () => props.hovered);
  follow("selected", () => props.selected);

  return <div ref={container} class="map planning-map" role="img" aria-label="gap map" data-testid="gap-map" />;
}
