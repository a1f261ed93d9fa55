/**
 * A typed client of the public API, shared by the dashboard, the simulator-like tools and tests.
 */
import type {
  AlertPage,
  AlertQuery,
  CommuneDetail,
  CommuneFeatureCollection,
  CommuneList,
  CommuneMapCollection,
  IngestReport,
  KpisResponse,
  ProvinceHeader,
  ScenarioList,
  Series,
  SeriesQuery,
  SignIn,
} from "@ioc/contract";
import type {
  Alert,
  AlertRule,
  Changes,
  DxIndex,
  GapFilter,
  GapRanking,
  Principal,
  ReadingInput,
  SavedScenario,
  Scenario,
  ScenarioResult,
  TargetPath,
} from "@ioc/core";

// The wire types come from the contract the API validates and documents with (type imports only:
// no zod or Hono reaches the dashboard's bundle).
export type {
  AlertCounts,
  AlertPage,
  AlertQuery,
  CommuneDetail,
  CommuneFeatureCollection,
  CommuneLabelCollection,
  CommuneList,
  CommuneMapCollection,
  CommuneSummary,
  IngestReport,
  KpisResponse,
  KpiWithTrend,
  ProvinceHeader,
  ScenarioList,
  Series,
  SeriesPoint,
  SeriesQuery,
  SignIn,
} from "@ioc/contract";

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

