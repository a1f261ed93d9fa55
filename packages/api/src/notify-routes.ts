/**
 * Notification routes: the province's policy (its admins only — it holds people's addresses and
 * webhook secrets) and an alert's notifications with their outcomes (anyone who may read the
 * province's alerts). Policy evaluation lives in `@ioc/core`; delivery in `@ioc/pipeline`.
 */

import {
  alertNotificationsRoute,
  getNotificationPolicyRoute,
  notificationPolicyInputSchema,
  putNotificationPolicyRoute,
} from "@ioc/contract";
import type { NotificationPolicy, Principal } from "@ioc/core";
import type { NotificationRecord } from "@ioc/store";
import { assertCan, requireUser } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

type NotifyEnv = { Variables: { principal?: Principal } };
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/** The policy as answered: secrets replaced by whether one is set. */
export function policyView(province: string, policy: NotificationPolicy | undefined) {
  return {
    province,
    configured: policy !== undefined,
    people: policy?.people ?? [],
    dutyLists: policy?.dutyLists ?? [],
    webhooks: (policy?.webhooks ?? []).map(({ secret, ...w }) => ({ ...w, hasSecret: secret.length > 0 })),
    routes: policy?.routes ?? [],
    ...(policy?.quietHours ? { quietHours: policy.quietHours } : {}),
    ...(policy?.updatedAt === undefined ? {} : { updatedAt: iso(policy.updatedAt) }),
    ...(policy?.updatedBy === undefined ? {} : { updatedBy: policy.updatedBy }),
  };
}

/** One notification as an alert shows it. */
export function notificationView(r: NotificationRecord) {
  const last = r.attemptLog.at(-1);
  return {
    change: r.change,
    level: r.level,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    ...(r.suppressed ? { suppressed: r.suppressed } : {}),
    attempts: r.attempts,
    idempotencyKey: r.idempotencyKey,
    changeAt: iso(r.changeAt) as string,
    ...(r.deliveredAt === undefined ? {} : { deliveredAt: iso(r.deliveredAt) }),
    ...(last ? { lastAttempt: { at: iso(last.at) as string, ok: last.ok, detail: last.detail } } : {}),
  };
}

/** Every id a policy refers to must be one it declares: a typo would silently tell nobody. */
function checkReferences(policy: Omit<NotificationPolicy, "province">): void {
  const people = new Set(policy.people.map((p) => p.id));
  const lists = new Set(policy.dutyLists.map((l) => l.id));
  const hooks = new Set(policy.webhooks.map((w) => w.id));
  const bad: string[] = [];
  for (const list of policy.dutyLists)
    for (const m of list.members) if (!people.has(m)) bad.push(`dutyLists.${list.id}: no person ${m}`);
  policy.routes.forEach((route, r) => {
    route.levels.forEach((level, l) => {
      for (const e of level.email)
        if (!people.has(e) && !lists.has(e)) bad.push(`routes.${r}.levels.${l}.email: no person or list ${e}`);
      for (const w of level.webhooks) if (!hooks.has(w)) bad.push(`routes.${r}.levels.${l}.webhooks: no webhook ${w}`);
      if (l > 0 && level.afterMinutes <= (route.levels[l - 1]?.afterMinutes ?? 0))
        bad.push(`routes.${r}.levels.${l}.afterMinutes: must be later than the level before`);
    });
  });
  const ids = [...people, ...lists];
  if (new Set(ids).size !== policy.people.length + policy.dutyLists.length)
    bad.push("people and dutyLists: ids repeat");
  if (bad.length > 0) throw problem("invalid-request", { detail: `body ${bad.join("; ")}` });
}

/** The notification routes; without a store they are not served (and not documented). */
export function notifyRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<NotifyEnv>();
  const store = deps.notifications;
  if (!store) return app;
  const provinceOf = (code: string | undefined) => code ?? deps.defaultProvince;
  // Checked per request with the province it names: an admin of one province may not read or
  // change another's (the 'read' guard in app.ts does not cover this path).
  const admin = (c: { get(key: "principal"): Principal | undefined }, province: string) => {
    const principal = c.get("principal");
    if (deps.auth && !principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    if (principal) assertCan(principal, "rules:write", province);
    return principal;
  };
  // Signed in first; the role and province are checked in the handler, which knows the province.
  if (deps.auth) app.use("/v1/notification-policy", requireUser({ verifier: deps.auth.verifier }));

  app.openapi(getNotificationPolicyRoute, async (c) => {
    const province = provinceOf(c.req.valid("query").province);
    admin(c, province);
    return c.json(policyView(province, await store.getPolicy(province)), 200);
  });

  app.openapi(putNotificationPolicyRoute, async (c) => {
    const province = provinceOf(c.req.valid("query").province);
    const principal = admin(c, province);
    const input = parseOrProblem(notificationPolicyInputSchema, parseJsonOrProblem(await c.req.text()), "body");
    const existing = await store.getPolicy(province);
    const webhooks = input.webhooks.map(({ secret, ...w }) => {
      const kept = secret ?? existing?.webhooks.find((x) => x.id === w.id)?.secret;
      if (!kept) throw problem("invalid-request", { detail: `body webhooks.${w.id}.secret: a new webhook needs one` });
      return { ...w, secret: kept };
    });
    const policy: NotificationPolicy = {
      province,
      people: input.people,
      dutyLists: input.dutyLists,
      webhooks,
      routes: input.routes,
      ...(input.quietHours ? { quietHours: input.quietHours } : {}),
      updatedAt: deps.clock(),
      ...(principal ? { updatedBy: principal.username } : {}),
    };
    checkReferences(policy);
    await store.putPolicy(policy);
    return c.json(policyView(province, policy), 200);
  });

  app.openapi(alertNotificationsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const province = provinceOf(c.req.valid("query").province);
    const principal = c.get("principal");
    if (principal) assertCan(principal, "read", province);
    const alert = (await deps.dashboard.listAlerts(province)).find((a) => a.id === id);
    if (!alert) throw problem("alert-not-found", { detail: `no alert ${id} in province ${province}` });
    const records = await store.listForAlert(province, id);
    return c.json({ alertId: id, notifications: records.map(notificationView) }, 200);
  });
  return app;
}
