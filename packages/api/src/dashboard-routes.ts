/**
 * The dashboard's routes beyond the registry (docs/API-CONTRACT.md): province indicators, a
 * commune's series, alerts with acknowledge/resolve, and alert rules.
 */

import {
  acknowledgeRoute,
  alertActionSchema,
  alertRoute,
  alertRuleSchema,
  alertsRoute,
  kpisRoute,
  putRuleRoute,
  resolveRoute,
  rulesRoute,
  seriesRoute,
} from "@ioc/contract";
import {
  type Alert,
  type AlertRule,
  AlertTransitionError,
  acknowledge,
  findMetric,
  HOURLY_RETENTION_DAYS,
  type Principal,
  resolveByHand,
  vnDayStart,
} from "@ioc/core";
import type { Context } from "hono";
import { alertAuditView, recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { kpisOnPath } from "./targets-routes.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

const HOUR = 3_600_000;
/** How far past the clock a series may reach (clock skew between a source and the server). */
const MAX_FUTURE_MS = 86_400_000;
/** No reading is older than the product; earlier dates are a client's mistake. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** The signed-in user, or a 401 when the app runs without dashboard identity. */
function principalOf(c: { get(key: "principal"): Principal | undefined }): Principal {
  const principal = c.get("principal");
  if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
  return principal;
}

type DashboardEnv = { Variables: { principal?: Principal } };

/** The dashboard routes; mount at `/v1`. */
export function dashboardRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<DashboardEnv>();
  const provinceOf = (code: string | undefined) => code ?? deps.defaultProvince;

  app.openapi(kpisRoute, async (c) => {
    const { province: p } = c.req.valid("query");
    const province = provinceOf(p);
    // Each indicator judged against the province's own path and its trend (targets-routes.ts).
    const kpis = (await kpisOnPath(deps, province)).map(({ spark: _spark, ...kpi }) => kpi);
    return c.json({ province, generatedAt: new Date(deps.clock()).toISOString(), kpis });
  });

  app.openapi(seriesRoute, async (c) => {
    const { code } = c.req.valid("param");
    const q = c.req.valid("query");
    const metric = findMetric(q.metric);
    if (!metric) throw problem("invalid-request", { detail: `query metric: "${q.metric}" is not in the catalogue` });
    const now = deps.clock();
    const to = q.to ? Date.parse(q.to) : now;
    const from = q.from ? Date.parse(q.from) : to - 7 * 86_400_000;
    // Nothing is stored ahead of the clock; a far-future `to` used to reach the store as a day key it refused.
    if (!Number.isFinite(to) || to > now + MAX_FUTURE_MS)
      throw problem("invalid-request", { detail: "query to: must not be more than one day after now" });
    if (!Number.isFinite(from) || from < EARLIEST_MS)
      throw problem("invalid-request", { detail: "query from: must not be before 2000-01-01" });
    if (from > to) throw problem("invalid-request", { detail: "query from: must not be after to" });
    const points = q.step === "1h" ? (to - from) / HOUR : (to - from) / 86_400_000;
    if (points > 1000)
      throw problem("invalid-request", {
        detail: `the range holds ${Math.ceil(points)} ${q.step} points; at most 1000`,
      });
    const province = provinceOf(q.province);
    // Hour buckets last HOURLY_RETENTION_DAYS: a daily series reaching further back reads the
    // stored days, kept for years (and holding the imported past the hours never had).
    if (q.step === "1d" && deps.history && from < now - HOURLY_RETENTION_DAYS * 86_400_000) {
      const days = await deps.history.communeDays(province, metric.key, code, vnDayStart(from), vnDayStart(to));
      return c.json({
        commune: code,
        metric: metric.key,
        step: q.step,
        points: days.map(({ dayStart, count, sum, min, max }) => ({
          t: new Date(dayStart).toISOString(),
          count,
          sum,
          min,
          max,
          mean: sum / count,
        })),
      });
    }
    const days = await deps.dashboard.getCommuneHours(province, metric.key, code, vnDayStart(from), vnDayStart(to));
    const buckets = new Map<number, [number, number, number, number]>();
    for (const [dayStart, hours] of days) {
      for (const [hh, [count, sum, min, max]] of Object.entries(hours)) {
        const hourStart = dayStart + Number(hh) * HOUR;
        if (hourStart < from - HOUR || hourStart > to) continue;
        const t = q.step === "1h" ? hourStart : dayStart;
        const b = buckets.get(t);
        buckets.set(
          t,
          b ? [b[0] + count, b[1] + sum, Math.min(b[2], min), Math.max(b[3], max)] : [count, sum, min, max],
        );
      }
    }
    return c.json({
      commune: code,
      metric: metric.key,
      step: q.step,
      points: [...buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([t, [count, sum, min, max]]) => ({
          t: new Date(t).toISOString(),
          count,
          sum,
          min,
          max,
          mean: sum / count,
        })),
    });
  });

  app.openapi(alertsRoute, async (c) => {
    const q = c.req.valid("query");
    const all = await deps.dashboard.listAlerts(provinceOf(q.province));
    const counts = { critical: 0, warning: 0, info: 0 };
    for (const a of all) if (a.status !== "resolved") counts[a.severity]++;
    const matching = all
      .filter(
        (a) =>
          (!q.status || a.status === q.status) &&
          (!q.severity || a.severity === q.severity) &&
          (!q.metric || a.metric === q.metric) &&
          (!q.commune || a.commune === q.commune),
      )
      .sort(
        (a, b) =>
          b.lastSeenAt - a.lastSeenAt ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          a.id.localeCompare(b.id),
      );
    const offset = Number(q.cursor ?? 0);
    const page = matching.slice(offset, offset + q.limit);
    return c.json({
      alerts: page,
      counts,
      ...(offset + q.limit < matching.length ? { nextCursor: String(offset + q.limit) } : {}),
    });
  });

  app.openapi(alertRoute, async (c) => {
    // Hono has decoded the path once; decoding again broke ids holding "%" (and threw a 500 on "%zz").
    const { id } = c.req.valid("param");
    const province = provinceOf(c.req.query("province"));
    const alert = (await deps.dashboard.listAlerts(province)).find((a) => a.id === id);
    if (!alert) throw problem("alert-not-found", { detail: `no alert ${id} in province ${province}` });
    return c.json(alert);
  });

  const transition =
    (action: (alert: Alert, by: string, at: number, note?: string) => Alert, audited: "alert.ack" | "alert.resolve") =>
    async (c: Context<DashboardEnv>) => {
      const principal = principalOf(c);
      const province = provinceOf(c.req.query("province"));
      assertCan(principal, "alerts:write", province);
      const body = parseJsonOrProblem(await c.req.text(), {});
      const { note } = parseOrProblem(alertActionSchema, body, "body");
      // Decoded once by Hono and bounded by the contract (MAX_PATH_ID_CHARS): no second decode.
      const id = c.req.param("id") ?? "";
      try {
        let before: Alert | undefined;
        const updated = await deps.dashboard.updateAlert(province, id, (alert) => {
          before = alert;
          return action(alert, principal.username, deps.clock(), note);
        });
        if (!updated) throw problem("alert-not-found", { detail: `no alert ${id} in province ${province}` });
        await recordAudit(deps, c, principal, {
          province,
          action: audited,
          objectType: "alert",
          objectId: id,
          ...(before ? { before: alertAuditView(before) } : {}),
          after: { ...alertAuditView(updated), ...(note ? { note } : {}) },
        });
        return c.json(updated);
      } catch (error) {
        if (error instanceof AlertTransitionError) throw problem(error.code, { detail: error.message, cause: error });
        throw error;
      }
    };
  app.openapi(acknowledgeRoute, transition(acknowledge, "alert.ack"));
  app.openapi(resolveRoute, transition(resolveByHand, "alert.resolve"));

  app.openapi(rulesRoute, async (c) => {
    // The reader middleware has checked the user may see this province; the list is its own.
    const province = provinceOf(c.req.valid("query").province);
    return c.json({ province, rules: await deps.dashboard.listRules(province) });
  });
  app.openapi(putRuleRoute, async (c) => {
    const principal = principalOf(c);
    // A rule belongs to one province (issue 15): the admin must hold rules:write there, and the
    // rule is stored there only, so no admin can change what another province obeys.
    const province = provinceOf(c.req.valid("query").province);
    assertCan(principal, "rules:write", province);
    const body = parseJsonOrProblem(await c.req.text());
    const rule = parseOrProblem(alertRuleSchema, body, "body") as AlertRule;
    if (rule.id !== c.req.param("id")) throw problem("invalid-request", { detail: "body id must match the path" });
    if (rule.province !== undefined && rule.province !== province)
      throw problem("invalid-request", {
        detail: `body province: ${rule.province} is not the province of the request (${province})`,
      });
    if (rule.condition.kind !== "stale" && !findMetric(rule.condition.metric)) {
      throw problem("invalid-request", {
        detail: `body condition.metric: "${rule.condition.metric}" is not in the catalogue`,
      });
    }
    const stored = { ...rule, province };
    const before = (await deps.dashboard.listRules(province)).find((r) => r.id === rule.id);
    await deps.dashboard.putRule(province, stored);
    await recordAudit(deps, c, principal, {
      province,
      action: "rule.put",
      objectType: "rule",
      objectId: rule.id,
      before,
      after: stored,
    });
    return c.json(stored);
  });

  return app;
}
