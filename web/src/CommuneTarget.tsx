/**
 * The commune panel's answer to "is this commune on track" (issue 12 item 2): the metric's
 * commune-level path (the province's own or the national default) and one sentence judging the
 * commune's value against it, with a projection from the series the panel shows.
 */
import { assessPath, findMetric, type ProjectionMethod, pathOf } from "@ioc/core";
import { createMemo, createResource, Show } from "solid-js";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { formatValue, lang } from "./i18n.js";

type Targets = Awaited<ReturnType<ReturnType<typeof useDashboard>["api"]["targets"]>>;

/** The path sentence of one commune × metric; nothing when the metric has no commune-level target. */
export function CommuneTarget(props: {
  code: string;
  metric: string;
  /** The series the panel draws: [unix seconds, value], oldest first. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Whether the points are hourly (7 days) or daily (30 days). */
  hourly: boolean;
}) {
  const store = useDashboard();
  const [targets] = createResource(
    () => store.collection()?.province.code ?? "",
    (province, info): Promise<Targets> =>
      store.api.targets(province || undefined).catch((error) => keepOr(info.value, error)),
  );
  const assessed = createMemo(() => {
    const metric = findMetric(props.metric);
    const list = targets.latest;
    if (!metric || !list) return undefined;
    const path = pathOf({ province: list.province, paths: list.paths }, metric.key, "commune");
    store.lastUpdate();
    const value = store.value(props.code, metric.key)?.value;
    if (!path || value === undefined) return undefined;
    const method: ProjectionMethod = props.hourly ? "least-squares-hourly" : "least-squares-90d-daily";
    const points = props.points.map(([t, v]) => ({ t: t * 1000, value: v }));
    return { path, unit: metric.unit, result: assessPath(metric, path, value, Date.now(), { points, method }) };
  });
  return (
    <Show when={assessed()}>
      {(a) => (
        <section class="commune-target" data-testid="commune-target" data-status={a().result.status}>
          <h3>{lang() === "vi" ? "Lộ trình mục tiêu cấp xã" : "Commune-level target path"}</h3>
          <p class="commune-target-sentence" data-testid="commune-target-sentence">
            {a().result.sentence[lang()]}
          </p>
          <p class="muted commune-target-source">
            {formatValue(a().path.baseline.value, a().unit)} ({a().path.baseline.year})
            {a()
              .path.milestones.map((m) => ` → ${formatValue(m.value, a().unit)} (${m.year})`)
              .join("")}{" "}
            · {a().path.source}
          </p>
        </section>
      )}
    </Show>
  );
}
