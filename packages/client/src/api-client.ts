/**
 * A typed client of the public API, shared by the dashboard, the simulator-like tools and tests.
 */
import type { Commune, Principal, ReadingInput } from "@ioc/core";

/** A commune as `GET /v1/communes` lists it: registry fields and latest values, no geometry. */
export type CommuneSummary = Omit<Commune, "geometry"> & {
  latest: Record<string, { value: number; observedAt: string }>;
};

/** The province header every registry answer carries. */
export interface ProvinceHeader {
  code: string;
  name: string;
  synthetic: boolean;
}

/** `GET /v1/communes?format=geojson`. */
export interface CommuneFeatureCollection {
  type: "FeatureCollection";
  province: ProvinceHeader;
  features: Array<{
    type: "Feature";
    id: number;
    properties: CommuneSummary;
    geometry: Commune["geometry"];
  }>;
}

/** The answer to an ingest request. */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; code: string; detail: string }>;
}

/** An RFC 9457 problem returned by the API. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** A dashboard sign-in: the token to send, when it expires (epoch ms), and who it names. */
export interface SignIn {
  token: string;
  expiresAt: number;
  user: Principal;
}

/** Options of the client. */
export interface ApiClientOptions {
  /** Base URL of the API; "" for same-origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The signed-in user's token, sent as `Authorization: Bearer` on dashboard calls. */
  token?: () => string | undefined;
  /** Called when the API refuses the token (401 on a dashboard call): the session is over. */
  onUnauthorized?: () => void;
}

/** Builds a client. */
export function createApiClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));

  const request = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await doFetch(`${base}${path}`, init);
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (body ?? {}) as { code?: string; detail?: string };
      throw new ApiProblem(response.status, problem.code ?? "http-error", problem.detail ?? response.statusText);
    }
    return body as T;
  };
  /** A dashboard call: carries the user's token, and ends the session when it is refused. */
  const dashboard = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const token = options.token?.();
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    try {
      return await request<T>(path, { ...init, headers });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) options.onUnauthorized?.();
      throw error;
    }
  };

  return {
    /** Signs a dashboard user in (the local runtime's issuer; Cognito on AWS). */
    login: (username: string, password: string) =>
      request<SignIn>("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      }),
    /** The signed-in user. */
    me: () => dashboard<Principal>("/v1/me"),
    /** The registry with latest values. */
    communes: (province?: string) =>
      dashboard<{ province: ProvinceHeader; communes: CommuneSummary[] }>(
        `/v1/communes${province ? `?province=${encodeURIComponent(province)}` : ""}`,
      ),
    /** The registry as GeoJSON, for the map. */
    communesGeoJson: (province?: string) =>
      dashboard<CommuneFeatureCollection>(
        `/v1/communes?format=geojson${province ? `&province=${encodeURIComponent(province)}` : ""}`,
      ),
    /** Pushes readings with a source key. */
    postReadings: (apiKey: string, readings: ReadingInput[]) =>
      request<IngestReport>("/v1/readings", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ readings }),
      }),
  };
}

/** The API client's type. */
export type ApiClient = ReturnType<typeof createApiClient>;
