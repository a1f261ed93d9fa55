/**
 * What the map's click opens: every metric of one commune with its value and freshness, a 7-day
 * sparkline of the selected metric, and the commune's open alerts.
 */
import { findMetric, METRICS } from "@ioc/core";
import { createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { useAlerts } from "./alerts/alerts-store.js";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { ago, createNow } from "./freshness.js";
import { alertText, formatNumber, formatValue, lang, t, unitLabel } from "./i18n.js";
import { RangeSwitch } from "./RangeSwitch.js";
import { TrendChart } from "./TrendChart.js";
import { range, rangeStart, rangeStep } from "./time-range.js";

const DAY = 86_400_000;
type Api = ReturnType<typeof useDashboard>["api"];
type Series = Awaited<ReturnType<Api["series"]>>;
type Alerts = Awaited<ReturnType<Api["alerts"]>>;

/** The panel of the selected commune; closes with its button or Escape. */
export function CommunePanel(props: { code: string; onClose: () => void }) {
  const store = useDashboard();
  const alerts = useAlerts();
  const now = createNow();
  const commune = createMemo(() => store.collection()?.features.find((f) => f.properties.code === props.code));
  const metric = createMemo(() => findMetric(store.metric()));
  // Bumped by each live value of the shown commune and metric: the series is fetched again.
  const [changes, setChanges] = createSignal(0);
  onCleanup(
    store.onValue((commune, key) => {
      if (commune === props.code && key === store.metric()) setChanges((n) => n + 1);
    }),
  );
  // The shared range (issue 12): a week hour by hour, longer day by day; the series route answers
  // at most 1,000 points, so "all" reaches back 999 days.
  const [series] = createResource(
    () => ({ code: props.code, metric: store.metric(), changes: changes(), key: range() }),
    ({ code, metric: key, key: span }, info): Promise<Series> =>
      store.api
        .series(code, {
          metric: key,
          step: rangeStep(span),
          from: new Date(Math.max(rangeStart(span, Date.now()), Date.now() - 999 * DAY)).toISOString(),
        })
        .catch((error) => keepOr(info.value, error)),
  );
  const [fetched] = createResource(
    () => props.code,
    (code, info): Promise<Alerts> =>
      store.api.alerts({ commune: code, limit: 50 }).catch((error) => keepOr(info.value, error)),
  );
  // The fetched alerts, overlaid by what the live console has seen since.
  const openAlerts = createMemo(() => {
    const byId = new Map((fetched.latest?.alerts ?? []).map((a) => [a.id, a]));
    for (const a of alerts.openOf(props.code)) byId.set(a.id, a);
    return [...byId.values()].map((a) => alerts.get(a.id) ?? a).filter((a) => a.status !== "resolved");
  });
  const points = createMemo(() =>
    (series.latest?.points ?? []).map((p) => [Date.parse(p.t) / 1000, p.mean] as [number, number]),
  );

  return (
    <aside
      class="commune-panel"
      aria-label={commune()?.properties.name}
      data-testid="commune-panel"
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      <header>
        <h2>{commune()?.properties.name ?? props.code}</h2>
        <button type="button" class="close" onClick={() => props.onClose()} aria-label={t("close")}>
          ×
        </button>
      </header>
      <Show when={commune()}>
        {(c) => (
          <p class="muted">
            {t(c().properties.terrain)}
            {c().properties.border ? ` · ${t("border")}` : ""} · {t("population")}{" "}
            {formatNumber(c().properties.population, 0)}
          </p>
        )}
      </Show>
      <section>
        <h3>
          {metric()?.label[lang()]} · {t(`last_${range()}`)}
        </h3>
        <RangeSwitch />
        {/* From the first reading on: one point is a point, not "no data" (issue 12). */}
        <Show
          when={points().length > 0 ? points() : undefined}
          keyed
          fallback={<p class="muted">{series.loading ? t("loading") : t("noData")}</p>}
        >
          {(p) => (
            <TrendChart
              points={p}
              label={`${metric()?.label[lang()]} (${unitLabel(metric()?.unit)})`}
              unit={metric()?.unit}
              height={100}
              testid="sparkline"
            />
          )}
        </Show>
      </section>
      <section>
        <h3>{t("openAlerts")}</h3>
        <ul class="panel-alerts" data-testid="panel-alerts">
          <For each={openAlerts()} fallback={<li class="muted">{t("noAlerts")}</li>}>
            {(a) => (
              <li class={`sev-${a.severity}`}>
                <strong>{t(`sev_${a.severity}`)}</strong> · {t(`st_${a.status}`)} —{" "}
                {alertText(a.message, a.value, findMetric(a.metric ?? "")?.unit)}
              </li>
            )}
          </For>
        </ul>
      </section>
      <section>
        <h3>{t("metric")}</h3>
        <table class="metric-table">
          <tbody>
            <For each={METRICS}>
              {(m) => {
                // lastUpdate() ticks on every live value: it makes this cell follow them.
                const o = () => {
                  store.lastUpdate();
                  store.version();
                  return store.value(props.code, m.key);
                };
                return (
                  <tr classList={{ current: m.key === store.metric() }}>
                    <th scope="row">{m.label[lang()]}</th>
                    <td class="num">{o() ? formatValue(o()?.value ?? 0, m.unit) : "—"}</td>
                    <td class="muted when">
                      {o() ? `${t("updated")} ${ago(o()?.observedAt ?? 0, now())}` : t("noData")}
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </section>
    </aside>
  );
}
