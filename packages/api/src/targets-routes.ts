/**
 * "Are we on track over time" (issue 12 items 2, 5, 6): the province's target paths, the
 * indicators judged against them, what changed since yesterday or last week, and the weekly
 * report. The maths is in `@ioc/core`; these handlers read the stores and shape the answers.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { changesRoute, putTargetRoute, targetPathBodySchema, targetsRoute, weeklyReportRoute } from "@ioc/contract";
import {
  assessPath,
  attainment,
  buildWeeklyReport,
  computeChanges,
  effectiveTargets,
  finalTarget,
  findMetric,
  type Kpi,
  lastHourMeans,
  METRICS,
  type PathAssessment,
  type Principal,
  type ProvinceTargets,
  pathOf,
  type TargetPath,
  type TrendPoint,
  targetPathSchema,
  upsertPath,
  vnDayStart,
} from "@ioc/core";
import { z } from "zod";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

const DAY = 86_400_000;
/** Days back whose indicators feed the trend: daily for a week, then weekly to 90 days (the 90-day window sampled). */
const TREND_DAYS = [0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 90];

type TargetsEnv = { Variables: { principal?: Principal } };

/** A province indicator judged against its path, as `GET /v1/kpis` serves it. */
export type KpiOnPath = Kpi & { path?: PathAssessment; communePath?: TargetPath; trend?: { delta7d: number } };

/** The province's targets (its own over the national defaults). */
export async function targetsOf(deps: ApiDeps, province: string): Promise<ProvinceTargets> {
  return effectiveTargets(await deps.targets?.get(province), province);
}

/**
 * The province's indicators of today, each re-judged against the province's own path and its
 * trend (least squares over the daily indicators of the last 90 days, sampled: daily for a week,
 * weekly before), with the daily values the trend used.
 */
export async function kpisOnPath(deps: ApiDeps, province: string): Promise<Array<KpiOnPath & { spark: TrendPoint[] }>> {
  const now = deps.clock();
  const today = vnDayStart(now);
  const [targets, ...days] = await Promise.all([
    targetsOf(deps, province),
    ...TREND_DAYS.map((back) => deps.dashboard.getKpis(province, today - back * DAY)),
  ]);
  const current = days[0] ?? {};
  const weekAgo = days[TREND_DAYS.indexOf(7)];
  return Object.values(current).map((kpi) => {
    const before = weekAgo?.[kpi.metric]?.value;
    const trend = before !== undefined && kpi.value !== undefined ? { trend: { delta7d: kpi.value - before } } : {};
    // A past day's indicator is its value at the day's end; today's is the value now.
    const spark = TREND_DAYS.flatMap((back, i) => {
      const value = days[i]?.[kpi.metric]?.value;
      return value === undefined ? [] : [{ t: back === 0 ? now : today - back * DAY + DAY - 1, value }];
    }).reverse();
    const metric = findMetric(kpi.metric);
    const path = metric && (pathOf(targets, metric.key, "province") ?? pathOf(targets, metric.key, "commune"));
    const communePath = metric && pathOf(targets, metric.key, "commune");
    const base = { ...kpi, ...trend, ...(communePath ? { communePath } : {}), spark };
    if (!metric || !path || kpi.value === undefined) return base;
    const target = finalTarget(path);
    const assessed = assessPath(metric, path, kpi.value, now, {
      points: spark,
      method: "least-squares-90d-daily",
    });
    return {
      ...base,
      target: { level: path.level, year: target.year, value: target.value },
      attainment: attainment(metric, kpi.value, target.value),
      status: assessed.status,
      path: assessed,
    };
  });
}

/** The answer of the target routes: each path marked as the province's own or the default. */
function targetList(stored: ProvinceTargets | undefined, province: string) {
  const effective = effectiveTargets(stored, province);
  const own = new Set((stored?.paths ?? []).map((p) => `${p.metric}|${p.level}`));
  return {
    province,
    paths: effective.paths.map((p) => ({
      ...p,
      origin: own.has(`${p.metric}|${p.level}`) ? ("province" as const) : ("default" as const),
    })),
    ...(stored?.updatedAt !== undefined ? { updatedAt: new Date(stored.updatedAt).toISOString() } : {}),
    ...(stored?.updatedBy ? { updatedBy: stored.updatedBy } : {}),
  };
}

