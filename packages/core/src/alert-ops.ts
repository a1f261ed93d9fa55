/**
 * What ops staff do to an alert besides acknowledging and resolving it (issue 13 item 4): give it
 * to a person, snooze it with a reason until a time, and read how long it has waited. Pure
 * functions of the alert, like the lifecycle in alerts.ts; the API stores the result through the
 * alert's own codec, so everything that follows alert changes (the live feed) sees these too.
 */
import { type Alert, AlertTransitionError } from "./alerts.js";

/** The longest snooze: a week; beyond that the alert should be resolved or its rule changed. */
export const MAX_SNOOZE_MS = 7 * 86_400_000;

/** A snooze that cannot be applied (ends in the past or too far ahead). */
export class SnoozeError extends Error {
  readonly code = "invalid-snooze";
  constructor(message: string) {
    super(message);
    this.name = "SnoozeError";
  }
}

function refuseResolved(alert: Alert): void {
  if (alert.status === "resolved")
    throw new AlertTransitionError("alert-already-resolved", `alert ${alert.id} is already resolved`);
}

/** Gives the alert to `assignee` (replacing any earlier assignee). */
export function assignAlert(alert: Alert, assignee: string, by: string, at: number, note?: string): Alert {
  refuseResolved(alert);
  return {
    ...alert,
    assignee,
    assignedAt: at,
    history: [...alert.history, { at, action: "assigned", by, note: note ? `${assignee}: ${note}` : assignee }],
  };
}

/** Snoozes the alert until `until` (epoch ms) for `reason`. */
export function snoozeAlert(alert: Alert, until: number, reason: string, by: string, at: number): Alert {
  refuseResolved(alert);
  if (until <= at) throw new SnoozeError("the snooze must end after now");
  if (until - at > MAX_SNOOZE_MS) throw new SnoozeError("a snooze lasts at most 7 days");
  return {
    ...alert,
    snoozedUntil: until,
    snoozeReason: reason,
    history: [...alert.history, { at, action: "snoozed", by, note: `${reason} (→ ${new Date(until).toISOString()})` }],
  };
}

/** Ends a snooze early (by hand); the same as letting it run out, but recorded. */
export function unsnoozeAlert(alert: Alert, by: string, at: number): Alert {
  const { snoozedUntil: _u, snoozeReason: _r, ...rest } = alert;
  return { ...rest, history: [...alert.history, { at, action: "unsnoozed", by }] };
}

/** Whether the alert is snoozed at `now`: a snooze that has run out is over without anyone writing. */
export function isSnoozed(alert: Pick<Alert, "snoozedUntil" | "status">, now: number): boolean {
  return alert.status !== "resolved" && alert.snoozedUntil !== undefined && alert.snoozedUntil > now;
}

/** An alert's timers: how long since it opened and since it was acknowledged (stopped at resolution). */
export interface AlertSla {
  /** From opening to now, or to its resolution. */
  openMs: number;
  /** From opening to acknowledgement, once acknowledged. */
  timeToAckMs?: number;
  /** From acknowledgement to now, or to its resolution. */
  sinceAckMs?: number;
}

/** The SLA timers of an alert at `now`. */
export function alertSla(alert: Alert, now: number): AlertSla {
  const end = alert.status === "resolved" && alert.resolvedAt !== undefined ? alert.resolvedAt : now;
  const openMs = Math.max(0, end - alert.openedAt);
  if (alert.acknowledgedAt === undefined) return { openMs };
  return {
    openMs,
    timeToAckMs: Math.max(0, alert.acknowledgedAt - alert.openedAt),
    sinceAckMs: Math.max(0, end - alert.acknowledgedAt),
  };
}

/** "2 h 05 min", "45 s": a duration for the console's timers. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, "0")} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
