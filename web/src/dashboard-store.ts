/**
 * The dashboard's state: the province, its communes and their latest values, the chosen metric
 * and the live connection. Provided through context; the map and the panels read from it.
 */
import {
  type ApiClient,
  type CommuneMapCollection,
  type ConnectionState,
  connectLive,
  type LiveClient,
} from "@ioc/client";
import { type Alert, DEFAULT_METRIC_KEY, type LatestValueEvent, LIVE_PATH } from "@ioc/core";
import { batch, createContext, createSignal, useContext } from "solid-js";
import { livenessOf, online } from "./network.js";

/**
 * The dashboard pings its live socket this often; the live client declares it dead after two
 * silent intervals. The client's default (25 s, so 50 s of silence) let a 10 s network cut pass
 * unseen; at 2 s a cut shows within 4 s (issue 14). A ping is a few bytes each way.
 */
export const LIVE_HEARTBEAT_MS = 2_000;
/** The longest wait between reconnection attempts: back within seconds of the network. */
export const LIVE_MAX_BACKOFF_MS = 4_000;

/** A latest value as the dashboard keeps it. */
export interface Observation {
  value: number;
  observedAt: number;
}

/** Listens for value changes, e.g. the map applying feature-state. */
export type ValueListener = (commune: string, metric: string, observation: Observation) => void;

/** Listens for alerts opened, changed or resolved on the live connection. */
export type AlertListener = (alert: Alert) => void;

/**
 * Builds the store; `start()` loads the registry and opens the live connection, which presents
 * the signed-in user's `token` (asked again on every reconnection).
 */
export function createDashboardStore(api: ApiClient, liveUrl: string, token?: () => string | undefined) {
  const [collection, setCollection] = createSignal<CommuneMapCollection>();
  const [error, setError] = createSignal<string>();
  const [metric, setMetric] = createSignal(DEFAULT_METRIC_KEY);
  const [connection, setConnection] = createSignal<ConnectionState>("connecting");
  const [lastUpdate, setLastUpdate] = createSignal<number>();
  const [version, setVersion] = createSignal(0);
  const values = new Map<string, Map<string, Observation>>();
  const listeners = new Set<ValueListener>();
  const alertListeners = new Set<AlertListener>();
  let live: LiveClient | undefined;
  // The newest observation loaded: a snapshot's freshness before any live value arrives.
  let newestObserved = 0;

  const put = (commune: string, metricKey: string, observation: Observation): boolean => {
    const perCommune = values.get(commune) ?? new Map<string, Observation>();
    const current = perCommune.get(metricKey);
    if (current && current.observedAt > observation.observedAt) return false;
    perCommune.set(metricKey, observation);
    values.set(commune, perCommune);
    newestObserved = Math.max(newestObserved, observation.observedAt);
    return true;
  };

  const loadSnapshot = async () => {
    const { communes } = await api.communes(collection()?.province.code);
    batch(() => {
      for (const c of communes) {
        for (const [key, v] of Object.entries(c.latest))
          put(c.code, key, { value: v.value, observedAt: Date.parse(v.observedAt) });
      }
      setVersion((n) => n + 1);
    });
  };

  const applyEvent = (event: LatestValueEvent) => {
    const observation = { value: event.value, observedAt: event.observedAt };
    if (!put(event.commune, event.metric, observation)) return;
    setLastUpdate(Date.now());
    for (const listener of listeners) listener(event.commune, event.metric, observation);
  };

  return {
    /** The API client, for panels that fetch what the store does not keep. */
    api,
    /** The signed-in user's token, for requests the API client does not make (the map's tiles). */
    token: () => token?.(),
    collection,
    error,
    metric,
    setMetric,
    connection,
    /** What the screen shows of the feed: the connection, or `offline` when the browser has no network. */
    liveness: () => livenessOf(connection(), online()),
    lastUpdate,
    /** Bumps when a whole snapshot was (re)loaded. */
    version,
    value: (commune: string, metricKey: string) => values.get(commune)?.get(metricKey),
    valuesOf: (metricKey: string) => {
      const out: number[] = [];
      for (const perCommune of values.values()) {
        const v = perCommune.get(metricKey);
        if (v) out.push(v.value);
      }
      return out;
    },
    onValue(listener: ValueListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAlert(listener: AlertListener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    async start() {
      try {
        // `?tiles=0` keeps every boundary in the registry's answer at any size (bench:map's baseline, support).
        const everyBoundary = new URLSearchParams(globalThis.location?.search ?? "").get("tiles") === "0";
        const data = everyBoundary ? await api.communesGeoJson() : await api.communesMap();
        batch(() => {
          for (const f of data.features) {
            for (const [key, v] of Object.entries(f.properties.latest)) {
              put(f.properties.code, key, { value: v.value, observedAt: Date.parse(v.observedAt) });
            }
          }
          setCollection(data);
          setVersion((n) => n + 1);
          if (newestObserved > 0) setLastUpdate((at) => Math.max(at ?? 0, newestObserved));
        });
        live = connectLive({
          url: liveUrl,
          province: data.province.code,
          heartbeatMs: LIVE_HEARTBEAT_MS,
          maxBackoffMs: LIVE_MAX_BACKOFF_MS,
          ...(token ? { token: () => token() ?? "" } : {}),
          onEvent: (event) => {
            if (event.type === "latest") applyEvent(event);
            else if (event.type === "alert") for (const listener of alertListeners) listener(event.alert);
          },
          onSnapshotRequired: () => void loadSnapshot().catch((e) => setError(String(e))),
          onStateChange: setConnection,
        });
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    /** Fetches every latest value again (after a replay, whose screen ignored the live feed). */
    reload: () => loadSnapshot().catch((e) => setError(String(e))),
    stop() {
      live?.close();
    },
  };
}

/**
 * For a resource's fetcher: the value already on show when a refresh fails (a network cut must
 * not blank the screen, and an errored resource throws where it is read), else the error.
 */
export function keepOr<T>(previous: T | undefined, error: unknown): T {
  if (previous !== undefined) return previous;
  throw error;
}

/** The store's type. */
export type DashboardStore = ReturnType<typeof createDashboardStore>;

/** The live socket's URL for the page's origin, unless the build injected one (AWS). */
export function defaultLiveUrl(): string {
  const injected = import.meta.env.VITE_LIVE_URL as string | undefined;
  if (injected) return injected;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${LIVE_PATH}`;
}

const DashboardContext = createContext<DashboardStore>();
/** Provides the store to the component tree. */
export const DashboardProvider = DashboardContext.Provider;

/** The store from context. */
export function useDashboard(): DashboardStore {
  const store = useContext(DashboardContext);
  if (!store) throw new Error("useDashboard() outside <DashboardProvider>");
  return store;
}
