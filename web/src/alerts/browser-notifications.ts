/**
 * The browser's own notifications for a signed-in console (issue 13, item 3): when the live feed
 * reports an alert state change (opened, escalated, acknowledged, resolved — not a refreshed
 * value), the Notification API shows it, tagged with alert id + state version so several tabs
 * show it once. Permission is asked only from a click (browsers refuse it otherwise).
 */
import { type Alert, alertChangeOf, alertStateVersion, notificationDocument } from "@ioc/core";

/** How recent a state change of an alert this console had not seen must be to be shown. */
const RECENT_MS = 120_000;

/** The part of the Notification API used here, so tests can hand in their own. */
export interface NotificationApi {
  permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): unknown;
}

/** The browser's Notification API, when it has one. */
export function browserNotificationApi(): NotificationApi | undefined {
  return typeof Notification === "undefined" ? undefined : (Notification as unknown as NotificationApi);
}

/** Shows a notification for each alert state change it is told of, once per state version. */
export function createAlertNotifier(api: NotificationApi | undefined, language: () => "vi" | "en") {
  const seen = new Map<string, number>();
  return {
    /** Asks permission (call from a click); true when granted. */
    async enable(): Promise<boolean> {
      if (!api) return false;
      if (api.permission === "granted") return true;
      return (await api.requestPermission()) === "granted";
    },
    /** An alert from the live feed: shown when its state version is new to this console. */
    onAlert(alert: Alert, enabled: boolean, now: number): boolean {
      const version = alertStateVersion(alert);
      const before = seen.get(alert.id);
      seen.set(alert.id, Math.max(version, before ?? 0));
      if (!enabled || !api || api.permission !== "granted" || (before !== undefined && before >= version)) return false;
      const change = alertChangeOf(undefined, alert);
      // An alert first heard of through a refreshed value changed state long ago: not news.
      if (!change || (before === undefined && now - change.at > RECENT_MS)) return false;
      const doc = notificationDocument(change);
      new api(doc.title[language()], { body: doc.alert.message[language()], tag: doc.idempotencyKey });
      return true;
    },
  };
}
