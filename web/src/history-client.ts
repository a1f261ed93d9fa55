/**
 * The dashboard's client of the history routes (issue 12): a province's trend of one metric and
 * one day's values of every commune. Same calling convention as `@ioc/client` (the user's token,
 * a refused token ends the session); answers are cached briefly so the KPI strip, the trend chart
 * and the playback asking for the same range fetch it once.
 */
import { ApiProblem } from "@ioc/client";
// Type imports only: the wire shapes come from the contract, no zod reaches the bundle. Read as
// zod 4's `_zod.output` (what `z.output` names): web resolves another zod copy than the contract.
import type { communesDaySchema, provinceHistorySchema } from "@ioc/contract";
import { createContext, useContext } from "solid-js";

/** `GET /v1/history/province`: a province's daily or hourly values of one metric, oldest first. */
export type ProvinceTrend = (typeof provinceHistorySchema)["_zod"]["output"];
/** One point of a province trend. */
export type TrendPoint = ProvinceTrend["points"][number];
/** `GET /v1/history/communes`: every commune's value of one metric on one day. */
export type DayValues = (typeof communesDaySchema)["_zod"]["output"];

/** What the dashboard asks of history. */
export interface HistoryClient {
  /** The province trend of `metric` from day `from` to day `to` (default today), by day or by hour. */
  provinceTrend(query: {
    province?: string | undefined;
    metric: string;
    from: string;
    to?: string;
    resolution: "day" | "hour";
  }): Promise<ProvinceTrend>;
  /** Every commune's value of `metric` on province day `date` ("YYYY-MM-DD"). */
  dayValues(query: { province?: string | undefined; metric: string; date: string }): Promise<DayValues>;
}

/** Options of the history client, as `ApiClientOptions`. */
export interface HistoryClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  token?: () => string | undefined;
  onUnauthorized?: () => void;
  /** How long an answer is reused (ms); 0 turns the cache off. */
  cacheMs?: number;
  now?: () => number;
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  return search.toString();
};

/** Builds the history client. */
export function createHistoryClient(options: HistoryClientOptions = {}): HistoryClient {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const cacheMs = options.cacheMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; answer: Promise<unknown> }>();

  const get = <T>(path: string): Promise<T> => {
    const hit = cache.get(path);
    if (hit && now() - hit.at < cacheMs) return hit.answer as Promise<T>;
    const answer = (async () => {
      const headers = new Headers();
      const token = options.token?.();
      if (token) headers.set("authorization", `Bearer ${token}`);
      const response = await doFetch(`${base}${path}`, { headers });
      const text = await response.text();
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      if (!response.ok) {
        if (response.status === 401) options.onUnauthorized?.();
        const problem = (body ?? {}) as { code?: string; detail?: string };
        throw new ApiProblem(response.status, problem.code ?? "http-error", problem.detail ?? response.statusText);
      }
      return body as T;
    })();
    cache.set(path, { at: now(), answer });
    // A failure is not kept: the next ask tries again.
    answer.catch(() => cache.get(path)?.answer === answer && cache.delete(path));
    return answer;
  };

  return {
    provinceTrend: (q) =>
      get<ProvinceTrend>(
        `/v1/history/province?${query({ province: q.province, metric: q.metric, from: q.from, to: q.to, resolution: q.resolution })}`,
      ),
    dayValues: (q) =>
      get<DayValues>(`/v1/history/communes?${query({ province: q.province, metric: q.metric, date: q.date })}`),
  };
}

const HistoryContext = createContext<HistoryClient>();
/** Provides the history client to the component tree. */
export const HistoryProvider = HistoryContext.Provider;

/** The history client from context; undefined where none is provided (the wall, older tests). */
export function useHistory(): HistoryClient | undefined {
  return useContext(HistoryContext);
}