/** The routes; mount at `/`. */
export function targetsRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono<TargetsEnv>();
  const provinceOf = (code: string | undefined) => code ?? deps.defaultProvince;
  // The body's schema is documented by reference (the handler parses it, so malformed JSON keeps its
  // own problem code); its component is the JSON Schema of the same zod schema.
  const { $schema: _draft, ...bodyComponent } = {
    ...z.toJSONSchema(targetPathSchema, { io: "input" }),
    description: z.globalRegistry.get(targetPathBodySchema)?.description,
  };
  app.openAPIRegistry.registerComponent("schemas", "TargetPath", bodyComponent as never);

  app.openapi(targetsRoute, async (c) => {
    const province = provinceOf(c.req.valid("query").province);
    return c.json(targetList(await deps.targets?.get(province), province), 200);
  });

  app.openapi(putTargetRoute, async (c) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    const province = provinceOf(c.req.valid("query").province);
    assertCan(principal, "targets:write", province);
    if (!deps.targets) throw problem("invalid-request", { detail: "this deployment keeps no targets of its own" });
    const { metric: key } = c.req.valid("param");
    const path = parseOrProblem(targetPathBodySchema, parseJsonOrProblem(await c.req.text()), "body") as TargetPath;
    if (path.metric !== key) throw problem("invalid-request", { detail: "body metric must match the path" });
    const metric = findMetric(key);
    if (!metric) throw problem("invalid-request", { detail: `path metric: "${key}" is not in the catalogue` });
    for (const [i, p] of [path.baseline, ...path.milestones].entries()) {
      if (p.value < metric.range.min || p.value > metric.range.max)
        throw problem("invalid-request", {
          detail: `body ${i === 0 ? "baseline" : `milestones.${i - 1}`}.value: ${p.value} is outside ${metric.key}'s range [${metric.range.min}, ${metric.range.max}]`,
        });
    }
    const stored = await deps.targets.get(province);
    const before = effectiveTargets(stored, province).paths.find((p) => p.metric === key && p.level === path.level);
    const next = upsertPath(stored, province, path, principal.username, deps.clock());
    await deps.targets.put(next);
    await recordAudit(deps, c, principal, {
      province,
      action: "target.put",
      objectType: "target",
      objectId: `${key}/${path.level}`,
      ...(before ? { before } : {}),
      after: path,
    });
    deps.logger.info("targets changed", { province, metric: key, level: path.level, by: principal.username });
    return c.json(targetList(next, province), 200);
  });

  app.openapi(changesRoute, async (c) => {
    const q = c.req.valid("query");
    const province = provinceOf(q.province);
    const now = deps.clock();
    const back = q.since === "week" ? 7 : 1;
    const today = vnDayStart(now);
    const beforeDay = today - back * DAY;
    const [p, kpisNow, kpisBefore, latest, alerts, ...communeDays] = await Promise.all([
      registry.get(province),
      deps.dashboard.getKpis(province, today),
      deps.dashboard.getKpis(province, beforeDay),
      deps.latest.listProvince(province),
      deps.dashboard.listAlerts(province),
      ...METRICS.map((m) => deps.dashboard.getDayStats(province, m.key, beforeDay)),
    ]);
    if (!p) throw problem("province-not-found", { detail: `no province ${province}` });
    const values = (k: Record<string, Kpi> | undefined) =>
      new Map(Object.values(k ?? {}).flatMap((x) => (x.value === undefined ? [] : [[x.metric, x.value] as const])));
    const communesNow = new Map<string, Map<string, number>>();
    for (const v of latest) {
      const m = communesNow.get(v.commune) ?? new Map<string, number>();
      m.set(v.metric, v.value);
      communesNow.set(v.commune, m);
    }
    const communesBefore = new Map<string, Map<string, number>>();
    METRICS.forEach((metric, i) => {
      for (const [commune, value] of lastHourMeans(communeDays[i] ?? {})) {
        const m = communesBefore.get(commune) ?? new Map<string, number>();
        m.set(metric.key, value);
        communesBefore.set(commune, m);
      }
    });
    const changes = computeChanges({
      since: q.since,
      from: now - back * DAY,
      to: now,
      metrics: METRICS,
      kpisBefore: values(kpisBefore),
      kpisNow: values(kpisNow),
      communes: p.communes,
      communesBefore,
      communesNow,
      alerts,
    });
    return c.json(
      {
        province,
        generatedAt: new Date(now).toISOString(),
        basis: {
          vi: `So với giá trị cuối ngày ${back === 1 ? "hôm qua" : "7 ngày trước"}`,
          en: `Compared with the value at the end of ${back === 1 ? "yesterday" : "the day seven days ago"}`,
        },
        ...changes,
      },
      200,
    );
  });

  app.openapi(weeklyReportRoute, async (c) => {
    const q = c.req.valid("query");
    const province = provinceOf(q.province);
    if (!deps.reports)
      throw problem("reports-unavailable", {
        detail: "this function does not render reports; /v1/reports has its own",
      });
    const now = deps.clock();
    // The report's day ends at the end of `date` (Vietnamese time), or now for today.
    const end = q.date ? Math.min(now, Date.parse(`${q.date}T23:59:59.999+07:00`)) : now;
    if (!Number.isFinite(end)) throw problem("invalid-request", { detail: "query date: not a date" });
    if (q.metric && !findMetric(q.metric))
      throw problem("invalid-request", { detail: `query metric: "${q.metric}" is not in the catalogue` });
    const [p, kpis, latest, alerts, targets] = await Promise.all([
      registry.get(province),
      kpisOnPath(deps, province),
      deps.latest.listProvince(province),
      deps.dashboard.listAlerts(province),
      targetsOf(deps, province),
    ]);
    if (!p) throw problem("province-not-found", { detail: `no province ${province}` });
    const data = buildWeeklyReport({
      lang: q.lang,
      province: p,
      kpis,
      latest,
      alerts,
      targets,
      mapMetric: q.metric ?? "net.coverage_4g",
      from: vnDayStart(end) - 6 * DAY,
      to: end,
      now,
    });
    const pdf = await deps.reports(data);
    const day = new Date(end + 7 * 3_600_000).toISOString().slice(0, 10);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="bao-cao-tuan-${province}-${day}.pdf"`,
      "cache-control": "private, no-store",
    });
  });

  return app;
}
