/**
 * The console's switch for browser notifications: turning it on is the click that asks the
 * browser's permission; once granted, each alert state change from the live feed is shown.
 */
import { createSignal, onCleanup, Show } from "solid-js";
import { useDashboard } from "../dashboard-store.js";
import { lang } from "../i18n.js";
import { browserNotificationApi, createAlertNotifier } from "./browser-notifications.js";

const TEXT = {
  vi: { label: "Thông báo trên trình duyệt", denied: "Trình duyệt đã chặn thông báo" },
  en: { label: "Browser notifications", denied: "The browser blocks notifications" },
} as const;

/** A checkbox that enables browser notifications of alert state changes. */
export function BrowserNotifyToggle() {
  const dashboard = useDashboard();
  const api = browserNotificationApi();
  const notifier = createAlertNotifier(api, lang);
  const [enabled, setEnabled] = createSignal(api?.permission === "granted");
  const [denied, setDenied] = createSignal(false);
  // Only where the browser has the API: elsewhere there is nothing to show and nothing to listen for.
  if (api) {
    const unsubscribe = dashboard.onAlert((alert) => notifier.onAlert(alert, enabled(), Date.now()));
    onCleanup(unsubscribe);
  }
  return (
    <Show when={api}>
      <label class="sound-toggle">
        <input
          type="checkbox"
          checked={enabled()}
          data-testid="browser-notify-toggle"
          onChange={async (e) => {
            if (!e.currentTarget.checked) return setEnabled(false);
            const granted = await notifier.enable();
            setEnabled(granted);
            setDenied(!granted);
          }}
        />
        {TEXT[lang()].label}
        <Show when={denied()}>
          <span class="muted"> — {TEXT[lang()].denied}</span>
        </Show>
      </label>
    </Show>
  );
}
