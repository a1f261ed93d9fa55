import type { LegendClass } from "@ioc/core";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { DashboardProvider, type DashboardStore, useDashboard } from "./dashboard-store.js";
import { Header } from "./Header.js";
import { t } from "./i18n.js";
import { Legend } from "./Legend.js";
import { MapView } from "./MapView.js";
import { SignIn } from "./SignIn.js";
import { useSession } from "./session.js";

/** Signed out: the sign-in screen. Signed in: a dashboard with a store of its own. */
export function App(props: { createStore: () => DashboardStore }) {
  const session = useSession();
  return (
    <Show when={session.user()} fallback={<SignIn />}>
      {(_user) => {
        // A fresh store per sign-in: nothing of the previous user's session outlives it.
        const store = props.createStore();
        return (
          <DashboardProvider value={store}>
            <Dashboard />
          </DashboardProvider>
        );
      }}
    </Show>
  );
}

/** The dashboard shell: header, map, legend. */
function Dashboard() {
  const store = useDashboard();
  const [classes, setClasses] = createSignal<LegendClass[]>([]);
  onMount(() => void store.start());
  onCleanup(() => store.stop());
  return (
    <div class="app">
      <Header />
      <main class="content">
        <MapView onLegend={setClasses} />
        <Legend classes={classes()} />
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
    </div>
  );
}
