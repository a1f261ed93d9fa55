/**
 * History routes (issue 12): a province's trend over years, every commune's value on one day
 * (map playback), and the admin's historical import. Reading needs `read` in the province (the
 * `dashboardReader` guard in app.ts); importing is an admin's (docs/HISTORY.md).
 */

import {
  communesHistoryRoute,
  historyImportRoute,
  MAX_HISTORY_HOUR_DAYS,
  MAX_HISTORY_IMPORT_BYTES,
  MAX_HISTORY_IMPORT_ROWS,
  provinceHistoryRoute,
} from "@ioc/contract";
import {
  aggregate,
  CsvSyntaxError,
  findMetric,
  HistoryImportRefusedError,
  type HistoryPoint,
  HistoryProvinceNotFoundError,
  type HistoryStore,
  historyItemsFromCsv,
  importHistory,
  type Principal,
  vnDate,
  vnDateStart,
  vnDayStart,
} from "@ioc/core";
import { bodyLimit } from "hono/body-limit";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The widest daily range one request may ask: a resolution's term and more. */
const MAX_DAYS = 11 * 366;
/** The history route path the app exempts from its 64 KiB dashboard body limit. */
export const HISTORY_IMPORT_PATH = "/v1/history/import";

type HistoryEnv = { Variables: { principal?: Principal } };

