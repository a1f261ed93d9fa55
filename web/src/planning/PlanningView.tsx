/**
 * The planners' view (issue 6): which communes to connect first. A gap choropleth and the ranked
 * table share one hover and one selection; filters re-rank on the server; exports download the
 * same ranking as CSV or GeoJSON with the user's token.
 */
import { type CsvSeparator, createPlanningClient, type GapQuery, type ScenarioView } from "@ioc/client";
import { can, exportFilename, gapExportTable, type PlannedSite, type TerrainClass } from "@ioc/core";
import { createEffect, createMemo, createResource, createSignal, For, on, onMount, Show } from "solid-js";
import { useDashboard } from "../dashboard-store.js";
import { formatNumber, lang } from "../i18n.js";
import { useSession } from "../session.js";
import { GapMap } from "./GapMap.js";
import { GapReasons } from "./GapReasons.js";
import { GapTable } from "./GapTable.js";
import { gapClasses } from "./gap-classes.js";
import { p } from "./planning-i18n.js";
import { ScenarioPanel } from "./ScenarioPanel.js";
import { setView } from "./view-mode.js";
import "./planning.css";

const TERRAINS: TerrainClass[] = ["mountainous", "midland", "delta", "coastal", "island"];
type TriState = "" | "true" | "false";

/** The planning filters as the address carries them. */
export interface PlanningFilters {
  terrain: TerrainClass | "";
  border: TriState;
  disadvantaged: TriState;
  minPopulation: number | undefined;
}

const triOf = (value: string | null): TriState => (value === "true" || value === "false" ? value : "");

/** The filters named in a query string (`?terrain=…&border=…&disadvantaged=…&minPopulation=…`); unknown values are ignored. */
export function readFilters(search: string): PlanningFilters {
  const q = new URLSearchParams(search);
  const terrain = q.get("terrain") as TerrainClass | null;
  const min = Number(q.get("minPopulation"));
  return {
    terrain: terrain && TERRAINS.includes(terrain) ? terrain : "",
    border: triOf(q.get("border")),
    disadvantaged: triOf(q.get("disadvantaged")),
    minPopulation: Number.isFinite(min) && min > 0 ? min : undefined,
  };
}

/** Writes `filters` into `params`, removing the ones that are "any". */
export function writeFilters(params: URLSearchParams, filters: PlanningFilters): void {
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set("terrain", filters.terrain);
  set("border", filters.border);
  set("disadvantaged", filters.disadvantaged);
  set("minPopulation", filters.minPopulation ? String(filters.minPopulation) : "");
}

