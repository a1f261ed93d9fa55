/**
 * `GET /v1/audit` and `GET /v1/audit.csv`: the audit trail for the admins of a province. Read
 * only: no route edits or deletes a record (the store has no such operation either).
 */

import { auditCsvRoute, auditRoute } from "@ioc/contract";
import {
  AUDIT_CSV_HEADER,
  type AuditFilter,
  type AuditRecord,
  type AuditStore,
  auditCsvRow,
  formatCsv,
  type Principal,
} from "@ioc/core";
import type { Context } from "hono";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";

type AuditEnv = { Variables: { principal?: Principal } };

/** The most records one CSV export holds; a longer period is exported in parts. */
export const MAX_AUDIT_EXPORT = 20_000;

const wire = (r: AuditRecord) => ({ ...r, at: new Date(r.at).toISOString() });

/** The audit routes; mount at the root. */
export function auditRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AuditEnv>();

  const guard = (c: Context<AuditEnv>, province: string | undefined) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "the audit trail needs a signed-in admin" });
    const chain = province ?? deps.defaultProvince;
    assertCan(principal, "audit:read", chain);
    if (!deps.audit) throw problem("store-unavailable", { detail: "this deployment keeps no audit trail" });
    return { principal, chain, store: deps.audit as AuditStore };
  };
  const filterOf = (q: { actor?: string; action?: string; object?: string; from?: string; to?: string }) => {
    const filter: AuditFilter = {
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.object ? { object: q.object } : {}),
      ...(q.from ? { from: Date.parse(q.from) } : {}),
      ...(q.to ? { to: Date.parse(q.to) } : {}),
    };
    if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to)
      throw problem("invalid-request", { detail: "query from: must be before to" });
    return filter;
  };

  app.openapi(auditRoute, async (c) => {
    const q = c.req.valid("query");
    const { chain, store } = guard(c, q.province);
    const page = await store.search(chain, filterOf(q), {
      limit: q.limit,
      ...(q.cursor ? { before: Number(q.cursor) } : {}),
    });
    c.header("cache-control", "no-store");
    return c.json(
      {
        province: chain,
        records: page.records.map(wire),
        ...(page.nextCursor ? { nextCursor: String(page.nextCursor) } : {}),
      },
      200,
    );
  });

  app.openapi(auditCsvRoute, async (c) => {
    const q = c.req.valid("query");
    const { principal, chain, store } = guard(c, q.province);
    const filter = filterOf(q);
    const rows: AuditRecord[] = [];
    let before: number | undefined;
    do {
      const page = await store.search(chain, filter, { limit: 500, ...(before ? { before } : {}) });
      rows.push(...page.records);
      before = page.nextCursor;
    } while (before !== undefined && rows.length < MAX_AUDIT_EXPORT);
    // An export of the trail is itself an action on it.
    await recordAudit(deps, c, principal, {
      province: chain,
      action: "export.audit",
      objectType: "audit",
      objectId: chain,
      after: { filter: { ...q }, rows: rows.length },
    });
    // A BOM so Excel reads the Vietnamese as UTF-8; cells that could run as formulas are neutralised.
    const csv = `\uFEFF${formatCsv([[...AUDIT_CSV_HEADER], ...rows.slice(0, MAX_AUDIT_EXPORT).map(auditCsvRow)])}`;
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="nhat-ky-${chain}.csv"`,
      "cache-control": "no-store",
    });
  });

  return app;
}