/** The history routes; `deps.history` must be given (createDynamoStores does). */
export function historyRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono<HistoryEnv>();
  const historyOf = (): HistoryStore => {
    if (!deps.history) throw problem("store-unavailable", { detail: "history is not configured in this deployment" });
    return deps.history;
  };
  const metricOf = (key: string) => {
    const metric = findMetric(key);
    if (!metric) throw problem("invalid-request", { detail: `query metric: "${key}" is not in the catalogue` });
    return metric;
  };
  const provinceOf = async (code: string | undefined) => {
    const p = code ?? deps.defaultProvince;
    const province = await registry.get(p);
    if (!province) throw problem("province-not-found", { detail: `province ${p} is not in the registry` });
    return province;
  };
  const iso = (t: number) => new Date(t).toISOString();

  app.openapi(provinceHistoryRoute, async (c) => {
    const q = c.req.valid("query");
    const metric = metricOf(q.metric);
    const province = await provinceOf(q.province);
    const today = vnDayStart(deps.clock());
    const toDay = q.to ? vnDateStart(q.to) : today;
    const fromDay = q.from ? vnDateStart(q.from) : toDay - 365 * DAY_MS;
    if (fromDay > toDay) throw problem("invalid-request", { detail: "query from: must not be after to" });
    if (toDay > today + DAY_MS) throw problem("invalid-request", { detail: "query to: must not be after tomorrow" });
    if (fromDay < vnDateStart("2000-01-01"))
      throw problem("invalid-request", { detail: "query from: must not be before 2000-01-01" });
    const span = (toDay - fromDay) / DAY_MS + 1;
    let points: Array<HistoryPoint & { date?: string }>;
    if (q.resolution === "day") {
      if (span > MAX_DAYS)
        throw problem("invalid-request", { detail: `the range holds ${span} days; at most ${MAX_DAYS}` });
      points = (await historyOf().provinceDays(province.code, metric.key, fromDay, toDay)).map((p) => ({
        ...p,
        date: vnDate(p.t),
      }));
    } else {
      if (span > MAX_HISTORY_HOUR_DAYS)
        throw problem("invalid-request", {
          detail: `the range holds ${span} days; hourly history takes at most ${MAX_HISTORY_HOUR_DAYS}`,
        });
      // Hours come from the hour buckets (kept 90 days): per hour, the communes that reported,
      // each at its hour's mean, aggregated the metric's way.
      const days = await Promise.all(
        Array.from({ length: span }, (_, i) => fromDay + i * DAY_MS).map(async (day) => ({
          day,
          stats: await deps.dashboard.getDayStats(province.code, metric.key, day),
        })),
      );
      points = [];
      for (const { day, stats } of days) {
        const hours = new Map<number, Array<{ value: number; population: number; observedAt: number }>>();
        const counts = new Map<number, number>();
        for (const [code, byHour] of Object.entries(stats)) {
          const population = province.byCode.get(code)?.population ?? 0;
          for (const [hh, [count, sum]] of Object.entries(byHour)) {
            const t = day + Number(hh) * HOUR_MS;
            hours.set(t, [...(hours.get(t) ?? []), { value: sum / count, population, observedAt: t }]);
            counts.set(t, (counts.get(t) ?? 0) + count);
          }
        }
        for (const [t, rows] of [...hours].sort(([a], [b]) => a - b)) {
          const value = aggregate(metric, rows);
          if (value !== undefined) points.push({ t, value, count: counts.get(t) ?? 0, source: "stream" });
        }
      }
    }
    return c.json(
      {
        province: province.code,
        metric: metric.key,
        resolution: q.resolution,
        from: vnDate(fromDay),
        to: vnDate(toDay),
        points: points.map((p) => ({
          t: iso(p.t),
          ...(p.date ? { date: p.date } : {}),
          value: p.value,
          count: p.count,
          source: p.source,
        })),
      },
      200,
    );
  });

  app.openapi(communesHistoryRoute, async (c) => {
    const q = c.req.valid("query");
    const metric = metricOf(q.metric);
    const province = await provinceOf(q.province);
    const day = vnDateStart(q.date);
    const history = historyOf();
    const [values, provinceDay] = await Promise.all([
      history.communeDay(province.code, metric.key, day),
      history.provinceDays(province.code, metric.key, day, day),
    ]);
    const point = provinceDay[0];
    return c.json(
      {
        province: province.code,
        metric: metric.key,
        date: q.date,
        values,
        ...(point
          ? {
              provinceValue: {
                t: iso(point.t),
                date: q.date,
                value: point.value,
                count: point.count,
                source: point.source,
              },
            }
          : {}),
      },
      200,
    );
  });

  app.openapi(
    {
      ...historyImportRoute,
      middleware: [
        bodyLimit({
          maxSize: MAX_HISTORY_IMPORT_BYTES,
          onError: () => {
            throw problem("payload-too-large", {
              detail: `the file exceeds ${MAX_HISTORY_IMPORT_BYTES} bytes; split it or use 'ioc history import FILE'`,
            });
          },
        }),
      ],
    },
    async (c) => {
      const principal = c.get("principal");
      if (!principal) throw problem("unauthorized", { detail: "importing history needs a signed-in admin" });
      const code = c.req.valid("query").province ?? deps.defaultProvince;
      // Admin only: the permission that governs what feeds a province's data (sources and keys).
      assertCan(principal, "sources:write", code);
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (contentType !== "text/csv")
        throw problem("unsupported-media-type", { detail: `send text/csv; got ${contentType || "no content type"}` });
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
      } catch (error) {
        throw problem("invalid-encoding", { detail: "the body is not valid UTF-8", cause: error });
      }
      let items: ReturnType<typeof historyItemsFromCsv>;
      try {
        items = historyItemsFromCsv(text);
      } catch (error) {
        if (error instanceof CsvSyntaxError)
          throw problem("malformed-csv", { detail: error.message, extensions: { line: error.line }, cause: error });
        throw error;
      }
      if (items.length === 0) throw problem("invalid-body", { detail: "the CSV has a header but no rows" });
      if (items.length > MAX_HISTORY_IMPORT_ROWS)
        throw problem("payload-too-large", {
          detail: `${items.length} rows; at most ${MAX_HISTORY_IMPORT_ROWS} per request (or use 'ioc history import FILE')`,
        });
      try {
        const result = await importHistory(
          items,
          { registry: deps.registry, legacyCodes: deps.legacyCodes, history: historyOf() },
          { province: code, now: deps.clock(), source: "import" },
        );
        deps.logger.info("history imported", { province: code, by: principal.username, ...result });
        return c.json(result, 200);
      } catch (error) {
        if (error instanceof HistoryProvinceNotFoundError)
          throw problem("province-not-found", { detail: error.message, cause: error });
        if (error instanceof HistoryImportRefusedError) {
          throw problem("history-import-refused", {
            detail: `${error.total} row(s) refused, nothing was stored; fix them and send the whole file again`,
            extensions: { rejected: error.rejected },
            cause: error,
          });
        }
        throw error;
      }
    },
  );

  return app;
}
