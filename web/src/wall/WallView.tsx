/**
 * The wall screen: the map full screen with large type readable from across the room, no
 * controls, rotating through a few layers with the ten most lagging communes of each, always
 * showing how fresh the data is and a banner when the live connection drops.
 */
import { findMetric, type LegendClass } from "@ioc/core";
import { createMemo, createResource, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { useAlerts } from "../alerts/alerts-store.js";
import { keepOr, useDashboard } from "../dashboard-store.js";
import { createNow, updatedAgo } from "../freshness.js";
import { formatValue, lang, t } from "../i18n.js";
import { KpiStrip } from "../KpiStrip.js";
import { Legend } from "../Legend.js";
import { MapView } from "../MapView.js";
import { setWall } from "./wall-mode.js";

type Kpis = Awaited<ReturnType<ReturnType<typeof useDashboard>["api"]["kpis"]>>;

/** The layers the wall rotates through, every `ROTATE_MS`. */
export const WALL_LAYERS = [
  "net.coverage_4g",
  "gov.online_application_rate",
  "net.fiber_households",
  "soc.citizen_app_households",
] as const;
const ROTATE_MS = 15_000;

/** The wall screen. Escape leaves it (for whoever has a keyboard at the wall). */
export function WallView() {
  const store = useDashboard();
  const alerts = useAlerts();
  const now = createNow();
  const [classes, setClasses] = createSignal<LegendClass[]>([]);
  const [detailed, setDetailed] = createSignal(true);
  const [index, setIndex] = createSignal(0);
  onMount(() => store.setMetric(WALL_LAYERS[0]));
  const timer = setInterval(() => {
    const next = (index() + 1) % WALL_LAYERS.length;
    setIndex(next);
    store.setMetric(WALL_LAYERS[next] as string);
  }, ROTATE_MS);
  const onKey = (e: KeyboardEvent) => e.key === "Escape" && setWall(false);
  document.addEventListener("keydown", onKey);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener("keydown", onKey);
  });
  const [kpis] = createResource(
    () => ({ metric: store.metric(), v: store.version() }),
    (_key, info): Promise<Kpis> =>
      store.api.kpis(store.collection()?.province.code).catch((error) => keepOr(info.value, error)),
  );
  // The KPI's own list (communes missing the commune-level target) where the metric has one;
  // otherwise the ten worst values on show, in the metric's direction.
  const lagging = createMemo(() => {
    const fromKpi = kpis.latest?.kpis.find((k) => k.metric === store.metric())?.lagging ?? [];
    if (fromKpi.length > 0) return fromKpi;
    store.lastUpdate();
    const m = findMetric(store.metric());
    if (!m) return [];
    const sign = m.direction === "higher_is_better" ? 1 : -1;
    return (store.collection()?.features ?? [])
      .flatMap((f) => {
        const o = store.value(f.properties.code, m.key);
        return o ? [{ code: f.properties.code, name: f.properties.name, value: o.value }] : [];
      })
      .sort((a, b) => sign * (a.value - b.value))
      .slice(0, 10);
  });
  const metric = createMemo(() => findMetric(store.metric()));

  return (
    <div class="wall" data-testid="wall">
      <Show when={store.liveness() !== "open"}>
        <div class="wall-banner" role="alert" data-testid="wall-banner" data-state={store.liveness()}>
          {t(store.liveness() === "offline" ? "connectionOffline" : "connectionReconnecting")} ·{" "}
          {updatedAgo(store.lastUpdate(), now())}
        </div>
      </Show>
      <header class="wall-head">
        <h1>{t("title")}</h1>
        <div class="wall-layer">{metric()?.label[lang()]}</div>
        <div class="wall-fresh" data-testid="wall-freshness">
          {updatedAgo(store.lastUpdate(), now())}
        </div>
        <div class="wall-counts">
          <span class="sev-critical">
            ▲ {t("sev_critical")} {alerts.counts().critical}
          </span>
          <span class="sev-warning">
            ◆ {t("sev_warning")} {alerts.counts().warning}
          </span>
        </div>
      </header>
      <KpiStrip large />
      <main class="wall-main">
        {/* Greyed while the feed is down: the colours on show are no longer live. */}
        <div class="wall-map" classList={{ stale: store.liveness() !== "open" }} data-testid="wall-map">
          <MapView
            onLegend={setClasses}
            onDetail={setDetailed}
            controls={false}
            flash={false}
            marked={lagging().map((c) => c.code)}
          />
          <Legend classes={classes()} detailed={detailed()} flash={false} marked={lagging().length > 0} />
        </div>
        <section class="wall-lagging" aria-label={t("laggingCommunes")}>
          <h2>{t("laggingCommunes")}</h2>
          <ol>
            <For each={lagging()} fallback={<li class="muted">{t("noData")}</li>}>
              {(c) => (
                <li>
                  <span>{c.name}</span>
                  <strong>{formatValue(c.value, metric()?.unit)}</strong>
                </li>
              )}
            </For>
          </ol>
        </section>
      </main>
    </div>
  );
}
