/**
 * The leader's headline: each province indicator against its target and year, with a status in
 * words and a symbol (never colour alone) and its change over seven days.
 */
import type { KpiWithTrend } from "@ioc/client";
import { createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { formatNumber, lang, type MessageKey, t } from "./i18n.js";

const REFRESH_MS = 60_000;

const STATUS: Record<KpiWithTrend["status"], { key: MessageKey; symbol: string }> = {
  "on-track": { key: "kpi_on_track", symbol: "✓" },
  "at-risk": { key: "kpi_at_risk", symbol: "!" },
  "off-track": { key: "kpi_off_track", symbol: "✗" },
  "no-data": { key: "kpi_no_data", symbol: "–" },
  "no-target": { key: "kpi_no_target", symbol: "–" },
};

/** The KPIs that have a target, refreshed every minute and after a snapshot reload. */
export function KpiStrip(props: { large?: boolean }) {
  const store = useDashboard();
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const [data] = createResource(
    () => ({ v: store.version(), tick: tick() }),
    () => store.api.kpis(store.collection()?.province.code),
  );
  const kpis = createMemo(() => (data.latest?.kpis ?? []).filter((k) => k.status !== "no-target"));
  return (
    <Show when={kpis().length > 0}>
      <section class="kpi-strip" classList={{ large: props.large }} aria-label={t("kpis")} data-testid="kpi-strip">
        <For each={kpis()}>
          {(kpi) => (
            <article class={`kpi ${kpi.status}`} data-testid="kpi" data-metric={kpi.metric}>
              <h3>{kpi.label[lang()]}</h3>
              <div class="kpi-value">
                {kpi.value === undefined ? "—" : formatNumber(kpi.value)}
                <span class="unit"> {kpi.unit}</span>
              </div>
              <Show when={kpi.target}>
                {(target) => (
                  <div class="kpi-target muted">
                    {t("target")} {formatNumber(target().value)} {kpi.unit} · {target().year}
                  </div>
                )}
              </Show>
              <div class="kpi-foot">
                <span class="kpi-status">
                  <span aria-hidden="true">{STATUS[kpi.status].symbol}</span> {t(STATUS[kpi.status].key)}
                </span>
                <Show when={kpi.trend}>
                  {(trend) => (
                    <span class="kpi-trend muted" title={t("week")}>
                      {trend().delta7d > 0 ? "▲" : trend().delta7d < 0 ? "▼" : "＝"}{" "}
                      {formatNumber(Math.abs(trend().delta7d))} / {t("week")}
                    </span>
                  )}
                </Show>
              </div>
            </article>
          )}
        </For>
      </section>
    </Show>
  );
}
