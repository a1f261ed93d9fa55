/**
 * `POST /v1/rules/preview` (issue 13 item 1): a draft rule replayed over the province's last 7 days
 * of hourly history by core's `previewRule`, so the admin sees how often it would have fired before
 * saving it. It reads, stores nothing, and asks the same permission as saving (rules:write).
 */

import { alertRuleSchema, previewRuleRoute } from "@ioc/contract";
import { type AlertRule, findMetric, type Principal, previewDayStarts, previewRule } from "@ioc/core";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

type PreviewEnv = { Variables: { principal?: Principal } };

/** The Vietnamese day (UTC+7) of a day start, as YYYY-MM-DD. */
const vnDate = (dayStart: number) => new Date(dayStart + 7 * 3_600_000).toISOString().slice(0, 10);

/** The rule preview route; mount at `/`. */
export function rulePreviewRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono<PreviewEnv>();
  app.openapi(previewRuleRoute, async (c) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    const province = c.req.valid("query").province ?? deps.defaultProvince;
    assertCan(principal, "rules:write", province);
    // The same checks as saving, so a draft the preview accepts is one PUT /v1/rules/{id} accepts.
    const rule = parseOrProblem(alertRuleSchema, parseJsonOrProblem(await c.req.text()), "body") as AlertRule;
    if (rule.province !== undefined && rule.province !== province)
      throw problem("invalid-request", {
        detail: `body province: ${rule.province} is not the province of the request (${province})`,
      });
    if (rule.condition.kind !== "stale" && !findMetric(rule.condition.metric))
      throw problem("invalid-request", {
        detail: `body condition.metric: "${rule.condition.metric}" is not in the catalogue`,
      });
    const now = deps.clock();
    const dayStarts = previewDayStarts(now);
    const metric = rule.condition.kind === "stale" ? undefined : rule.condition.metric;
    const [days, communes] = await Promise.all([
      metric
        ? Promise.all(
            dayStarts.map(async (dayStart) => ({
              dayStart,
              stats: await deps.dashboard.getDayStats(province, metric, dayStart),
            })),
          )
        : dayStarts.map((dayStart) => ({ dayStart, stats: {} })),
      registry.get(province),
    ]);
    const names = new Map((communes?.communes ?? []).map((k) => [k.code, k.name]));
    // Hours after the clock (a source's skew) are not "the last 7 days".
    const upTo = days.map((d) => ({
      dayStart: d.dayStart,
      stats: Object.fromEntries(
        Object.entries(d.stats).map(([commune, hours]) => [
          commune,
          Object.fromEntries(Object.entries(hours).filter(([hh]) => d.dayStart + Number(hh) * 3_600_000 <= now)),
        ]),
      ),
    }));
    const preview = previewRule({ rule: { ...rule, province }, province, days: upTo, names });
    return c.json(
      {
        province,
        ruleId: rule.id,
        from: new Date(dayStarts[0] as number).toISOString(),
        until: new Date(now).toISOString(),
        supported: preview.supported,
        precision: preview.precision,
        firings: preview.firings,
        communes: preview.communes,
        firingHours: preview.firingHours,
        days: preview.days.map((d) => ({ day: vnDate(d.dayStart), firings: d.firings, communes: d.communes })),
        examples: preview.examples.map((e) => ({
          commune: e.commune,
          name: names.get(e.commune) ?? e.commune,
          at: new Date(e.at).toISOString(),
          value: e.value,
          message: e.message,
        })),
      },
      200,
    );
  });
  return app;
}
