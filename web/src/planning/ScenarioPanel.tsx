/**
 * A planner's what-if: planned sites (a disc on the map) and communes raised to a coverage level,
 * run on the server, which saves the scenario and answers with the recomputed ranking. The saved
 * scenario's id goes into the address, so the link can be shared with anyone who may read gaps.
 */
import type { GapQuery, PlanningClient, ScenarioView } from "@ioc/client";
import type { PlannedSite } from "@ioc/core";
import { createSignal, For, type JSX, Show } from "solid-js";
import { formatLatLon, formatNumber } from "../i18n.js";
import { p } from "./planning-i18n.js";

/** The scenario builder and its result. */
export function ScenarioPanel(props: {
  client: PlanningClient;
  province: string | undefined;
  /** The planning filters: the server answers only for the communes they show. */
  filters: GapQuery;
  mayWrite: boolean;
  selected: string | undefined;
  selectedName: string | undefined;
  sites: readonly PlannedSite[];
  onSites: (sites: PlannedSite[]) => void;
  placing: boolean;
  onPlacing: (on: boolean) => void;
  radiusKm: number;
  onRadius: (km: number) => void;
  result: ScenarioView | undefined;
  onResult: (result: ScenarioView) => void;
}): JSX.Element {
  const [name, setName] = createSignal("");
  const [coverage, setCoverage] = createSignal(100);
  const [running, setRunning] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const coverSelected = () => {
    const code = props.selected;
    if (!code) return;
    props.onSites([
      ...props.sites,
      { kind: "communes", label: props.selectedName, communes: [code], coverage4g: coverage() },
    ]);
  };
  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      const scenario = { ...(name().trim() ? { name: name().trim() } : {}), sites: [...props.sites] };
      props.onResult(await props.client.saveScenario(scenario, props.province, props.filters));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  const percent = (v: number | null) => (v === null ? "–" : `${formatNumber(v, 1)}%`);
  const shareUrl = (id: string) => {
    const url = new URL(location.href);
    url.searchParams.set("view", "planning");
    url.searchParams.set("scenario", id);
    return url.toString();
  };

  return (
    <section class="scenario-panel" data-testid="scenario-panel">
      <h3>{p("scenario")}</h3>
      <Show when={props.mayWrite}>
        <p class="muted">{p("scenarioHint")}</p>
        <div class="scenario-controls">
          <label>
            <span>{p("scenarioName")}</span>
            <input value={name()} onInput={(e) => setName(e.currentTarget.value)} data-testid="scenario-name" />
          </label>
          <label>
            <span>{p("radiusKm")}</span>
            <input
              type="number"
              min="0.5"
              max="100"
              step="0.5"
              value={props.radiusKm}
              onChange={(e) => props.onRadius(Math.min(100, Math.max(0.5, e.currentTarget.valueAsNumber || 5)))}
            />
          </label>
          <button type="button" onClick={() => props.onPlacing(!props.placing)} data-testid="place-site">
            {props.placing ? p("placingSite") : p("placeSite")}
          </button>
          <label>
            <span>{p("coverageLevel")}</span>
            <input
              type="number"
              min="0"
              max="100"
              value={coverage()}
              onChange={(e) => setCoverage(Math.min(100, Math.max(0, e.currentTarget.valueAsNumber || 0)))}
            />
          </label>
          <button type="button" disabled={!props.selected} onClick={coverSelected} data-testid="cover-selected">
            {p("coverSelected")}
          </button>
        </div>
      </Show>
      <Show when={props.sites.length > 0} fallback={<p class="muted">{p("noSites")}</p>}>
        <ol class="scenario-sites">
          <For each={props.sites}>
            {(site, index) => (
              <li>
                {site.kind === "site"
                  ? `${p("site")} ${formatLatLon(site.position)} · ${formatNumber(site.radiusKm, 1)} km`
                  : `${site.label ?? site.communes.join(", ")} → ${formatNumber(site.coverage4g, 0)}% 4G`}
                <Show when={props.mayWrite}>
                  {" "}
                  <button
                    type="button"
                    class="link"
                    onClick={() => props.onSites(props.sites.filter((_, i) => i !== index()))}
                  >
                    {p("remove")}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.mayWrite}>
        <button
          type="button"
          class="primary"
          disabled={running() || props.sites.length === 0}
          onClick={run}
          data-testid="run-scenario"
        >
          {running() ? p("running") : p("runScenario")}
        </button>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="error-text" role="alert">
            {p("scenarioFailed")}: {message()}
          </p>
        )}
      </Show>
      <Show when={props.result}>
        {(view) => (
          <div class="scenario-result" data-testid="scenario-result">
            <div>
              {p("closedGap")}: <b>{formatNumber(view().result.closed.peopleWithout4g, 0)}</b>{" "}
              {p("peopleWithout4gLong")} · <b>{formatNumber(view().result.closed.score, 0)}</b> {p("score")}
            </div>
            <Show when={view().result.unknownCommunes.length > 0}>
              <div class="error-text">
                {p("unknownCommunes")}: {view().result.unknownCommunes.join(", ")}
              </div>
            </Show>
            <div class="muted" data-testid="scenario-changed-count">
              {view().result.changed.length} {p("changedCommunes")}
            </div>
            <Show when={view().result.changed.length > 0} fallback={<p class="muted">{p("nothingChanged")}</p>}>
              <table class="gap-table scenario-changes">
                <thead>
                  <tr>
                    <th>{p("commune")}</th>
                    <th class="num">{p("coverage4gBeforeAfter")}</th>
                    <th class="num">{p("coverageDelta")}</th>
                    <th class="num">{p("newlyCovered")}</th>
                    <th class="num">{p("rankBeforeAfter")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={view().result.changed}>
                    {(change) => (
                      <tr data-code={change.code}>
                        <td>{change.name}</td>
                        <td class="num">
                          {percent(change.coverage4g.before)} → {percent(change.coverage4g.after)}
                        </td>
                        <td class="num">+{formatNumber(change.coverage4g.delta, 1)}</td>
                        <td class="num" data-people={Math.round(change.peopleNewlyCovered)}>
                          {formatNumber(change.peopleNewlyCovered, 0)}
                        </td>
                        <td class="num">
                          {change.rank.before} → {change.rank.after}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <label class="share">
              <span>{p("shareLink")}</span>
              <input
                readOnly
                value={shareUrl(view().id)}
                data-testid="scenario-link"
                onFocus={(e) => e.currentTarget.select()}
              />
            </label>
          </div>
        )}
      </Show>
    </section>
  );
}
