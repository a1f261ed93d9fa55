import { findMetric, type LegendClass, NO_DATA_COLOUR } from "@ioc/core";
import { For, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { formatNumber, lang, t, unitLabel } from "./i18n.js";
import { dayLabel } from "./PlaybackBar.js";
import { usePlayback } from "./playback.js";

/**
 * A class's range as read: `from – to`. A count's class [from, to) holds whole numbers, so it reads
 * `from – to−1`, a class of one value is that value ("2", not "2 – 3"), and the top class "≥ from".
 */
export function classLabel(c: LegendClass, integer: boolean, top: boolean): string {
  if (integer && Number.isInteger(c.from) && Number.isInteger(c.to)) {
    if (top) return `≥ ${formatNumber(c.from)}`;
    if (c.to - c.from === 1) return formatNumber(c.from);
    return `${formatNumber(c.from)} – ${formatNumber(c.to - 1)}`;
  }
  return `${formatNumber(c.from)} – ${formatNumber(c.to)}`;
}

/**
 * The colour classes of the selected metric, best to worst read from top to bottom, then how
 * border and mountainous communes and highlights look. `detailed`: the map is zoomed in enough for
 * the hatch and dashes; otherwise those communes are marked by their outline (see `communeLayers`).
 * `showSelected`: a commune's panel is open, so its outline is on the map.
 */
export function Legend(props: {
  classes: LegendClass[];
  detailed?: boolean;
  showSelected?: boolean;
  /** Whether the map outlines changed communes (the wall does not). */
  flash?: boolean;
  /** Whether the map outlines the most lagging communes (the wall). */
  marked?: boolean;
}) {
  const store = useDashboard();
  const metric = () => findMetric(store.metric());
  const playback = usePlayback();
  return (
    <section class="legend" aria-label={t("legend")}>
      <h2>
        {metric()?.label[lang()]} <span class="muted">({unitLabel(metric()?.unit)})</span>
      </h2>
      {/* A replay colours the map as of its day; the legend says which (issue 12). */}
      <Show when={playback?.active() && playback.day()}>
        {(day) => (
          <p class="legend-day" data-testid="legend-day">
            {t("valuesOn")} {dayLabel(day())}
          </p>
        )}
      </Show>
      <ul>
        <For each={[...props.classes].reverse()}>
          {(c) => (
            <li>
              <span class="swatch" style={{ background: c.colour }} />
              {c.meetsTarget
                ? `≥ ${formatNumber(c.from)} · ${t("targetMet")} ${c.meetsTarget.year}`
                : classLabel(c, metric()?.integer === true, c === props.classes[props.classes.length - 1])}
            </li>
          )}
        </For>
        <li>
          <span class="swatch" style={{ background: NO_DATA_COLOUR }} />
          {t("noData")}
        </li>
        <li>
          <span
            class="swatch"
            classList={{ "border-swatch": props.detailed !== false, "border-outline-swatch": props.detailed === false }}
          />
          {t("border")}
        </li>
        <li>
          <span
            class="swatch"
            classList={{
              "hatch-swatch": props.detailed !== false,
              "mountain-outline-swatch": props.detailed === false,
            }}
          />
          {t("mountainous")}
        </li>
        <Show when={props.flash !== false}>
          <li>
            <span class="swatch flash-swatch" />
            {t("justChanged")}
          </li>
        </Show>
        <Show when={props.marked}>
          <li>
            <span class="swatch marked-swatch" />
            {t("laggingCommunes")}
          </li>
        </Show>
        <Show when={props.showSelected}>
          <li>
            <span class="swatch selected-swatch" />
            {t("selectedCommune")}
          </li>
        </Show>
      </ul>
    </section>
  );
}
