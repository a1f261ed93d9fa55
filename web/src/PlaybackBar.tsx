/**
 * The map's time slider (issue 12): play/pause over the shared range, a day at a time, with the
 * replayed date large on the map and a notice that live figures wait. Keyboard: ← → step a day,
 * space plays or pauses, Home/End jump to the range's ends, Escape returns to live.
 */
import { createEffect, For, on, onCleanup, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { t } from "./i18n.js";
import { SPEEDS, usePlayback } from "./playback.js";
import { RangeSwitch } from "./RangeSwitch.js";
import { formatDate } from "./time-format.js";
import { dayStart, range } from "./time-range.js";

/** A province day ("2026-11-02") as the screen writes it ("02/11/2026"). */
export function dayLabel(day: string | undefined): string {
  return day ? formatDate(dayStart(day) + 43_200_000) : "";
}

/** The slider and its controls; renders nothing where there is no playback (the wall). */
export function PlaybackBar() {
  const playback = usePlayback();
  const store = useDashboard();
  if (!playback) return null;
  // Another metric or range while replaying: fetch what it needs from the cursor on.
  createEffect(on([store.metric, range], () => playback.refresh(), { defer: true }));
  onCleanup(() => playback.close());
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const tag = target.tagName;
    if (event.key === "Escape") {
      playback.close();
      return;
    }
    // The slider moves itself on arrows (its input event seeks); elsewhere in the bar arrows step.
    if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && tag !== "INPUT" && tag !== "SELECT") {
      event.preventDefault();
      playback.step(event.key === "ArrowLeft" ? -1 : 1);
    } else if (event.key === " " && tag !== "BUTTON" && tag !== "SELECT") {
      event.preventDefault();
      playback.toggle();
    } else if ((event.key === "Home" || event.key === "End") && tag !== "INPUT") {
      event.preventDefault();
      playback.seek(event.key === "Home" ? 0 : playback.days().length - 1);
    }
  };
  return (
    <Show
      when={playback.active()}
      fallback={
        <div class="playback playback-closed">
          <button type="button" class="secondary" onClick={() => playback.open()} data-testid="playback-open">
            ▶ {t("playbackOpen")}
          </button>
        </div>
      }
    >
      <div class="playback-date" data-testid="playback-date" aria-hidden="true">
        {dayLabel(playback.day())}
      </div>
      <section
        class="playback"
        aria-label={t("playback")}
        data-testid="playback"
        data-playing={playback.playing() ? "true" : "false"}
        data-day={playback.day()}
        onKeyDown={onKeyDown}
      >
        <p class="playback-notice" role="status" data-testid="playback-notice">
          {t("playbackPaused")}
          <Show when={playback.waiting()}>
            <span class="muted"> · {t("playbackLoading")}</span>
          </Show>
        </p>
        <div class="playback-row">
          <button
            type="button"
            class="secondary"
            onClick={() => playback.step(-1)}
            aria-label={t("stepBack")}
            title={t("stepBack")}
            data-testid="playback-back"
          >
            ◀
          </button>
          <button
            type="button"
            onClick={() => playback.toggle()}
            aria-label={playback.playing() ? t("pause") : t("play")}
            title={playback.playing() ? t("pause") : t("play")}
            data-testid="playback-play"
          >
            {playback.playing() ? "❚❚" : "▶"}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => playback.step(1)}
            aria-label={t("stepForward")}
            title={t("stepForward")}
            data-testid="playback-forward"
          >
            ▶|
          </button>
          <input
            type="range"
            class="playback-slider"
            min="0"
            max={Math.max(0, playback.days().length - 1)}
            step="1"
            value={playback.index()}
            aria-label={t("playbackDay")}
            aria-valuetext={dayLabel(playback.day())}
            aria-describedby="playback-keys"
            onInput={(e) => {
              playback.pause();
              playback.seek(Number(e.currentTarget.value));
            }}
            data-testid="playback-slider"
          />
          <label class="playback-speed">
            <span class="sr-only">{t("playbackSpeed")}</span>
            <select
              value={playback.speed()}
              onChange={(e) => playback.setSpeed(Number(e.currentTarget.value))}
              data-testid="playback-speed"
            >
              <For each={SPEEDS}>
                {(s) => (
                  <option value={s}>
                    {s} {t("daysPerSecond")}
                  </option>
                )}
              </For>
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => playback.close()} data-testid="playback-close">
            {t("playbackClose")}
          </button>
        </div>
        <div class="playback-row">
          <RangeSwitch only={["7d", "30d", "90d", "1y"]} />
          <span id="playback-keys" class="muted playback-keys">
            {t("playbackKeys")}
          </span>
        </div>
      </section>
    </Show>
  );
}