/** Saves a Blob under `filename` through a temporary link (the only download path a fetch allows). */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next tick: some browsers start the download only after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The planning screen; a full-window layer over the operations room, which keeps running beneath. */
export function PlanningView() {
  const store = useDashboard();
  const session = useSession();
  const client = createPlanningClient({
    baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    token: session.token,
    onUnauthorized: () => session.signOut(),
  });
  // The filters live in the address too, so a shared link opens the same ranking (issue 14).
  const initial = readFilters(typeof location === "undefined" ? "" : location.search);
  const [terrain, setTerrain] = createSignal<TerrainClass | "">(initial.terrain);
  const [border, setBorder] = createSignal<TriState>(initial.border);
  const [disadvantaged, setDisadvantaged] = createSignal<TriState>(initial.disadvantaged);
  const [minPopulation, setMinPopulation] = createSignal<number | undefined>(initial.minPopulation);
  createEffect(
    on(
      [terrain, border, disadvantaged, minPopulation],
      () => {
        const url = new URL(location.href);
        writeFilters(url.searchParams, {
          terrain: terrain(),
          border: border(),
          disadvantaged: disadvantaged(),
          minPopulation: minPopulation(),
        });
        history.replaceState(history.state, "", url);
      },
      { defer: true },
    ),
  );
  const [hovered, setHovered] = createSignal<string>();
  const [selected, setSelected] = createSignal<string>();
  const [exporting, setExporting] = createSignal<"csv" | "xlsx" | "geojson">();
  // Vietnamese Excel reads `;` and decimal commas; the choice follows the UI language until the user picks.
  const [separator, setSeparator] = createSignal<CsvSeparator>();
  const csvSeparator = (): CsvSeparator => separator() ?? (lang() === "vi" ? "semicolon" : "comma");
  const [exportError, setExportError] = createSignal<string>();
  const [sites, setSites] = createSignal<PlannedSite[]>([]);
  const [placing, setPlacing] = createSignal(false);
  const [radiusKm, setRadiusKm] = createSignal(5);
  const [scenario, setScenario] = createSignal<ScenarioView>();

  const query = createMemo<GapQuery>(() => {
    const q: GapQuery = {};
    const province = store.collection()?.province.code;
    if (province) q.province = province;
    if (terrain()) q.terrain = [terrain() as TerrainClass];
    if (border()) q.border = border() === "true";
    if (disadvantaged()) q.extremelyDisadvantaged = disadvantaged() === "true";
    const min = minPopulation();
    if (min !== undefined) q.minPopulation = min;
    return q;
  });
  // A shared link: `?scenario=<id>` opens that scenario, recomputed against today's values for the
  // filters in the link; a change of filters asks the server again, so the result always matches them.
  let asked = 0;
  const loadScenario = (id: string) => {
    const ticket = ++asked;
    client
      .scenario(id, query())
      .then((view) => {
        if (ticket !== asked) return; // an older answer for filters no longer shown
        setScenario(view);
        setSites(view.scenario.sites);
      })
      .catch((error) => setExportError(error instanceof Error ? error.message : String(error)));
  };
  onMount(() => {
    const id = new URLSearchParams(location.search).get("scenario");
    if (id) loadScenario(id);
  });
  createEffect(
    on(
      query,
      () => {
        const shown = scenario();
        if (shown) loadScenario(shown.id);
      },
      { defer: true },
    ),
  );
  const showResult = (view: ScenarioView) => {
    asked++;
    setScenario(view);
    const url = new URL(location.href);
    url.searchParams.set("scenario", view.id);
    history.replaceState(null, "", url);
  };

  const [ranking] = createResource(query, (q) => client.gaps(q));
  const entries = createMemo(() => ranking.latest?.entries ?? []);
  const classes = createMemo(() => gapClasses(entries().map((e) => e.score)));
  const selectedEntry = createMemo(() => entries().find((e) => e.code === selected()));
  const user = () => session.user();
  const mayWriteScenarios = () => {
    const u = user();
    return u !== undefined && can(u, "scenarios:write", store.collection()?.province.code);
  };
  const mayExport = () => {
    const u = user();
    return u !== undefined && can(u, "gaps:export", store.collection()?.province.code);
  };

  const download = async (format: "csv" | "xlsx" | "geojson") => {
    setExporting(format);
    setExportError(undefined);
    try {
      if (format === "xlsx") {
        // Fetched afresh so the file's as-of time is the time its numbers were read.
        const fresh = await client.gaps(query());
        const asOf = Date.parse(fresh.generatedAt);
        const { exportTableXlsx } = await import("./xlsx-export.js");
        const blob = await exportTableXlsx(gapExportTable(fresh.entries, asOf), "Khoảng trống phủ sóng");
        saveBlob(blob, exportFilename(`khoang-trong-phu-song-${fresh.province.code}`, asOf, "xlsx"));
        return;
      }
      const file = await client.exportGaps(format, query(), csvSeparator());
      saveBlob(file.blob, file.filename);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(undefined);
    }
  };

  const tri = (value: TriState, set: (v: TriState) => void, label: string, testid: string) => (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.currentTarget.value as TriState)} data-testid={testid}>
        <option value="">{p("all")}</option>
        <option value="true">{p("yes")}</option>
        <option value="false">{p("no")}</option>
      </select>
    </label>
  );

  return (
    <div class="planning" data-testid="planning-view">
      <header class="planning-bar">
        <button type="button" class="lang" onClick={() => setView("operations")} data-testid="back-to-dashboard">
          {p("backToDashboard")}
        </button>
        <h2>{p("planningTitle")}</h2>
        <span class="muted planning-hint">{p("planningHint")}</span>
      </header>
      <div class="planning-filters">
        <label>
          <span>{p("terrain")}</span>
          <select
            value={terrain()}
            onChange={(e) => setTerrain(e.currentTarget.value as TerrainClass | "")}
            data-testid="filter-terrain"
          >
            <option value="">{p("all")}</option>
            <For each={TERRAINS}>{(t) => <option value={t}>{p(t)}</option>}</For>
          </select>
        </label>
        {tri(border(), setBorder, p("border"), "filter-border")}
        {tri(disadvantaged(), setDisadvantaged, p("extremelyDisadvantaged"), "filter-disadvantaged")}
        <label>
          <span>{p("minPopulation")}</span>
          <input
            type="number"
            min="0"
            step="500"
            value={minPopulation() ?? ""}
            onChange={(e) => {
              const n = e.currentTarget.valueAsNumber;
              setMinPopulation(Number.isFinite(n) && n > 0 ? n : undefined);
            }}
            data-testid="filter-min-population"
          />
        </label>
        <Show when={mayExport()}>
          <div class="planning-exports">
            <label>
              <span>{p("csvDialect")}</span>
              <select
                value={csvSeparator()}
                onChange={(e) => setSeparator(e.currentTarget.value as CsvSeparator)}
                data-testid="export-separator"
              >
                <option value="semicolon">{p("csvSemicolon")}</option>
                <option value="comma">{p("csvComma")}</option>
              </select>
            </label>
            <button type="button" disabled={!!exporting()} onClick={() => download("csv")} data-testid="export-csv">
              {exporting() === "csv" ? p("exporting") : p("exportCsv")}
            </button>
            <button type="button" disabled={!!exporting()} onClick={() => download("xlsx")} data-testid="export-xlsx">
              {exporting() === "xlsx" ? p("exporting") : p("exportXlsx")}
            </button>
            <button
              type="button"
              disabled={!!exporting()}
              onClick={() => download("geojson")}
              data-testid="export-geojson"
            >
              {exporting() === "geojson" ? p("exporting") : p("exportGeojson")}
            </button>
          </div>
        </Show>
        <Show when={exportError()}>
          {(message) => (
            <span class="error-text" role="alert">
              {p("exportFailed")}: {message()}
            </span>
          )}
        </Show>
        <Show when={ranking.latest}>
          {(r) => (
            <span class="muted planning-totals" data-testid="gap-totals">
              {p("totals")}: {r().entries.length} {p("communes")} · {formatNumber(r().totals.peopleWithout4g, 0)}{" "}
              {p("peopleWithout4gLong")}
            </span>
          )}
        </Show>
      </div>
      <div class="planning-body">
        <div class="planning-map-wrap">
          <GapMap
            entries={entries()}
            classes={classes()}
            hovered={hovered()}
            selected={selected()}
            onHover={setHovered}
            onSelect={setSelected}
            sites={sites()}
            placing={placing()}
            onPlace={(position) => {
              setSites([...sites(), { kind: "site", position, radiusKm: radiusKm() }]);
              setPlacing(false);
            }}
          />
          <div class="legend planning-legend">
            <strong>{p("score")}</strong>
            <For each={classes()}>
              {(c) => (
                <div class="legend-row">
                  <span class="swatch" style={{ background: c.colour }} />≥ {formatNumber(c.from, 0)}
                </div>
              )}
            </For>
            <div class="legend-row">
              <span class="swatch" style={{ background: "#d1d5db" }} />
              {p("notRanked")}
            </div>
          </div>
        </div>
        <aside class="planning-side">
          <Show when={!ranking.error} fallback={<p class="error-text">{p("loadFailed")}</p>}>
            <Show when={ranking.latest} fallback={<p class="muted">{p("loadingGaps")}</p>}>
              <Show when={entries().length > 0} fallback={<p class="muted">{p("noMatch")}</p>}>
                <GapTable
                  entries={entries()}
                  hovered={hovered()}
                  selected={selected()}
                  onHover={setHovered}
                  onSelect={setSelected}
                />
              </Show>
            </Show>
          </Show>
          <GapReasons entry={selectedEntry()} />
          <ScenarioPanel
            client={client}
            province={store.collection()?.province.code}
            filters={query()}
            mayWrite={mayWriteScenarios()}
            selected={selected()}
            selectedName={selectedEntry()?.name}
            sites={sites()}
            onSites={setSites}
            placing={placing()}
            onPlacing={setPlacing}
            radiusKm={radiusKm()}
            onRadius={setRadiusKm}
            result={scenario()}
            onResult={showResult}
          />
        </aside>
      </div>
    </div>
  );
}
