/**
 * Feed freshness: when each source of a province last reported, so the scheduler can tell a
 * source gone silent. Later wins, so any order and any replay give the same item.
 */
import type { Merged } from "./merge-result.js";

/** When each source of a province last reported (epoch ms). */
export interface Feeds {
  province: string;
  lastSeen: Record<string, number>;
}

/** The latest receipt time per source among `readings`. */
export function lastSeenBySource(readings: Iterable<{ sourceId: string; receivedAt: number }>): Map<string, number> {
  const lastSeen = new Map<string, number>();
  for (const r of readings) lastSeen.set(r.sourceId, Math.max(lastSeen.get(r.sourceId) ?? 0, r.receivedAt));
  return lastSeen;
}

/** Moves each source's last-seen time forward to `lastSeen` where that is later. */
export function mergeFeeds(
  current: Feeds | undefined,
  province: string,
  lastSeen: ReadonlyMap<string, number>,
): Merged<Feeds> {
  const next: Feeds = { province, lastSeen: { ...(current?.lastSeen ?? {}) } };
  let changed = !current;
  for (const [source, at] of lastSeen) {
    if ((next.lastSeen[source] ?? 0) < at) {
      next.lastSeen[source] = at;
      changed = true;
    }
  }
  return { next, changed };
}
