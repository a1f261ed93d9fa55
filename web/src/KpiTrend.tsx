/**
 * A KPI's province trend over the shared range, with the path to its target beside it (issue 12).
 */
import type { KpiWithTrend } from "@ioc/client";
import { createMemo, createResource, Show } from "solid-js";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { type ProvinceTrend, useHistory } from "./history-client.js";
import { lang, t, unitLabel } from "./i18n.js";
import { RangeSwitch } from "./RangeSwitch.js";
import { TrendChart } from "./TrendChart.js";
import { hasPathPoints, pathSeries } from "./target-path.js";
import { provinceDay, range, rangeStart, rangeStep } from "./time-range.js";

/** The trend block of a KPI's story: range buttons, the chart and its key. */
export function KpiTrend(props: { kpi: KpiWithTrend }) {
  const store = useDashboard();
  const history = useHistory();
  const [trend] = createResource(
    () => (history ? { metric: props.kpi.metric, range: range(), version: store.version() } : undefined),
    ({ metric, range: key }, info): Promise<ProvinceTrend> =>
      (history as NonNullable<typeof history>)
        .provinceTrend({
          province: store.collection()?.province.code,
          metric,
          from: provinceDay(rangeStart(key, Date.now())),
          resolution: rangeStep(key) === "1h" ? "hour" : "day",
        })
        .catch((error) => keepOr(info.value, error)),
  );
  const points = createMemo(() =>
    (trend.latest?.points ?? []).map((p) => [Date.parse(p.t) / 1000, p.value] as [number, number]),
  );
  const path = createMemo(() =>
    props.kpi.target
      ? pathSeries(
          props.kpi,
          points().map((p) => p[0]),
        )
      : undefined,
  );
  const label = () => `${t("provinceTrend")}: ${props.kpi.label[lang()]} (${unitLabel(props.kpi.unit)})`;
  return (
    <Show when={history}>
      <div class="kpi-trend-block" data-testid="kpi-trend">
        <div class="kpi-trend-head">
          <h3>{t("provinceTrend")}</h3>
          <RangeSwitch />
        </div>
        <Show
          when={points().length > 0 ? { points: points(), path: path() } : undefined}
          keyed
          fallback={<p class="muted">{trend.loading ? t("loadingMore") : t("noData")}</p>}
        >
          {(d) => (
            <TrendChart
              points={d.points}
              path={d.path}
              label={label()}
              unit={props.kpi.unit}
              pathLabel={t("pathLine")}
              height={130}
              testid="kpi-trend-chart"
            />
          )}
        </Show>
        <p class="trend-key muted">
          <span class="key-actual" aria-hidden="true" /> {t("actualLine")}
          <Show when={props.kpi.target}>
            {" · "}
            <span class="key-path" aria-hidden="true" /> {hasPathPoints(props.kpi) ? t("pathLine") : t("pathStraight")}
          </Show>
        </p>
      </div>
    </Show>
  );
}
