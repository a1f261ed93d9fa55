/**
 * The alerts console's state: the alerts fetched for the current filters (a page at a time),
 * merged with the live `alert` events, counts per severity, and which alerts just arrived as new
 * critical ones.
 */
import type { AlertCounts, AlertQuery } from "@ioc/client";
import { type Alert, type AlertStatus, isSnoozed, type Severity } from "@ioc/core";
import {
  batch,
  createContext,
  createMemo,
  createResource,
  createSignal,
  onCleanup,
  untrack,
  useContext,
} from "solid-js";
import type { DashboardStore } from "../dashboard-store.js";

/** The console's filters; undefined means "any". */
export interface AlertFilters {
  severity?: Severity;
  /** "active": open or acknowledged, i.e. still someone's work (the default). */
  status?: AlertStatus | "active";
  metric?: string;
}

/** How long a new critical alert stays highlighted. */
export const FRESH_MS = 6000;
/** Alerts per page of `GET /v1/alerts` (its maximum). */
export const PAGE_SIZE = 200;

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** True when `alert` passes `filters`. */
export function matches(alert: Alert, filters: AlertFilters): boolean {
  return (
    (!filters.severity || alert.severity === filters.severity) &&
    (!filters.status ||
      (filters.status === "active" ? alert.status !== "resolved" : alert.status === filters.status)) &&
    (!filters.metric || alert.metric === filters.metric)
  );
}

/** The server's side of `filters`: "active" asks for every status and is narrowed here. */
function toQuery(filters: AlertFilters): AlertQuery {
  const query: AlertQuery = { limit: PAGE_SIZE };
  if (filters.severity) query.severity = filters.severity;
  if (filters.status && filters.status !== "active") query.status = filters.status;
  if (filters.metric) query.metric = filters.metric;
  return query;
}

/** True when the server would list `alert` for `query`. */
function inQuery(alert: Alert, query: AlertQuery): boolean {
  return (
    (!query.severity || alert.severity === query.severity) &&
    (!query.status || alert.status === query.status) &&
    (!query.metric || alert.metric === query.metric)
  );
}

/** The newer of two versions of one alert: the one with the longer history, then the later sighting. */
function newer(a: Alert | undefined, b: Alert): Alert {
  if (!a) return b;
  if (b.history.length !== a.history.length) return b.history.length > a.history.length ? b : a;
  return b.lastSeenAt >= a.lastSeenAt ? b : a;
}

/**
 * Builds the store inside a reactive owner (a component): fetches per filter set, listens to the
 * live connection, and lets `onCritical` react to a new critical alert (the sound cue).
 */
