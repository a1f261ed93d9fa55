/**
 * Motion resolution for playback (issue 12): while a replay plays, a map that cannot hold 20 frames
 * a second (a wall PC without a GPU: MapLibre then rasterises in software, and its cost grows with
 * the canvas's pixels — measured here, a 1400×850 page repaints at 12 fps at full resolution, at
 * 20 fps at 0.75) draws at a lower pixel ratio, step by step down to a floor; pausing or closing
 * the replay brings the full resolution back at once. A map that keeps up is never touched, so on a
 * real GPU nothing changes. The rule is pure (`nextRatio`); `useMotionResolution` wires it.
 */
import type { Map as MapLibreMap } from "maplibre-gl";
import { createEffect, on, onCleanup } from "solid-js";

/** The frame rate the replay should hold. */
export const MOTION_TARGET_FPS = 20;
/** The lowest share of the device's pixel ratio the replay drops to. */
export const MOTION_FLOOR = 0.6;
/** How much the share drops (or, with room to spare, rises back) per judged window. */
const STEP = 0.1;
/** Frames per judged window. */
export const MOTION_WINDOW_FRAMES = 8;

/**
 * The share of the device pixel ratio to draw at next, from the mean frame time of the last window:
 * lower while frames are slower than the target, back up while they are well within it (half the
 * target's frame time), never under `MOTION_FLOOR` nor over 1.
 */
export function nextRatio(share: number, meanFrameMs: number): number {
  const budget = 1000 / MOTION_TARGET_FPS;
  const next = meanFrameMs > budget ? share - STEP : meanFrameMs < budget / 2 ? share + STEP : share;
  return Math.round(Math.min(1, Math.max(MOTION_FLOOR, next)) * 100) / 100;
}

/**
 * While `playing()`, judges the page's frame rate every `MOTION_WINDOW_FRAMES` frames and sets
 * the map's pixel ratio from `nextRatio`; when playing stops, the device's ratio comes back.
 * `onShare` reports the share in use (the benchmark and tests read it).
 */
export function useMotionResolution(options: {
  map: () => MapLibreMap | undefined;
  playing: () => boolean;
  onShare?: (share: number) => void;
}): void {
  let frame = 0;
  let share = 1;
  const apply = (map: MapLibreMap, next: number) => {
    if (next === share) return;
    share = next;
    map.setPixelRatio(window.devicePixelRatio * share);
    options.onShare?.(share);
  };
  const stop = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    const map = options.map();
    if (map) apply(map, 1);
  };
  createEffect(
    on(options.playing, (playing) => {
      stop();
      if (!playing) return;
      let last = performance.now();
      let count = 0;
      let sum = 0;
      const tick = (now: number) => {
        sum += now - last;
        last = now;
        if (++count === MOTION_WINDOW_FRAMES) {
          const map = options.map();
          if (map) apply(map, nextRatio(share, sum / count));
          count = 0;
          sum = 0;
        }
        frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    }),
  );
  onCleanup(stop);
}
