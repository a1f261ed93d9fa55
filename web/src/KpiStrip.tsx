/**
 * The leader's headline: each province indicator against its target and year, with a status in
 * words and a symbol (never colour alone) and its change over seven days.
 */
import type { KpiWithTrend } from "@ioc/client";
import type { Role } from "@ioc/core";
import { createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { formatNumber, formatValue, lang, type MessageKey, t, unitLabel } from "./i18n.js";
import { useSession } from "./session.js";

type Kpis = Awaited<ReturnType<ReturnType<typeof useDashboard>["api"]["kpis"]>>;

const REFRESH_MS = 60_000;

const STATUS: Record<KpiWithTrend["status"], { key: MessageKey; symbol: string }> = {
  "on-track": { key: "kpi_on_track", symbol: "✓" },
  "at-risk": { key: "kpi_at_risk", symbol: "!" },
  "off-track": { key: "kpi_off_track", symbol: "✗" },
  "no-data": { key: "kpi_no_data", symbol: "–" },
  "no-target": { key: "kpi_no_target", symbol: "–" },
};

/**
 * Whether a role sees the strip open when it signs in (DOMAIN.md): leaders ask "are we on track",
 * and admins keep the targets it measures against; ops staff come for what is broken now (the
 * alerts console) and planners for coverage gaps (the planning view), so for them it starts
 * folded to one line of status counts, a click away.
 */
export function kpisOpenByDefault(role: Role | undefined): boolean {
  return role === "leader" || role === "admin";
}

/**
 * The KPIs that have a target, refreshed every minute and after a snapshot reload. `large` is the
 * wall screen's variant: always open, whoever is signed in.
 */
export function KpiStrip(props: { large?: boolean }) {
  const store = useDashboard();
  const session = useSession();
  const [open, setOpen] = createSignal(kpisOpenByDefault(session.user()?.role));
  const shown = () => props.large || open();
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const [data] = createResource(
    () => ({ v: store.version(), tick: tick() }),
    // A failed refresh (offline) keeps the figures on show: an errored resource would throw on read.
    (_key, info): Promise<Kpis> =>
      store.api.kpis(store.collection()?.province.code).catch((error) => keepOr(info.value, error)),
  );
  const kpis = createMemo(() => (data.latest?.kpis ?? []).filter((k) => k.status !== "no-target"));
  const tally = createMemo(() => {
    const out = { "on-track": 0, "at-risk": 0, "off-track": 0 } as Record<string, number>;
    for (const k of kpis()) if (k.status in out) out[k.status] = (out[k.status] ?? 0) + 1;
    return (["on-track", "at-risk", "off-track"] as const)
      .filter((s) => (out[s] ?? 0) > 0)
      .map((s) => [s, out[s]] as const);
  });
  const Toggle = () => (
    <button
      type="button"
      class="kpi-toggle"
      aria-expanded={open()}
      onClick={() => setOpen(!open())}
      data-testid="kpi-toggle"
    >
      {open() ? t("kpiHide") : t("kpiShow")}
    </button>
  );
  return (
    <Show when={kpis().length > 0}>
      <Show
        when={shown()}
        fallback={
          <section class="kpi-folded" aria-label={t("kpis")} data-testid="kpi-folded">
            <strong>{t("kpis")}</strong>
            <For each={tally()}>
              {([status, count]) => (
                <span class={`kpi-count ${status}`}>
                  <span aria-hidden="true">{STATUS[status].symbol}</span> {count} {t(STATUS[status].key)}
                </span>
              )}
            </For>
            <Toggle />
          </section>
        }
      >
        <section class="kpi-strip" classList={{ large: props.large }} aria-label={t("kpis")} data-testid="kpi-strip">
          <div class="kpi-grid">
            <For each={kpis()}>
              {(kpi) => (
                <article class={`kpi ${kpi.status}`} data-testid="kpi" data-metric={kpi.metric}>
                  <h3>{kpi.label[lang()]}</h3>
                  <div class="kpi-line">
                    <span class="kpi-value">
                      {kpi.value === undefined ? "—" : formatNumber(kpi.value)}
                      <span class="unit"> {unitLabel(kpi.unit, kpi.value)}</span>
                    </span>
                    <Show when={kpi.target}>
                      {(target) => (
                        <span class="kpi-target muted">
                          {t("target")} {formatValue(target().value, kpi.unit)} · {target().year}
                        </span>
                      )}
                    </Show>
                  </div>
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
          </div>
          <Show when={!props.large}>
            <Toggle />
          </Show>
        </section>
      </Show>
    </Show>
  );
}
