/**
 * The notification routes (issue 13, item 3): an alert's notifications with their outcomes, and a
 * province's notification policy (admins). A client of its own beside `createApiClient`, like the
 * planning client, so the feature keeps its calls in one file.
 */
import { type ApiClientOptions, ApiProblem } from "./api-client.js";

/** One notification of an alert as `GET /v1/alerts/{id}/notifications` answers it. */
export interface AlertNotification {
  change: "opened" | "escalated" | "acknowledged" | "resolved";
  level: number;
  channel: "email" | "webhook";
  recipient: string;
  status: "pending" | "delivered" | "failed" | "suppressed";
  suppressed?: "quiet-hours";
  attempts: number;
  idempotencyKey: string;
  changeAt: string;
  deliveredAt?: string;
  lastAttempt?: { at: string; ok: boolean; detail: string };
}

/** Builds the notification client. */
export function createNotifyClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const get = async <T>(path: string): Promise<T> => {
    const token = options.token?.();
    const response = await doFetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const body = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized?.();
      throw new ApiProblem(response.status, body.code ?? "http-error", body.detail ?? response.statusText);
    }
    return body as T;
  };
  return {
    /** The notifications of an alert's state changes, in state order. */
    alertNotifications: (id: string, province?: string) =>
      get<{ alertId: string; notifications: AlertNotification[] }>(
        `/v1/alerts/${encodeURIComponent(id)}/notifications${province ? `?province=${province}` : ""}`,
      ),
  };
}