/** A query string from the defined entries of `params` ("" when none). */
function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
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
      dashboard<CommuneList>(`/v1/communes${province ? `?province=${encodeURIComponent(province)}` : ""}`),
    /** The registry as GeoJSON, for the map. */
    communesGeoJson: (province?: string) =>
      dashboard<CommuneFeatureCollection>(
        `/v1/communes?format=geojson${province ? `&province=${encodeURIComponent(province)}` : ""}`,
      ),
    /**
     * The registry for the map: with boundaries for a province, with label points and bounding
     * boxes only (`tiled`) for a national-size registry, whose boundaries come as vector tiles.
     */
    communesMap: (province?: string) =>
      dashboard<CommuneMapCollection>(
        `/v1/communes?format=geojson&boundaries=auto${province ? `&province=${encodeURIComponent(province)}` : ""}`,
      ),
    /** One commune with its latest values and boundary (the map's outline of a tiled commune). */
    commune: (code: string, province?: string) =>
      dashboard<CommuneDetail>(`/v1/communes/${encodeURIComponent(code)}${queryString({ province })}`),
    /** Province indicators against their targets. */
    kpis: (province?: string) => dashboard<KpisResponse>(`/v1/kpis${queryString({ province })}`),
    /** One page of alerts, with counts per severity. */
    alerts: (query: AlertQuery = {}) => dashboard<AlertPage>(`/v1/alerts${queryString({ ...query })}`),
    /** One alert with its history. Alert ids contain ":", hence the encoding. */
    alert: (id: string, province?: string) =>
      dashboard<Alert>(`/v1/alerts/${encodeURIComponent(id)}${queryString({ province })}`),
    /** Acknowledges an alert (ops, admin); 409 when it already was. */
    acknowledgeAlert: (id: string, note?: string, province?: string) =>
      dashboard<Alert>(`/v1/alerts/${encodeURIComponent(id)}/ack${queryString({ province })}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(note ? { note } : {}),
      }),
    /** Resolves an alert by hand (ops, admin); 409 when it already is. */
    resolveAlert: (id: string, note?: string, province?: string) =>
      dashboard<Alert>(`/v1/alerts/${encodeURIComponent(id)}/resolve${queryString({ province })}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(note ? { note } : {}),
      }),
    /** A commune's series of one metric (hourly or daily buckets). */
    series: (commune: string, query: SeriesQuery) =>
      dashboard<Series>(`/v1/communes/${encodeURIComponent(commune)}/series${queryString({ ...query })}`),
    /** The alert rules. */
    rules: () => dashboard<{ rules: AlertRule[] }>("/v1/rules"),
    /** The province's target paths (its own or the national defaults). */
    targets: (province?: string) =>
      dashboard<{ province: string; paths: Array<TargetPath & { origin: "province" | "default" }> }>(
        `/v1/targets${queryString({ province })}`,
      ),
    /** What changed since yesterday or last week. */
    changes: (since: "day" | "week", province?: string) =>
      dashboard<Changes & { province: string; generatedAt: string; basis: { vi: string; en: string } }>(
        `/v1/changes${queryString({ since, province })}`,
      ),
    /** The leaders' weekly report as a PDF file. */
    weeklyReport: async (query: { date?: string; lang?: "vi" | "en"; metric?: string; province?: string } = {}) => {
      const token = options.token?.();
      const response = await doFetch(`${base}/v1/reports/weekly${queryString({ ...query })}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
        if (response.status === 401) options.onUnauthorized?.();
        throw new ApiProblem(response.status, problem.code ?? "http-error", problem.detail ?? response.statusText);
      }
      return response.blob();
    },
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

/** Filters of `GET /v1/gaps` as the planning view sends them. */
export type GapQuery = Omit<GapFilter, "provinceCode"> & { province?: string };

/** `GET /v1/gaps`: the ranking with its province. */
export type GapsResponse = GapRanking & { province: ProvinceHeader; generatedAt: string };

/** `GET /v1/dx-index`. */
export type DxIndexResponse = DxIndex & { province: ProvinceHeader; generatedAt: string };

/** A saved scenario with its recomputed gaps, as `POST /v1/scenarios` and `GET /v1/scenarios/{id}` return it. */
export type ScenarioView = Omit<SavedScenario, "createdAt"> & { createdAt: string; result: ScenarioResult };

/** A file the API sent for download, with the name it proposed. */
export interface Download {
  blob: Blob;
  filename: string;
}

/** The CSV dialect: `comma` (`.` decimals) or `semicolon` (`,` decimals, Excel set to Vietnamese). */
export type CsvSeparator = "comma" | "semicolon";

function gapQueryString(query: GapQuery, format?: "csv" | "geojson", separator?: CsvSeparator): string {
  return queryString({
    province: query.province,
    format,
    separator,
    terrain: query.terrain?.join(","),
    border: query.border === undefined ? undefined : String(query.border),
    extremelyDisadvantaged:
      query.extremelyDisadvantaged === undefined ? undefined : String(query.extremelyDisadvantaged),
    minPopulation: query.minPopulation,
  });
}

/**
 * The planner routes (docs/GAPS.md). A client of its own beside `createApiClient` rather than
 * inside it, because exports are files, not JSON, and need the raw response.
 */
export function createPlanningClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const token = options.token?.();
    if (token) headers.set("authorization", `Bearer ${token}`);
    const response = await doFetch(`${base}${path}`, { ...init, headers });
    if (response.ok) return response;
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    if (response.status === 401) options.onUnauthorized?.();
    throw new ApiProblem(response.status, problem.code ?? "http-error", problem.detail ?? response.statusText);
  };
  const json = async <T>(path: string, init?: RequestInit) => (await (await send(path, init)).json()) as T;

  return {
    /** Communes ranked by coverage gap, with the reasons (gaps:read). */
    gaps: (query: GapQuery = {}) => json<GapsResponse>(`/v1/gaps${gapQueryString(query)}`),
    /** The ranking as a CSV (in either dialect) or GeoJSON file (gaps:export). */
    async exportGaps(format: "csv" | "geojson", query: GapQuery = {}, separator?: CsvSeparator): Promise<Download> {
      const response = await send(`/v1/gaps${gapQueryString(query, format, format === "csv" ? separator : undefined)}`);
      const disposition = response.headers.get("content-disposition") ?? "";
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `khoang-trong-phu-song.${format}`;
      return { blob: await response.blob(), filename };
    },
    /** The commune digital-transformation index, ranked. */
    dxIndex: (province?: string) => json<DxIndexResponse>(`/v1/dx-index${queryString({ province })}`),
    /** Saves a scenario (planner, admin) and returns it with its result for the given filters. */
    saveScenario: (scenario: Scenario, province?: string, filters: GapQuery = {}) =>
      json<ScenarioView>(`/v1/scenarios${gapQueryString({ ...filters, province })}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(scenario),
      }),
    /** The signed-in user's scenarios, newest first. */
    scenarios: () => json<ScenarioList>("/v1/scenarios"),
    /** A scenario by id (a shared link), recomputed against today's values. */
    scenario: (id: string, filters: GapQuery = {}) =>
      json<ScenarioView>(
        `/v1/scenarios/${encodeURIComponent(id)}${gapQueryString({ ...filters, province: undefined })}`,
      ),
  };
}

/** The planning client's type. */
export type PlanningClient = ReturnType<typeof createPlanningClient>;
