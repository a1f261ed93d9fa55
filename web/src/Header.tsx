import { METRICS, type Pillar } from "@ioc/core";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { lang, type MessageKey, setLang, t } from "./i18n.js";
import { LIVENESS_TEXT } from "./network.js";
import { useSession } from "./session.js";
import { TodayPanel } from "./TodayPanel.js";
import { setWall } from "./wall/wall-mode.js";

/** The picker's layer groups: infrastructure coverage ("Hạ tầng") and service usage ("Dịch vụ"). */
const LAYER_GROUPS: Array<{ label: MessageKey; pillars: Pillar[] }> = [
  { label: "layersInfra", pillars: ["infrastructure"] },
  { label: "layersService", pillars: ["government", "society", "economy"] },
];

/** Title, synthetic-data badge, metric picker, connection state and freshness. */
export function Header() {
  const store = useDashboard();
  const session = useSession();
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));

  const freshness = () => {
    const at = store.lastUpdate();
    if (!at) return t("never");
    const seconds = Math.max(0, Math.round((now() - at) / 1000));
    return seconds < 120
      ? `${t("updated")} ${seconds} ${t("seconds")} ${t("ago")}`
      : `${t("updated")} ${Math.round(seconds / 60)} ${t("minutes")} ${t("ago")}`;
  };

  return (
    <header class="topbar">
      <div class="brand">
        <h1>{t("title")}</h1>
        <Show when={store.collection()}>
          {(c) => (
            <span class="province">
              {t("province")} {c().province.name}
              <span class="province-count">
                {" "}
                · {c().features.length} {t("communes")}
              </span>
            </span>
          )}
        </Show>
        <Show when={store.collection()?.province.synthetic}>
          <span class="badge synthetic" title={t("syntheticHint")} data-testid="synthetic-badge">
            {t("synthetic")}
          </span>
        </Show>
      </div>
      <label class="metric-picker">
        <span>{t("metric")}</span>
        <select
          value={store.metric()}
          onChange={(e) => store.setMetric(e.currentTarget.value)}
          aria-label={t("metric")}
          data-testid="metric-select"
        >
          <For each={LAYER_GROUPS}>
            {(group) => (
              <optgroup label={t(group.label)}>
                <For each={METRICS.filter((m) => group.pillars.includes(m.pillar))}>
                  {(m) => (
                    <option value={m.key} title={t(`pillar_${m.pillar}`)}>
                      {m.label[lang()]}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </select>
      </label>
      <TodayPanel />
      <div class="status">
        <span class="live">
          <span
            class={`connection ${store.liveness()}`}
            data-testid="connection"
            data-state={store.liveness()}
            role="status"
          >
            <span class="dot" aria-hidden="true" />
            {t(LIVENESS_TEXT[store.liveness()])}
          </span>
          <span class="freshness muted">{freshness()}</span>
        </span>
        <button type="button" class="lang" onClick={() => setLang(lang() === "vi" ? "en" : "vi")}>
          {t("language")}
        </button>
        <Show when={session.user()}>
          {(user) => (
            <span class="user" data-testid="user">
              {user().username} · {t(`role_${user().role}`)}
            </span>
          )}
        </Show>
        <button type="button" class="lang wall-toggle" onClick={() => setWall(true)} data-testid="wall-toggle">
          {t("wallMode")}
        </button>
        <button type="button" class="lang" onClick={() => session.signOut()} data-testid="sign-out">
          {t("signOut")}
        </button>
      </div>
    </header>
  );
}
