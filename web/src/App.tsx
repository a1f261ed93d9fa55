import type { KpiWithTrend } from "@ioc/client";
import { findMetric, type LegendClass, permissionsOf } from "@ioc/core";
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { AdminLink } from "./admin/AdminLink.js";
import { AdminShell } from "./admin/AdminShell.js";
import { adminSection } from "./admin/admin-view.js";
import { AlertsConsole } from "./alerts/AlertsConsole.js";
import { playAlertTone } from "./alerts/alert-sound.js";
import { AlertsProvider, createAlertsStore } from "./alerts/alerts-store.js";
import { AuditLink } from "./audit/AuditPage.js";
import { CommunePanel } from "./CommunePanel.js";
import { CommuneSearch } from "./CommuneSearch.js";
import { CommuneTable } from "./CommuneTable.js";
import { DashboardProvider, type DashboardStore, useDashboard } from "./dashboard-store.js";
import { Header } from "./Header.js";
import { alertText, type MessageKey, t } from "./i18n.js";
import { KpiStrip } from "./KpiStrip.js";
import { Legend } from "./Legend.js";
import { MapView } from "./MapView.js";
import { PlaybackBar } from "./PlaybackBar.js";
import { PlanningLink } from "./planning/PlanningLink.js";
import { PlanningView } from "./planning/PlanningView.js";
import { applyLanding, view } from "./planning/view-mode.js";
import { SignIn } from "./SignIn.js";
import { useSession } from "./session.js";
import { TimeProviders } from "./TimeProviders.js";
import { WallEnrol } from "./wall/WallEnrol.js";
import { WallView } from "./wall/WallView.js";
import { wall } from "./wall/wall-mode.js";

/** Signed out: the sign-in screen. Signed in: a dashboard with a store of its own. */
export function App(props: { createStore: () => DashboardStore }) {
  const session = useSession();
  return (
    <Show when={session.user()} fallback={session.mode === "device" ? <WallEnrol /> : <SignIn />}>
      {(user) => {
        applyLanding(user().role);
        // A fresh store per sign-in: nothing of the previous user's session outlives it.
        const store = props.createStore();
        return (
          <DashboardProvider value={store}>
            <TimeProviders store={store}>
              <Dashboard />
            </TimeProviders>
          </DashboardProvider>
        );
      }}
    </Show>
  );
}

