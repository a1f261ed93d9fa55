/**
 * The commune map. Polygons are loaded once; live changes arrive as feature-state (`value`,
 * `flash`), so recolouring never re-sends the GeoJSON.
 */
import { findMetric, type LegendClass, legendForTargets } from "@ioc/core";
import { LngLatBounds, type MapLayerMouseEvent, type Map as MapLibreMap, setWorkerUrl } from "maplibre-gl";
import { createBaseMap } from "./base-map.js";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { createEffect, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { formatNumber, t } from "./i18n.js";
import {
  BORDER_LAYER,
  COMMUNE_SOURCE,
  FILL_LAYER,
  fillColour,
  HATCH_IMAGE,
  hatchImage,
  MOUNTAIN_LAYER,
  OUTLINE_LAYER,
} from "./map-style.js";

// A plain Vite build resolves MapLibre's worker to a wrong URL; point it at the emitted file.
setWorkerUrl(workerUrl);

/** How long a changed commune stays highlighted. */
const FLASH_MS = 1500;

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
}) {
  const store = useDashboard();
  let container!: HTMLDivElement;
  const [hover, setHover] = createSignal<Hover>();
  const [loaded, setLoaded] = createSignal(false);
  let map: MapLibreMap | undefined;
  const flashTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const applyMetric = () => {
    const collection = store.collection();
    const metric = findMetric(store.metric());
    if (!map || !collection || !metric) return;
    const classes = legendForTargets(metric, store.valuesOf(metric.key));
    map.setPaintProperty(FILL_LAYER, "fill-color", fillColour(classes));
    for (const feature of collection.features) {
      const code = feature.properties.code;
      map.setFeatureState(
        { source: COMMUNE_SOURCE, id: code },
        { value: store.value(code, metric.key)?.value ?? null },
      );
    }
    props.onLegend(classes);
  };

  onMount(() => {
    map = createBaseMap(container);
    map.on("load", () => setLoaded(true));

    const onMove = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (map) map.getCanvas().style.cursor = code ? "pointer" : "";
      setHover(code ? { x: event.point.x, y: event.point.y, code } : undefined);
    };
    const onLeave = () => setHover(undefined);
    const onClick = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code as string | undefined;
      if (code) props.onSelect?.(code);
    };
    map.on("mousemove", FILL_LAYER, onMove);
    map.on("mouseleave", FILL_LAYER, onLeave);
    map.on("click", FILL_LAYER, onClick);

    const unsubscribe = store.onValue((commune, metricKey, observation) => {
      if (!map || metricKey !== store.metric() || !map.getSource(COMMUNE_SOURCE)) return;
      map.setFeatureState({ source: COMMUNE_SOURCE, id: commune }, { value: observation.value, flash: true });
      clearTimeout(flashTimers.get(commune));
      flashTimers.set(
        commune,
        setTimeout(() => map?.setFeatureState({ source: COMMUNE_SOURCE, id: commune }, { flash: false }), FLASH_MS),
      );
      if (window.__ioc) window.__ioc.updates++;
    });

    onCleanup(() => {
      unsubscribe();
      for (const timer of flashTimers.values()) clearTimeout(timer);
      map?.off("mousemove", FILL_LAYER, onMove);
      map?.off("mouseleave", FILL_LAYER, onLeave);
      map?.off("click", FILL_LAYER, onClick);
      map?.remove();
      map = undefined;
    });
  });

  // Once both the style and the data are ready: add the polygons (once) and fit the province.
  createEffect(() => {
    const collection = store.collection();
    if (!loaded() || !collection || !map || map.getSource(COMMUNE_SOURCE)) return;
    const slim = {
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
    };
    map.addSource(COMMUNE_SOURCE, { type: "geojson", data: slim, promoteId: "code" });
    map.addLayer({
      id: FILL_LAYER,
      type: "fill",
      source: COMMUNE_SOURCE,
      paint: { "fill-color": "#c8ccd0", "fill-opacity": 0.92 },
    });
    // Mountainous communes: a diagonal hatch over the colour, drawn from an image made in code.
    if (!map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchImage(), { pixelRatio: 2 });
    map.addLayer({
      id: MOUNTAIN_LAYER,
      type: "fill",
      source: COMMUNE_SOURCE,
      filter: ["==", ["get", "mountainous"], true],
      paint: { "fill-pattern": HATCH_IMAGE },
    });
    map.addLayer({
      id: OUTLINE_LAYER,
      type: "line",
      source: COMMUNE_SOURCE,
      paint: {
        "line-color": ["case", ["boolean", ["feature-state", "flash"], false], "#111827", "#ffffff"],
        "line-width": ["case", ["boolean", ["feature-state", "flash"], false], 3, 0.8],
      },
    });
    map.addLayer({
      id: BORDER_LAYER,
      type: "line",
      source: COMMUNE_SOURCE,
      filter: ["==", ["get", "border"], true],
      paint: { "line-color": "#7c2d12", "line-width": 1.6, "line-dasharray": [2, 1.5] },
    });
    const bounds = new LngLatBounds();
    for (const f of collection.features) for (const p of f.geometry.coordinates[0] ?? []) bounds.extend(p);
    map.fitBounds(bounds, { padding: 40, animate: false });
    applyMetric();
    map.once("idle", () => {
      if (map) window.__ioc = { map, ready: true, updates: 0, readyAt: Date.now() };
    });
  });

  // A new metric or a reloaded snapshot recolours every commune.
  createEffect(on([store.metric, store.version], () => applyMetric(), { defer: true }));

  const hovered = () => {
    const h = hover();
    const feature = h && store.collection()?.features.find((f) => f.properties.code === h.code);
    return h && feature ? { ...h, commune: feature.properties } : undefined;
  };

  return (
    <div class="map-wrap">
      <div ref={container} class="map" role="img" aria-label={t("title")} data-ready={loaded() ? "true" : "false"} />
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
                      {formatNumber(o().value)} {metric()?.unit}
                      <span class="muted"> · {new Date(o().observedAt).toLocaleTimeString("vi-VN")}</span>
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
