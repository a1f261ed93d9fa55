/// <reference lib="dom" />
/**
 * The dashboard's playback diagnostics (web/src/playback-map.ts) as the e2e suite and
 * `bench:playback` read them: how many replayed days the map has drawn, and the last one.
 */
declare global {
  interface Window {
    __iocPlayback?: {
      drawn: number;
      day: string | undefined;
      drawnAt: number[];
      changed: number;
      /** The share of the device pixel ratio the map draws at while playing (motion-resolution.ts). */
      resolution?: number;
    };
  }
}

/** The number of replayed days the map has drawn so far (0 before any). */
export const PLAYBACK_DRAWN = "window.__iocPlayback ? window.__iocPlayback.drawn : 0";