/** The dashboard shell: header, map, legend. */
function Dashboard() {
  const store = useDashboard();
  const session = useSession();
  // Whoever may act on alerts works the console; on a phone the others get the map alone (issue 14).
  const consoleRole = () => {
    const user = session.user();
    return user !== undefined && permissionsOf(user.role).includes("alerts:write");
  };
  const [classes, setClasses] = createSignal<LegendClass[]>([]);
  const [detailed, setDetailed] = createSignal(true);
  const [table, setTable] = createSignal(false);
  const [focus, setFocus] = createSignal<string>();
  // The operations room: alerts console, KPI strip, commune panel, wall mode (issue 5).
  const [sound, setSound] = createSignal(false);
  const [selected, setSelected] = createSignal<string>();
  // The KPI card whose story is open: the map shows its metric and outlines and labels its laggards.
  const [story, setStory] = createSignal<KpiWithTrend>();
  const openStory = (kpi: KpiWithTrend | undefined) => {
    setStory(kpi);
    if (kpi && store.metric() !== kpi.metric) store.setMetric(kpi.metric);
  };
  // Choosing another metric elsewhere (the legend's selector) closes the story it no longer tells.
  createEffect(
    on(store.metric, (metric) => story() && story()?.metric !== metric && setStory(undefined), { defer: true }),
  );
  const lagging = () => story()?.lagging ?? [];
  const alerts = createAlertsStore(store, () => sound() && playAlertTone());
  // The alert open in the console: its commune is outlined and flown to, its metric on the map.
  const [openAlert, setOpenAlert] = createSignal<string>();
  const openAlertById = (id: string | undefined) => {
    setOpenAlert(id);
    const alert = id ? alerts.get(id) : undefined;
    if (!alert) return;
    if (alert.metric && findMetric(alert.metric) && store.metric() !== alert.metric) store.setMetric(alert.metric);
    if (alert.commune) {
      setFocus(undefined);
      setFocus(alert.commune);
    }
  };
  const shownCommune = () => (openAlert() ? alerts.get(openAlert() as string)?.commune : undefined);
  const names = createMemo(() => {
    const out = new Map<string, string>();
    for (const f of store.collection()?.features ?? []) out.set(f.properties.code, f.properties.name);
    return out;
  });
  // A pin per alert still someone's work (open or acknowledged), as the console's filters show them.
  const pins = createMemo(() =>
    alerts
      .visible()
      .filter((a) => a.commune && a.status !== "resolved")
      .map((a) => ({
        id: a.id,
        commune: a.commune as string,
        severity: a.severity,
        label: `${t(`sev_${a.severity}` as MessageKey)}: ${alertText(a.message, a.value, a.metric ? findMetric(a.metric)?.unit : undefined)} — ${names().get(a.commune as string) ?? a.commune}`,
      })),
  );
  const covered = () => view() === "planning" || adminSection() !== undefined;
  onMount(() => void store.start());
  onCleanup(() => store.stop());
  return (
    <AlertsProvider value={alerts}>
      <Show when={!wall()} fallback={<WallView />}>
        <div class="app" data-role={session.user()?.role} data-console={consoleRole() ? "work" : "watch"}>
          <Header />
          <AuditLink />
          {/* Below the header: the planning view lies over the room, which keeps running beneath. */}
          <div class="below-header">
            <Show when={view() === "planning"} fallback={<PlanningLink />}>
              <PlanningView />
            </Show>
            <AdminLink />
            <Show when={adminSection()}>
              <AdminShell />
            </Show>
            {/* Under the planning or admin view the room is inert: no tab stop or click lands in it. */}
            <div class="room" inert={covered()} aria-hidden={covered() ? "true" : undefined}>
              <KpiStrip story={story()?.metric} onStory={openStory} onCommune={setSelected} />
              <div class="workspace">
                <main class="content">
                  <MapView
                    onLegend={setClasses}
                    onSelect={setSelected}
                    selected={selected()}
                    onDetail={setDetailed}
                    focus={focus()}
                    marked={lagging().map((c) => c.code)}
                    labels={lagging()}
                    pins={pins()}
                    onPin={openAlertById}
                    shown={shownCommune()}
                  />
                  <CommuneSearch
                    onFound={(code) => {
                      setFocus(undefined);
                      setFocus(code);
                      setSelected(code);
                    }}
                  />
                  <Legend
                    classes={classes()}
                    detailed={detailed()}
                    showSelected={selected() !== undefined}
                    marked={lagging().length > 0}
                  />
                  <PlaybackBar />
                  {/* The map as a table, for screen readers and keyboards (issue 14). */}
                  <button
                    type="button"
                    class="table-toggle secondary"
                    aria-expanded={table()}
                    onClick={() => setTable(!table())}
                    data-testid="table-toggle"
                  >
                    {table() ? t("showMap") : t("showTable")}
                  </button>
                  <Show when={table()}>
                    <CommuneTable classes={classes()} onSelect={setSelected} />
                  </Show>
                  <Show when={selected()} keyed>
                    {(code) => <CommunePanel code={code} onClose={() => setSelected(undefined)} />}
                  </Show>
                  <Show when={!store.collection() && !store.error()}>
                    <div class="overlay">{t("loading")}</div>
                  </Show>
                  <Show when={store.error()}>
                    {(message) => (
                      <div class="overlay error" role="alert">
                        {t("loadFailed")}: {message()}
                      </div>
                    )}
                  </Show>
                </main>
                <AlertsConsole sound={sound()} onSound={setSound} open={openAlert()} onOpen={openAlertById} />
              </div>
            </div>
          </div>
        </div>
      </Show>
    </AlertsProvider>
  );
}
