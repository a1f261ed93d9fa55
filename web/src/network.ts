/**
 * Honest liveness (issue 14): whether the browser has a network at all, and what the dashboard
 * says about its live feed. The browser's `offline` event is the fastest sign of a cut (a dropped
 * Wi-Fi is known at once); a silent link is caught by the live client's heartbeat (see
 * `LIVE_HEARTBEAT_MS` in dashboard-store.ts).
 */
import type { ConnectionState } from "@ioc/client";
import { createSignal } from "solid-js";
import type { MessageKey } from "./i18n.js";

const [online, setOnline] = createSignal(typeof navigator === "undefined" ? true : navigator.onLine !== false);
if (typeof window !== "undefined") {
  window.addEventListener("online", () => setOnline(true));
  window.addEventListener("offline", () => setOnline(false));
}

/** True while the browser reports a network. */
export { online };

/** What the screen shows: the live client's state, or `offline` when the browser has no network. */
export type Liveness = ConnectionState | "offline";

/** The state to show for a live connection in `connection` while the network is `isOnline`. */
export function livenessOf(connection: ConnectionState, isOnline: boolean): Liveness {
  return isOnline ? connection : "offline";
}

/** The sentence for each state, in the dictionary. */
export const LIVENESS_TEXT: Record<Liveness, MessageKey> = {
  open: "connectionOpen",
  connecting: "connectionConnecting",
  reconnecting: "connectionReconnecting",
  closed: "connectionClosed",
  offline: "connectionOffline",
};

/**
 * A failed action in words a user can act on: no network, the server unreachable, or the
 * server's refusal (its problem code is kept for support). Never "TypeError: Failed to fetch".
 */
export function actionFailure(error: unknown, isOnline: boolean): MessageKey {
  if (!isOnline) return "actionOffline";
  if (error instanceof TypeError) return "actionUnreachable";
  return "actionRefused";
}
