/**
 * One line in an open alert's detail saying what became of its notifications (issue 13, item 3):
 * how many were delivered, are being retried, failed, or were held back by quiet hours, with the
 * latest attempt's outcome. Fetched when the detail opens and again whenever the alert changes.
 */
import { type AlertNotification, createNotifyClient } from "@ioc/client";
import type { Alert } from "@ioc/core";
import { createResource, Show } from "solid-js";
import { lang } from "../i18n.js";
import { useSession } from "../session.js";

const TEXT = {
  vi: {
    label: "Thông báo",
    none: "chưa gửi thông báo nào",
    delivered: "đã gửi",
    pending: "đang gửi lại",
    failed: "thất bại",
    suppressed: "tạm hoãn (giờ yên tĩnh)",
    last: "lần gần nhất",
  },
  en: {
    label: "Notifications",
    none: "none sent",
    delivered: "delivered",
    pending: "retrying",
    failed: "failed",
    suppressed: "held back (quiet hours)",
    last: "latest",
  },
} as const;

/** The counts line of a list of notifications, in the current language. */
export function deliverySummary(list: readonly AlertNotification[], language: "vi" | "en"): string {
  const text = TEXT[language];
  if (list.length === 0) return text.none;
  const counts = { delivered: 0, pending: 0, failed: 0, suppressed: 0 };
  for (const n of list) counts[n.status]++;
  const parts = (["delivered", "pending", "failed", "suppressed"] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${text[s]}`);
  const last = [...list]
    .filter((n) => n.lastAttempt)
    .sort((a, b) => (a.lastAttempt?.at ?? "").localeCompare(b.lastAttempt?.at ?? ""))
    .at(-1);
  return `${parts.join(" · ")}${last ? ` — ${text.last}: ${last.recipient}, ${last.lastAttempt?.detail}` : ""}`;
}

/** The delivery-outcome line of an alert. */
export function DeliveryOutcomes(props: { alert: Alert }) {
  const session = useSession();
  const client = createNotifyClient({
    baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    token: session.token,
  });
  // Keyed on the alert's last change, so an acknowledgement refetches what it sent.
  const [list] = createResource(
    () => ({ id: props.alert.id, province: props.alert.province, at: props.alert.history.at(-1)?.at ?? 0 }),
    async (key) => (await client.alertNotifications(key.id, key.province)).notifications,
  );
  return (
    <Show when={list.state === "ready" ? list() : undefined}>
      {(ready) => (
        <p class="delivery-outcomes muted" data-testid="delivery-outcomes">
          {TEXT[lang()].label}: {deliverySummary(ready(), lang())}
        </p>
      )}
    </Show>
  );
}