export function createAlertsStore(dashboard: DashboardStore, onCritical?: (alert: Alert) => void) {
  const [filters, setFilters] = createSignal<AlertFilters>({ status: "active" });
  const [byId, setById] = createSignal<ReadonlyMap<string, Alert>>(new Map());
  const [counts, setCounts] = createSignal<AlertCounts>({ critical: 0, warning: 0, info: 0 });
  const [fresh, setFresh] = createSignal<ReadonlySet<string>>(new Set());
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // Paging: the server pages by offset, newest first. New or re-sighted alerts push the list down
  // (the next page repeats a few, merged by id); an alert that leaves the query (acknowledged
  // under "open") pulls it up, so the next page starts that many earlier rather than skip one.
  const [nextCursor, setNextCursor] = createSignal<string>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string>();
  // Untracked: building the store must not subscribe whoever builds it to the filters.
  let query: AlertQuery = toQuery(untrack(filters));
  let leftSincePage = 0;
  let generation = 0;

  const put = (alert: Alert) => {
    setById((current) => {
      const next = new Map(current);
      next.set(alert.id, newer(current.get(alert.id), alert));
      return next;
    });
  };

  // Keyed on the filters and on snapshot reloads (a long disconnection refetches).
  const [page] = createResource(
    () => ({ ...filters(), version: dashboard.version() }),
    async ({ version: _v, ...f }) => {
      const asked = toQuery(f);
      const mine = ++generation;
      query = asked;
      setNextCursor(undefined);
      setMoreError(undefined);
      const result = await dashboard.api.alerts(asked);
      if (mine !== generation) return result;
      batch(() => {
        for (const alert of result.alerts) put(alert);
        setCounts(result.counts);
        leftSincePage = 0;
        setNextCursor(result.nextCursor);
      });
      return result;
    },
  );

  /** Fetches the page after the last one for the current filters, if there is one. */
  const loadMore = async () => {
    const cursor = nextCursor();
    if (cursor === undefined || loadingMore()) return;
    const mine = generation;
    const offset = Math.max(0, Number(cursor) - leftSincePage);
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const result = await dashboard.api.alerts({ ...query, cursor: String(offset) });
      if (mine !== generation) return;
      batch(() => {
        for (const alert of result.alerts) put(alert);
        setCounts(result.counts);
        leftSincePage = 0;
        setNextCursor(result.nextCursor);
      });
    } catch (error) {
      if (mine === generation) setMoreError(error instanceof Error ? error.message : String(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const markFresh = (id: string) => {
    setFresh((s) => new Set(s).add(id));
    const timer = setTimeout(() => {
      timers.delete(timer);
      setFresh((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }, FRESH_MS);
    timers.add(timer);
  };

  /** Applies an alert from the live connection or from an acknowledge/resolve answer. */
  const apply = (alert: Alert, live: boolean) => {
    const before = byId().get(alert.id);
    const merged = newer(before, alert);
    if (merged !== alert) return;
    if (before && inQuery(before, query) && !inQuery(alert, query)) leftSincePage++;
    const wasActive = before !== undefined && before.status !== "resolved";
    const isActive = alert.status !== "resolved";
    batch(() => {
      if (wasActive !== isActive || (before && before.severity !== alert.severity)) {
        setCounts((c) => {
          const next = { ...c };
          if (wasActive && before) next[before.severity] = Math.max(0, next[before.severity] - 1);
          if (isActive) next[alert.severity]++;
          return next;
        });
      }
      put(alert);
      const isNew = !before || before.status === "resolved" || (!before.escalated && alert.escalated);
      // A snoozed alert does not nag (alert-ops.ts): someone said why and until when.
      if (live && alert.severity === "critical" && alert.status === "open" && isNew && !isSnoozed(alert, Date.now())) {
        markFresh(alert.id);
        onCritical?.(alert);
      }
    });
  };

  const unsubscribe = dashboard.onAlert((alert) => apply(alert, true));
  onCleanup(() => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
  });

  /** The alerts on show: matching the filters, escalated first, then severity, then newest. */
  const visible = createMemo(() => {
    const f = filters();
    return [...byId().values()]
      .filter((a) => matches(a, f))
      .sort(
        (a, b) =>
          Number(b.escalated) - Number(a.escalated) ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          b.lastSeenAt - a.lastSeenAt ||
          a.id.localeCompare(b.id),
      );
  });

  return {
    filters,
    setFilters,
    visible,
    counts,
    fresh,
    loading: () => page.loading,
    /** True when the server holds more alerts for these filters than were fetched. */
    hasMore: () => nextCursor() !== undefined,
    loadingMore,
    loadMore,
    error: () => (page.error ? String(page.error) : moreError()),
    /** One alert by id, as last seen. */
    get: (id: string) => byId().get(id),
    /** The open alerts of one commune. */
    openOf: (commune: string) => [...byId().values()].filter((a) => a.commune === commune && a.status !== "resolved"),
    async acknowledge(id: string, note?: string) {
      apply(await dashboard.api.acknowledgeAlert(id, note), false);
    },
    async resolve(id: string, note?: string) {
      apply(await dashboard.api.resolveAlert(id, note), false);
    },
    /** Applies an alert an ops action answered with (assign, snooze, bulk acknowledge). */
    applyAnswer: (alert: Alert) => apply(alert, false),
  };
}

/** The alerts store's type. */
export type AlertsStore = ReturnType<typeof createAlertsStore>;

const AlertsContext = createContext<AlertsStore>();
/** Provides the alerts store to the component tree. */
export const AlertsProvider = AlertsContext.Provider;

/** The alerts store from context. */
export function useAlerts(): AlertsStore {
  const store = useContext(AlertsContext);
  if (!store) throw new Error("useAlerts() outside <AlertsProvider>");
  return store;
}
