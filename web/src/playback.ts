/**
 * Playback of the map day by day (issue 12): which day is shown, whether it plays, and the day
 * values fetched ahead of the cursor so each step is a lookup, not a request. While a replay is
 * open the screen shows the replayed day; the live feed stays connected (no alert is missed) but
 * its values are not drawn, and closing the replay asks for a fresh snapshot (`onResume`).
 */
import { batch, createContext, createMemo, createSignal, useContext } from "solid-js";
import type { HistoryClient } from "./history-client.js";
import { daysOf, type RangeKey } from "./time-range.js";

/** The speeds offered, in days a second. */
export const SPEEDS = [2, 5, 10, 20] as const;
/** How many days a replay of "all" goes back (the demo's synthetic past is two years). */
export const PLAYBACK_MAX_DAYS = 731;
/** How many days ahead of the cursor are fetched, and how many requests run at once. */
const AHEAD = 40;
const CONCURRENCY = 4;

/** What a playback needs from outside: history, the shown metric and range, the clock, resume. */
export interface PlaybackDeps {
  history: HistoryClient;
  province: () => string | undefined;
  metric: () => string;
  range: () => RangeKey;
  now?: () => number;
  /** The replay closed: fetch live values again. */
  onResume?: () => void;
  /** Timers, injectable for tests. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Day values of one metric: commune → value. */
export type DayMap = ReadonlyMap<string, number>;

/** Builds a playback (closed until `open()`). */
export function createPlayback(deps: PlaybackDeps) {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const [active, setActive] = createSignal(false);
  const [playing, setPlaying] = createSignal(false);
  const [index, setIndex] = createSignal(0);
  const [speed, setSpeed] = createSignal<number>(5);
  // Bumped when a day arrives, so what reads `values()` sees it.
  const [arrived, setArrived] = createSignal(0);
  const [failed, setFailed] = createSignal<string>();
  // The range's days, fixed when the replay opens or the range changes.
  const [openedAt, setOpenedAt] = createSignal(0);
  const days = createMemo(() => (active() ? daysOf(deps.range(), openedAt() || now(), PLAYBACK_MAX_DAYS) : []));
  const cache = new Map<string, DayMap>();
  const inFlight = new Set<string>();
  let timer: unknown;
  let steps = 0;
  // The day the map last drew (when a map draws at all): playing waits for it, so no day is skipped
  // on a screen slower than the chosen speed.
  let drawer = false;
  let drawnDay: string | undefined;
  // The last tick found its step not ready (not drawn, values on their way): the draw or the
  // arrival takes it at once, so a screen slower than the speed steps at its own pace, not at the
  // next multiple of the timer.
  let waiting = false;

  const keyOf = (metric: string, day: string) => `${deps.province() ?? ""}|${metric}|${day}`;
  const day = () => days()[Math.min(index(), days().length - 1)];
  const valuesOf = (metric: string, d: string | undefined): DayMap | undefined => {
    arrived();
    return d ? cache.get(keyOf(metric, d)) : undefined;
  };

  const fetchDay = (metric: string, d: string): Promise<void> => {
    const key = keyOf(metric, d);
    if (cache.has(key) || inFlight.has(key)) return Promise.resolve();
    inFlight.add(key);
    return deps.history
      .dayValues({ province: deps.province(), metric, date: d })
      .then((answer) => {
        cache.set(key, new Map(Object.entries(answer.values).map(([commune, v]) => [commune, v.value])));
        setFailed(undefined);
        setArrived((n) => n + 1);
      })
      .catch((error: unknown) => {
        setFailed(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        inFlight.delete(key);
        pump();
        resume();
      });
  };
  /** Keeps up to `CONCURRENCY` requests going for the days nearest ahead of the cursor. */
  const pump = () => {
    if (!active()) return;
    const metric = deps.metric();
    const list = days();
    const from = Math.max(0, index() - 2);
    for (let k = from; k < Math.min(list.length, index() + AHEAD) && inFlight.size < CONCURRENCY; k++) {
      const d = list[k] as string;
      if (!cache.has(keyOf(metric, d)) && !inFlight.has(keyOf(metric, d))) void fetchDay(metric, d);
    }
  };

  const stopTimer = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };
  const tick = () => {
    timer = undefined;
    if (!playing()) return;
    const next = index() + 1;
    if (next >= days().length) {
      setPlaying(false);
      return;
    }
    // The next day not here yet, or the shown one not drawn yet: wait rather than skip a day.
    const shownDrawn = !drawer || drawnDay === day();
    waiting = !(shownDrawn && valuesOf(deps.metric(), days()[next]));
    if (!waiting) {
      setIndex(next);
      steps++;
      pump();
    }
    timer = setTimer(tick, 1000 / speed());
  };
  /** A step that was due waited for a draw or a day's values, which just came: take it now. */
  const resume = () => {
    if (!waiting || !playing()) return;
    waiting = false;
    stopTimer();
    timer = setTimer(tick, 0);
  };

  const api = {
    active,
    playing,
    index,
    days,
    day,
    speed,
    /** The last fetch error, if the latest fetch failed. */
    failed,
    /** The shown metric's values on the shown day; undefined until they arrived. */
    values: () => valuesOf(deps.metric(), day()),
    /** A metric's values on a day, when fetched. */
    valuesOf,
    /** Whether the shown day's values are still on their way. */
    waiting: () => active() && day() !== undefined && api.values() === undefined,
    /** Steps taken while playing since the replay opened (the benchmark reads it). */
    steps: () => steps,
    /** Opens the replay on the range's first day (or `at`), paused. */
    open(at?: number) {
      batch(() => {
        setOpenedAt(now());
        setActive(true);
        setIndex(Math.max(0, Math.min(at ?? 0, days().length - 1)));
        steps = 0;
      });
      pump();
    },
    /** Closes the replay: back to live, which is fetched again. */
    close() {
      if (!active()) return;
      stopTimer();
      batch(() => {
        setPlaying(false);
        setActive(false);
      });
      deps.onResume?.();
    },
    play() {
      if (!active()) api.open();
      if (index() >= days().length - 1) setIndex(0);
      setPlaying(true);
      stopTimer();
      timer = setTimer(tick, 1000 / speed());
      pump();
    },
    pause() {
      setPlaying(false);
      stopTimer();
    },
    toggle() {
      if (playing()) api.pause();
      else api.play();
    },
    /** Moves the cursor by `delta` days (pausing a play), within the range. */
    step(delta: number) {
      api.pause();
      api.seek(index() + delta);
    },
    /** Shows day number `k` of the range. */
    seek(k: number) {
      if (!active()) api.open();
      setIndex(Math.max(0, Math.min(k, days().length - 1)));
      pump();
    },
    setSpeed(daysPerSecond: number) {
      setSpeed(daysPerSecond);
    },
    /** A map draws the replay: playing waits for each day to be drawn (`drawn`) before the next. */
    attachDrawer() {
      drawer = true;
      return () => {
        drawer = false;
      };
    },
    /** The map has drawn `d`. */
    drawn(d: string | undefined) {
      drawnDay = d;
      resume();
    },
    /** The metric or range changed: fetch what the new one needs. */
    refresh: () => pump(),
  };
  return api;
}

/** A playback's type. */
export type Playback = ReturnType<typeof createPlayback>;

const PlaybackContext = createContext<Playback>();
/** Provides the playback to the room. */
export const PlaybackProvider = PlaybackContext.Provider;
/** The playback, or undefined where there is none (the wall). */
export function usePlayback(): Playback | undefined {
  return useContext(PlaybackContext);
}
