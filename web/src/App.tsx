import type { LegendClass } from "@ioc/core";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { Header } from "./Header.js";
import { t } from "./i18n.js";
import { Legend } from "./Legend.js";
import { MapView } from "./MapView.js";

/** The dashboard shell: header, map, legend. */
export function App() {
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
