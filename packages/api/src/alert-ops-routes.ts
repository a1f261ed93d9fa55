/**
 * Ops basics on alerts (issue 13 item 4): assign, snooze, unsnooze and bulk acknowledge. Each
 * change is a pure function of the alert (core alert-ops.ts) applied through the dashboard
 * store's atomic `updateAlert` — the same codec and item as acknowledge/resolve, so the live feed
 * and anything else following alert changes sees them — and each is audited. The body schemas
 * are emitted in the document by openapi.ts (ALERT_OPS_BODY_SCHEMAS).
 */

import {
  alertAssignSchema,
  alertSnoozeSchema,
  assignAlertRoute,
  bulkAckRoute,
  bulkAckSchema,
  snoozeAlertRoute,
  unsnoozeAlertRoute,
} from "@ioc/contract";
import {
  type Alert,
  AlertTransitionError,
  acknowledge,
  assignAlert,
  type Principal,
  SnoozeError,
  snoozeAlert,
  unsnoozeAlert,
} from "@ioc/core";
import type { Context } from "hono";
import { alertAuditView, recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

type OpsEnv = { Variables: { principal?: Principal } };

/** The alert-ops routes; mount at the root. */
export function alertOpsRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<OpsEnv>();

  const who = (c: Context<OpsEnv>) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    const province = c.req.query("province") ?? deps.defaultProvince;
    assertCan(principal, "alerts:write", province);
    return { principal, province };
  };

  /** Applies `change` to one alert, maps the domain's refusals to problems, and audits the result. */
  const apply = async (c: Context<OpsEnv>, action: string, change: (alert: Alert, by: string, at: number) => Alert) => {
    const { principal, province } = who(c);
    const id = c.req.param("id") ?? "";
    let before: Alert | undefined;
    let updated: Alert | undefined;
    try {
      updated = await deps.dashboard.updateAlert(province, id, (alert) => {
        before = alert;
        return change(alert, principal.username, deps.clock());
      });
    } catch (error) {
      if (error instanceof AlertTransitionError) throw problem(error.code, { detail: error.message, cause: error });
      if (error instanceof SnoozeError) throw problem("invalid-request", { detail: `body until: ${error.message}` });
      throw error;
    }
    if (!updated || !before) throw problem("alert-not-found", { detail: `no alert ${id} in province ${province}` });
    await recordAudit(deps, c, principal, {
      province,
      action,
      objectType: "alert",
      objectId: id,
      before: alertAuditView(before),
      after: alertAuditView(updated),
    });
    return c.json(updated, 200);
  };

  app.openapi(assignAlertRoute, async (c) => {
    who(c);
    const { assignee, note } = parseOrProblem(alertAssignSchema, parseJsonOrProblem(await c.req.text()), "body");
    return apply(c, "alert.assign", (alert, by, at) => assignAlert(alert, assignee, by, at, note));
  });

  app.openapi(snoozeAlertRoute, async (c) => {
    who(c);
    const { until, reason } = parseOrProblem(alertSnoozeSchema, parseJsonOrProblem(await c.req.text()), "body");
    return apply(c, "alert.snooze", (alert, by, at) => snoozeAlert(alert, Date.parse(until), reason, by, at));
  });

  app.openapi(unsnoozeAlertRoute, async (c) => apply(c, "alert.unsnooze", unsnoozeAlert));

  app.openapi(bulkAckRoute, async (c) => {
    const { principal, province } = who(c);
    const { ids, note } = parseOrProblem(bulkAckSchema, parseJsonOrProblem(await c.req.text()), "body");
    const results = [];
    // One after another, in request order: each is its own atomic change and its own audit record.
    for (const id of [...new Set(ids)]) {
      let before: Alert | undefined;
      try {
        const updated = await deps.dashboard.updateAlert(province, id, (alert) => {
          before = alert;
          return acknowledge(alert, principal.username, deps.clock(), note);
        });
        if (!updated || !before) {
          results.push({ id, outcome: "not-found" as const });
          continue;
        }
        await recordAudit(deps, c, principal, {
          province,
          action: "alert.ack",
          objectType: "alert",
          objectId: id,
          before: alertAuditView(before),
          after: { ...alertAuditView(updated), ...(note ? { note } : {}), bulk: true },
        });
        results.push({ id, outcome: "acknowledged" as const, alert: updated });
      } catch (error) {
        if (!(error instanceof AlertTransitionError)) throw error;
        results.push({
          id,
          outcome:
            error.code === "alert-already-resolved" ? ("already-resolved" as const) : ("already-acknowledged" as const),
        });
      }
    }
    return c.json({ results }, 200);
  });

  return app;
}
