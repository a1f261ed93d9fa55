/**
 * Administration of dead letters and the issuer's users (issue 13 item 1). Dead letters come from
 * the `DeadLetterQueue` port the entry point injects: locally the Control table with the
 * runtime's processor; on AWS an adapter over the processor's SQS dead-letter queue that hands a
 * replay to the processor function, so the API never carries the processor's code or its table
 * permissions. Both are scoped to the province of the query: a dead letter of another province
 * answers exactly like one that does not exist.
 */

import { listDeadLettersRoute, listUsersRoute, replayDeadLetterRoute } from "@ioc/contract";
import {
  type DeadLetterItem,
  type DirectoryUser,
  deadLetterVisible,
  type Permission,
  type Principal,
  usersOfProvince,
} from "@ioc/core";
import type { Context } from "hono";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";

type AdminEnv = { Variables: { principal?: Principal } };

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A dead letter for the wire. */
export function deadLetterView(item: DeadLetterItem) {
  const { observedAt, ...summary } = item.summary;
  return {
    id: item.id,
    at: new Date(item.at).toISOString(),
    reason: item.reason,
    attempts: item.attempts ?? null,
    summary: { ...summary, ...(observedAt === undefined ? {} : { observedAt: iso(observedAt) }) },
  };
}

/** A user for the wire: never a secret (the port has none to give). */
function userView(u: DirectoryUser) {
  return {
    username: u.username,
    role: u.role ?? null,
    provinces: u.provinces,
    enabled: u.enabled,
    ...(u.status ? { status: u.status } : {}),
    ...(u.createdAt === undefined ? {} : { createdAt: iso(u.createdAt) }),
  };
}

/** The cursor of a page's last item: newest-first order is (at desc, id asc). */
const cursorOf = (item: DeadLetterItem) => `${item.at}.${item.id}`;
const after = (item: DeadLetterItem, cursor: string) => {
  const dot = cursor.indexOf(".");
  const at = Number(cursor.slice(0, dot));
  const id = cursor.slice(dot + 1);
  return item.at < at || (item.at === at && item.id > id);
};

/** The dead-letter and user routes; mount at `/`. */
export function deadLetterRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AdminEnv>();

  /** The signed-in principal and the province they work on, after the permission check. */
  const guard = (c: Context<AdminEnv>, permission: Permission, query: { province?: string }) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in admin" });
    const province = query.province ?? deps.defaultProvince;
    assertCan(principal, permission, province);
    return { principal, province };
  };
  const queue = () => {
    if (!deps.deadLetters)
      throw problem("dead-letters-unavailable", { detail: "this deployment lists no dead letters through the API" });
    return deps.deadLetters;
  };
  const sorted = (items: DeadLetterItem[]) =>
    [...items].sort((x, y) => y.at - x.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  app.openapi(listDeadLettersRoute, async (c) => {
    const q = c.req.valid("query");
    const { principal, province } = guard(c, "deadletters:write", q);
    const mine = sorted((await queue().list()).filter((l) => deadLetterVisible(l, principal, province)));
    const rest = q.cursor ? mine.filter((l) => after(l, q.cursor as string)) : mine;
    const page = rest.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        province,
        total: mine.length,
        deadLetters: page.map(deadLetterView),
        ...(rest.length > page.length && last ? { nextCursor: cursorOf(last) } : {}),
      },
      200,
    );
  });

  app.openapi(replayDeadLetterRoute, async (c) => {
    const { principal, province } = guard(c, "deadletters:write", c.req.valid("query"));
    const { id } = c.req.valid("param");
    const letters = queue();
    const letter = (await letters.list()).find((l) => l.id === id && deadLetterVisible(l, principal, province));
    if (!letter) throw problem("dead-letter-not-found", { detail: `province ${province} has no dead letter ${id}` });
    const result = await letters.replay(id);
    // Gone between the list and the replay: someone else replayed it (the CLI, another admin).
    if (!result) throw problem("dead-letter-not-found", { detail: `the dead letter ${id} is no longer kept` });
    // A failed replay is an action too: the trail shows every attempt, not only the successes.
    await recordAudit(deps, c, principal, {
      province,
      action: "dlq.replay",
      objectType: "dead-letter",
      objectId: id,
      before: deadLetterView(letter),
      after: result,
    });
    return c.json({ id, ...result }, 200);
  });

  app.openapi(listUsersRoute, async (c) => {
    const { province } = guard(c, "users:read", c.req.valid("query"));
    if (!deps.users) throw problem("users-unavailable", { detail: "this deployment lists no users through the API" });
    const users = usersOfProvince(await deps.users.list(), province);
    return c.json({ province, issuer: deps.users.kind, users: users.map(userView) }, 200);
  });

  return app;
}
