import { findMetric, type LegendClass, NO_DATA_COLOUR } from "@ioc/core";
import { For } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { formatNumber, lang, t } from "./i18n.js";

/** The colour classes of the selected metric, best to worst read from top to bottom. */
export function Legend(props: { classes: LegendClass[] }) {
  const store = useDashboard();
  const metric = () => findMetric(store.metric());
  return (
    <section class="legend" aria-label="legend">
      <h2>
        {metric()?.label[lang()]} <span class="muted">({metric()?.unit})</span>
      </h2>
      <ul>
        <For each={[...props.classes].reverse()}>
          {(c) => (
            <li>
              <span class="swatch" style={{ background: c.colour }} />
              {c.meetsTarget
                ? `≥ ${formatNumber(c.from)} · ${t("targetMet")} ${c.meetsTarget.year}`
                : `${formatNumber(c.from)} – ${formatNumber(c.to)}`}
            </li>
          )}
        </For>
        <li>
          <span class="swatch" style={{ background: NO_DATA_COLOUR }} />
          {t("noData")}
        </li>
        <li>
          <span class="swatch border-swatch" />
          {t("border")}
        </li>
        <li>
          <span class="swatch hatch-swatch" />
          {t("mountainous")}
        </li>
      </ul>
    </section>
  );
}
