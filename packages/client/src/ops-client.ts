/**
 * The ops and admin routes of issue 13: alert assignment, snoozes and bulk acknowledgement, and
 * the audit trail (search and CSV download). A client of its own beside `createApiClient`, as the
 * planning client is, so these features change without touching the shared one.
 */
import type { Alert } from "@ioc/core";
import { type ApiClientOptions, ApiProblem, type Download } from "./api-client.js";

/** One audit record as `GET /v1/audit` returns it. */
export interface AuditRecordView {
  province: string;
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
  address?: string;
  userAgent?: string;
  prevHash: string;
  hash: string;
}

/** Filters of an audit search. */
export interface AuditQuery {
  province?: string;
  actor?: string;
  action?: string;
  object?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** Each id's outcome of a bulk acknowledgement. */
export interface BulkAckResult {
  results: Array<{
    id: string;
    outcome: "acknowledged" | "already-acknowledged" | "already-resolved" | "not-found";
    alert?: Alert;
  }>;
}

const query = (params: object): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : "";
};

/** Builds the ops client. */
export function createOpsClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const token = options.token?.();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (init.body) headers.set("content-type", "application/json");
    const response = await doFetch(`${base}${path}`, { ...init, headers });
    if (response.ok) return response;
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    if (response.status === 401) options.onUnauthorized?.();
    throw new ApiProblem(response.status, problem.code ?? "http-error", problem.detail ?? response.statusText);
  };
  const post = async <T>(path: string, body?: unknown) =>
    (await (
      await send(path, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    ).json()) as T;
  const alertPath = (id: string, action: string, province?: string) =>
    `/v1/alerts/${encodeURIComponent(id)}/${action}${query({ province })}`;

  return {
    /** Gives an alert to a person (ops, admin). */
    assign: (id: string, assignee: string, note?: string, province?: string) =>
      post<Alert>(alertPath(id, "assign", province), { assignee, ...(note ? { note } : {}) }),
    /** Snoozes an alert until `until` (ISO time) for a reason. */
    snooze: (id: string, until: string, reason: string, province?: string) =>
      post<Alert>(alertPath(id, "snooze", province), { until, reason }),
    /** Ends a snooze early. */
    unsnooze: (id: string, province?: string) => post<Alert>(alertPath(id, "unsnooze", province)),
    /** Acknowledges several alerts; each id gets its outcome. */
    acknowledgeMany: (ids: string[], note?: string, province?: string) =>
      post<BulkAckResult>(`/v1/alerts/ack${query({ province })}`, { ids, ...(note ? { note } : {}) }),
    /** One page of the audit trail, newest first (admin). */
    audit: async (q: AuditQuery = {}) =>
      (await (await send(`/v1/audit${query(q)}`)).json()) as {
        province: string;
        records: AuditRecordView[];
        nextCursor?: string;
      },
    /** The same search as a CSV file. */
    async exportAudit(q: Omit<AuditQuery, "limit" | "cursor"> = {}): Promise<Download> {
      const response = await send(`/v1/audit.csv${query(q)}`);
      const disposition = response.headers.get("content-disposition") ?? "";
      return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? "nhat-ky.csv" };
    },
  };
}

/** The ops client's type. */
export type OpsClient = ReturnType<typeof createOpsClient>;
