/**
 * Who hears about an alert, how, and when (issue 13, item 3). A province's notification policy
 * names people (with an email), on-duty lists of them and signed webhooks; per severity it lists
 * escalation levels — whom to tell, and after how many minutes left unacknowledged to tell the
 * next level. Quiet hours (Vietnamese time) hold back all but critical alerts.
 *
 * Everything here is pure: which alert change happened between two images, which deliveries a
 * change means under a policy, whether an alert is due to escalate, and how long to wait before
 * retrying a delivery. The notifier (packages/pipeline) reads, calls these and writes.
 */
import type { Alert, AlertEvent, Severity } from "./alerts.js";

/** A person who can be told, by email. */
export interface PolicyPerson {
  id: string;
  name: string;
  email: string;
}

/** A named on-duty list (ca trực): the people on it are told together. */
export interface DutyList {
  id: string;
  name: string;
  /** Person ids. */
  members: string[];
}

/**
 * A webhook receiving signed JSON (a Zalo OA, Telegram, Slack or Teams bridge). The secret signs
 * each body; the API never answers it back (`hasSecret` instead).
 */
export interface PolicyWebhook {
  id: string;
  name: string;
  url: string;
  secret: string;
}

/** One escalation level: whom to tell, and when (minutes since the alert opened, unacknowledged). */
export interface EscalationLevel {
  /** 0 for the first level (told when the alert opens). */
  afterMinutes: number;
  /** Person or duty-list ids told by email. */
  email: string[];
  /** Webhook ids. */
  webhooks: string[];
}

/** The levels that apply to some severities. */
export interface SeverityRoute {
  severities: Severity[];
  levels: EscalationLevel[];
}

/** Hours during which only critical alerts notify, "HH:MM" in Asia/Ho_Chi_Minh (may span midnight). */
export interface QuietHours {
  start: string;
  end: string;
}

/** A province's notification policy, edited by its admins. */
export interface NotificationPolicy {
  province: string;
  people: PolicyPerson[];
  dutyLists: DutyList[];
  webhooks: PolicyWebhook[];
  routes: SeverityRoute[];
  quietHours?: QuietHours;
  updatedAt?: number;
  updatedBy?: string;
}

/** A state change of an alert that people are told about (never a refreshed reading). */
export type AlertChangeKind = "opened" | "escalated" | "acknowledged" | "resolved";

/** One alert state change, with the version that names it. */
export interface AlertChange {
  kind: AlertChangeKind;
  alert: Alert;
  /** Count of state events in the alert's history: alert id + this is the idempotency key. */
  stateVersion: number;
  /** The escalation level the alert is at after the change (0 until it escalates). */
  level: number;
  /** When the change happened (the history event's time). */
  at: number;
}

/** Where one notification of a change goes. */
export type DeliveryChannel = "email" | "webhook";

/** One notification to send (or held back by quiet hours). */
export interface PlannedDelivery {
  /** Unique per alert state × channel × target: what the outbox is keyed on. */
  key: string;
  /** Alert id + state version: the same for every delivery of one change, sent to receivers. */
  idempotencyKey: string;
  channel: DeliveryChannel;
  /** An email address, or a webhook id. */
  target: string;
  /** Who it is for, for people reading the alert. */
  recipient: string;
  /** Set when the delivery is not to be sent, and why. */
  suppressed?: "quiet-hours";
}

const STATE_ACTIONS: ReadonlySet<AlertEvent["action"]> = new Set([
  "opened",
  "reopened",
  "acknowledged",
  "resolved",
  "auto-resolved",
  "escalated",
]);

/** How many state changes an alert has been through (refreshes and notes do not count). */
export function alertStateVersion(alert: Alert): number {
  return alert.history.filter((e) => STATE_ACTIONS.has(e.action)).length;
}

/** The escalation level an alert is at: escalations since it last opened. */
export function escalationLevelOf(alert: Alert): number {
  let level = 0;
  for (const event of alert.history) {
    if (event.action === "opened" || event.action === "reopened") level = 0;
    else if (event.action === "escalated") level += 1;
  }
  return level;
}

/** The state change between two images of an alert, if any (a refresh or an unchanged write is none). */
export function alertChangeOf(before: Alert | undefined, after: Alert): AlertChange | undefined {
  const version = alertStateVersion(after);
  if (before && alertStateVersion(before) >= version) return undefined;
  const last = [...after.history].reverse().find((e) => STATE_ACTIONS.has(e.action));
  if (!last) return undefined;
  const kind: AlertChangeKind =
    last.action === "opened" || last.action === "reopened"
      ? "opened"
      : last.action === "auto-resolved"
        ? "resolved"
        : (last.action as AlertChangeKind);
  return { kind, alert: after, stateVersion: version, level: escalationLevelOf(after), at: last.at };
}

