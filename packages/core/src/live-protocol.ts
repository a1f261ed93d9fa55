import type { Alert } from "./alerts.js";

/**
 * The live protocol between the server and dashboards (ARCHITECTURE.md): the same messages over
 * API Gateway WebSockets and over the local server's `/live` socket.
 */

/** A commune's latest value of one metric changed. */
export interface LatestValueEvent {
  type: "latest";
  province: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: number;
}

/** An alert opened, changed or resolved; carries the whole alert so clients need no refetch. */
export interface AlertChangedEvent {
  type: "alert";
  province: string;
  alert: Alert;
}

/** Everything the server broadcasts; `seq` is assigned per province by the hub. */
export type LiveEvent = LatestValueEvent | AlertChangedEvent;

/** Messages a client sends. */
export type ClientMessage =
  | { type: "subscribe"; province: string; topics?: string[] }
  | { type: "resume"; after: number }
  | { type: "ping" };

/**
 * Messages the server sends. An `error` with code `token-expired` means the sign-in token ran out:
 * the server closes the socket next (with `LIVE_CLOSE.tokenExpired` where the transport carries a
 * close code), and the client renews its token and reconnects.
 */
export type ServerMessage =
  | { type: "subscribed"; province: string; seq: number }
  | (LiveEvent & { seq: number })
  | { type: "snapshot-required"; province: string; seq: number }
  | { type: "pong" }
  | { type: "error"; code: string; detail: string };

/**
 * Close codes the server uses (4000–4999 belong to the application, RFC 6455 §7.4.2).
 * `tokenExpired`: the sign-in token has expired; renew it and reconnect. API Gateway cannot send
 * its own close codes, so there the `token-expired` error message that precedes it says the same.
 */
export const LIVE_CLOSE = { tokenExpired: 4401 } as const;

/** The path of the live socket on the local server. */
export const LIVE_PATH = "/live";
