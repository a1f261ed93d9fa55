/**
 * Recording an action in the audit trail from a route: who (the signed-in principal), from where
 * (the client's address and User-Agent) and what, before and after. The record is written after
 * the action succeeded; if the trail cannot be written the request fails (503 when the store is
 * unavailable), so a caller never sees success for an action the trail missed.
 */
import type { AuditEntry, AuditStore, JsonValue, Principal } from "@ioc/core";
import type { Context } from "hono";

/** The client's network address: API Gateway's source IP on Lambda, the socket's locally. */
export function clientAddressOf(c: Context): string | undefined {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        requestContext?: { http?: { sourceIp?: string } };
        event?: { requestContext?: { http?: { sourceIp?: string } } };
      }
    | undefined;
  return (
    env?.requestContext?.http?.sourceIp ??
    env?.event?.requestContext?.http?.sourceIp ??
    env?.incoming?.socket?.remoteAddress ??
    undefined
  );
}

/** Longest User-Agent kept: enough to tell clients apart, bounded so a header cannot bloat the trail. */
const MAX_USER_AGENT = 300;

/** What a route says about its action; who, when and from where are filled in here. */
export interface AuditFacts {
  province: string;
  action: AuditEntry["action"];
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

/** A plain JSON copy: alerts and rules are JSON already; this drops `undefined` members for the store. */
const jsonOf = (value: unknown): JsonValue | undefined =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);

/** Appends one record for a request; a no-op where the app runs without a trail (unit tests of other things). */
export async function recordAudit(
  deps: { audit?: AuditStore; clock: () => number },
  c: Context,
  who: Pick<Principal, "username" | "role"> | { username: string; role: string },
  facts: AuditFacts,
): Promise<void> {
  if (!deps.audit) return;
  const address = clientAddressOf(c);
  const userAgent = c.req.header("user-agent")?.slice(0, MAX_USER_AGENT);
  const before = jsonOf(facts.before);
  const after = jsonOf(facts.after);
  await deps.audit.append({
    province: facts.province,
    at: deps.clock(),
    actor: who.username,
    role: who.role,
    action: facts.action,
    objectType: facts.objectType,
    objectId: facts.objectId,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    ...(address ? { address } : {}),
    ...(userAgent ? { userAgent } : {}),
  });
}

/** The part of an alert an audit record keeps: its state, not its whole history. */
export function alertAuditView(alert: {
  status: string;
  acknowledgedBy?: string;
  resolvedBy?: string;
  assignee?: string;
  snoozedUntil?: number;
  snoozeReason?: string;
  history: ReadonlyArray<{ note?: string }>;
}) {
  return {
    status: alert.status,
    ...(alert.acknowledgedBy ? { acknowledgedBy: alert.acknowledgedBy } : {}),
    ...(alert.resolvedBy ? { resolvedBy: alert.resolvedBy } : {}),
    ...(alert.assignee ? { assignee: alert.assignee } : {}),
    ...(alert.snoozedUntil ? { snoozedUntil: new Date(alert.snoozedUntil).toISOString() } : {}),
    ...(alert.snoozeReason ? { snoozeReason: alert.snoozeReason } : {}),
  };
}
