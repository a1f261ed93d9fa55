/**
 * The map's side of playback (issue 12): each replayed day is drawn as feature-state — only the
 * communes whose value differs from the day before are touched, the polygons are never re-sent
 * and the colour expression (the legend's classes) stays as it was, so a step costs one repaint.
 */
import type { Map as MapLibreMap } from "maplibre-gl";
import { createEffect, on, onCleanup } from "solid-js";
import { COMMUNE_SOURCE } from "./map-style.js";
import { useMotionResolution } from "./motion-resolution.js";
import type { Playback } from "./playback.js";

declare global {
  interface Window {
    /** Playback diagnostics for tests and the benchmark: steps drawn and when. */
    __iocPlayback?: {
      drawn: number;
      day: string | undefined;
      drawnAt: number[];
      changed: number;
      /** The share of the device pixel ratio the map draws at (motion-resolution.ts). */
      resolution?: number;
    };
  }
}

/**
 * Applies the replayed day to `map()` while `playback` is active. `codes()` are the communes on
 * the map; after the replay the caller's own recolouring (a snapshot reload) brings live values back.
 */
export function usePlaybackOnMap(options: {
  playback: Playback | undefined;
  map: () => MapLibreMap | undefined;
  ready: () => boolean;
  codes: () => readonly string[];
  metric: () => string;
  /** How the map addresses a commune's feature (a tiled registry names its source layer). */
  feature: (code: string) => { source: string; sourceLayer?: string; id: string };
  /** Bumps when the caller recoloured every commune itself (a snapshot, another metric). */
  version: () => number;
}): void {
  const playback = options.playback;
  if (!playback) return;
  // What each commune shows now, so a step only touches what changed.
  const shown = new Map<string, number | null>();
  let pending: string | undefined;
  let drawnFor = "";
  onCleanup(playback.attachDrawer());
  // A map too slow for the replay draws it at a lower resolution while it plays.
  useMotionResolution({
    map: options.map,
    playing: playback.playing,
    onShare: (share) => {
      if (window.__iocPlayback) window.__iocPlayback.resolution = share;
    },
  });
  let lastDrawn: string | undefined;
  let statsDay: string | undefined;
  const onRender = () => {
    if (pending === undefined) return;
    playback.drawn(pending);
    const stats = window.__iocPlayback;
    if (stats && pending !== lastDrawn) {
      stats.drawn++;
      stats.day = pending;
      stats.drawnAt.push(performance.now());
      if (stats.drawnAt.length > 2000) stats.drawnAt.splice(0, 1000);
    }
    lastDrawn = pending;
    pending = undefined;
  };
  createEffect(
    on(
      () => [playback.active(), playback.values(), options.ready(), options.metric(), options.version()] as const,
      ([active, values, ready, metric, version]) => {
        const map = options.map();
        // The caller repainted every commune (or the replay ended): nothing of ours is on the map.
        if (!active || drawnFor !== `${metric}|${version}`) shown.clear();
        drawnFor = `${metric}|${version}`;
        if (!active) return;
        if (!map || !ready || !values || !map.getSource(COMMUNE_SOURCE)) return;
        window.__iocPlayback ??= { drawn: 0, day: undefined, drawnAt: [], changed: 0 };
        let changed = 0;
        for (const code of options.codes()) {
          const value = values.get(code) ?? null;
          if (shown.get(code) === value && shown.has(code)) continue;
          shown.set(code, value);
          map.setFeatureState(options.feature(code), { value });
          changed++;
        }
        const day = playback.day();
        // Communes recoloured for the shown day (a day's values may land in more than one run).
        window.__iocPlayback.changed = day === statsDay ? window.__iocPlayback.changed + changed : changed;
        statsDay = day;
        if (changed > 0) {
          pending = day;
          map.triggerRepaint();
        } else if (pending !== undefined) {
          // A render is on its way with the earlier changes: it draws this day too. Declaring the
          // day drawn now would count a step the screen has not shown yet.
          pending = day;
        } else {
          pending = day;
          onRender();
        }
      },
    ),
  );
  createEffect(
    on(options.ready, (ready) => {
      const map = options.map();
      if (!ready || !map) return;
      map.on("render", onRender);
      onCleanup(() => map.off("render", onRender));
    }),
  );
}
