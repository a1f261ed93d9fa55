/**
 * The map as a table (issue 14), for screen readers and keyboard users: every commune with its
 * value of the metric on show and the legend class it is coloured by, in words. Opened from a
 * button beside the map; rows follow the live values as the map does.
 */
import { findMetric, type LegendClass } from "@ioc/core";
import { createMemo, Index } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { formatNumber, formatValue, lang, t, unitLabel } from "./i18n.js";

/** The legend's words for the class `value` falls in (as `colourFor` picks its colour). */
export function classLabel(classes: readonly LegendClass[], value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value) || classes.length === 0) return t("noData");
  const c = classes.find((k) => value < k.to) ?? (classes.at(-1) as LegendClass);
  return c.meetsTarget
    ? `≥ ${formatNumber(c.from)} · ${t("targetMet")} ${c.meetsTarget.year}`
    : `${formatNumber(c.from)} – ${formatNumber(c.to)}`;
}

/** Every commune, its value and its class; `onSelect` opens the commune's panel. */
export function CommuneTable(props: { classes: LegendClass[]; onSelect?: (code: string) => void }) {
  const store = useDashboard();
  const metric = createMemo(() => findMetric(store.metric()));
  const rows = createMemo(() => {
    store.lastUpdate();
    store.version();
    const key = store.metric();
    return (store.collection()?.features ?? [])
      .map((f) => ({
        code: f.properties.code,
        name: f.properties.name,
        value: store.value(f.properties.code, key)?.value,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  });
  const valueText = (value: number | undefined) => (value === undefined ? "—" : formatValue(value, metric()?.unit));
  return (
    <div class="commune-table-wrap" data-testid="commune-table">
      <table class="commune-table">
        <caption>
          {metric()?.label[lang()]} ({unitLabel(metric()?.unit)}) · {rows().length} {t("communes")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("commune")}</th>
            <th scope="col" class="num">
              {t("value")}
            </th>
            <th scope="col">{t("class")}</th>
          </tr>
        </thead>
        <tbody>
          {/* By position, not by row object: a live update rewrites the values in the rows already
              there instead of rebuilding all of them, so a keyboard user's focus stays put. */}
          <Index each={rows()}>
            {(row) => (
              <tr>
                <th scope="row">
                  <button type="button" class="link" onClick={() => props.onSelect?.(row().code)}>
                    {row().name}
                  </button>
                </th>
                <td class="num">{valueText(row().value)}</td>
                <td>{classLabel(props.classes, row().value)}</td>
              </tr>
            )}
          </Index>
        </tbody>
      </table>
    </div>
  );
}