/** The route of a policy that covers a severity (the first that names it). */
export function routeFor(policy: NotificationPolicy | undefined, severity: Severity): SeverityRoute | undefined {
  return policy?.routes.find((r) => r.severities.includes(severity));
}

const VN_OFFSET_MINUTES = 7 * 60;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `at` falls in the quiet hours (Asia/Ho_Chi_Minh, UTC+7 all year; a span may cross midnight). */
export function inQuietHours(quiet: QuietHours | undefined, at: number): boolean {
  if (!quiet) return false;
  const minute = (((Math.floor(at / 60_000) + VN_OFFSET_MINUTES) % 1440) + 1440) % 1440;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The email addresses of person or duty-list ids, each once, with whom they name. */
function emailTargets(policy: NotificationPolicy, ids: readonly string[]): Array<{ email: string; name: string }> {
  const people = new Map(policy.people.map((p) => [p.id, p]));
  const out = new Map<string, string>();
  for (const id of ids) {
    const list = policy.dutyLists.find((l) => l.id === id);
    const members = list ? list.members : [id];
    for (const member of members) {
      const person = people.get(member);
      if (person && !out.has(person.email)) out.set(person.email, list ? `${person.name} (${list.name})` : person.name);
    }
  }
  return [...out].map(([email, name]) => ({ email, name }));
}

/**
 * The deliveries a change means: an opening tells level 0, an escalation tells the level reached,
 * an acknowledgement or resolution tells everyone told so far. In quiet hours every delivery of a
 * non-critical alert is planned as suppressed, so the alert shows why nobody was told.
 */
export function planDeliveries(policy: NotificationPolicy | undefined, change: AlertChange): PlannedDelivery[] {
  const route = policy && routeFor(policy, change.alert.severity);
  if (!policy || !route) return [];
  const reached = Math.min(change.level, route.levels.length - 1);
  const levels =
    change.kind === "opened"
      ? route.levels.slice(0, 1)
      : change.kind === "escalated"
        ? route.levels.slice(reached, reached + 1)
        : route.levels.slice(0, reached + 1);
  const idempotencyKey = `${change.alert.id}@${change.stateVersion}`;
  const quiet = change.alert.severity !== "critical" && inQuietHours(policy.quietHours, change.at);
  const planned = new Map<string, PlannedDelivery>();
  const add = (channel: DeliveryChannel, target: string, recipient: string) => {
    const key = `${idempotencyKey}/${channel}:${target}`;
    if (planned.has(key)) return;
    planned.set(key, {
      key,
      idempotencyKey,
      channel,
      target,
      recipient,
      ...(quiet ? { suppressed: "quiet-hours" as const } : {}),
    });
  };
  for (const level of levels) {
    for (const { email, name } of emailTargets(policy, level.email)) add("email", email, name);
    for (const id of level.webhooks) {
      const hook = policy.webhooks.find((w) => w.id === id);
      if (hook) add("webhook", hook.id, hook.name);
    }
  }
  return [...planned.values()];
}

/**
 * The escalated alert when an open (unacknowledged) alert has waited past its next level's
 * minutes under the policy; undefined when nothing is due. Acknowledged and resolved alerts
 * never escalate. One level per call: a late check catches up one level per run.
 */
export function escalateByPolicy(alert: Alert, policy: NotificationPolicy | undefined, now: number): Alert | undefined {
  if (alert.status !== "open") return undefined;
  const route = routeFor(policy, alert.severity);
  const level = escalationLevelOf(alert);
  const next = route?.levels[level + 1];
  if (!next || now - alert.openedAt < next.afterMinutes * 60_000) return undefined;
  return {
    ...alert,
    escalated: true,
    history: [...alert.history, { at: now, action: "escalated", note: `level ${level + 1}` }],
  };
}

/** How a failed delivery is retried. */
export interface BackoffOptions {
  /** Wait after the first failure. */
  baseMs: number;
  /** No wait is longer. */
  maxMs: number;
  /** Attempts in all, after which the delivery is recorded as failed. */
  maxAttempts: number;
}

/** The default: 5 s, doubling, capped at 15 min, 12 attempts (about 1 h 40 min in all). */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 15 * 60_000, maxAttempts: 12 };

/**
 * The wait before attempt `attempt + 1` after `attempt` failures (exponential, capped), with
 * "equal jitter" from `random` in [0, 1) so that many failures do not retry in step;
 * undefined when no attempt is left.
 */
export function retryDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = () => 0.5,
): number | undefined {
  if (attempt >= options.maxAttempts) return undefined;
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
