import { describe, expect, it } from "vitest";
import { lastSeenBySource, mergeFeeds } from "./feeds.js";

describe("feed freshness", () => {
  it("moves each source's last-seen time forward only", () => {
    const seen = lastSeenBySource([
      { sourceId: "a", receivedAt: 5 },
      { sourceId: "a", receivedAt: 9 },
      { sourceId: "b", receivedAt: 3 },
    ]);
    const first = mergeFeeds(undefined, "99", seen);
    expect(first).toEqual({ next: { province: "99", lastSeen: { a: 9, b: 3 } }, changed: true });
    expect(mergeFeeds(first.next, "99", new Map([["a", 7]])).changed).toBe(false);
    expect(mergeFeeds(first.next, "99", new Map([["b", 4]])).next.lastSeen).toEqual({ a: 9, b: 4 });
  });
});
