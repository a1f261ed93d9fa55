import { createRandom } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createSegmentSet, forEachCandidatePair, pushSegment, segmentContact } from "./segment-grid.js";

describe("forEachCandidatePair", () => {
  it("visits every intersecting pair exactly once, as brute force finds them", () => {
    const random = createRandom(7);
    const set = createSegmentSet(403);
    for (let i = 0; i < 400; i++) {
      const x = random.next();
      const y = random.next();
      const long = i % 50 === 0 ? 0.8 : 0.05;
      pushSegment(set, x, y, x + random.between(-long, long), y + random.between(-long, long));
    }
    // A few exact touches and collinear overlaps, which floating-point noise would not produce.
    pushSegment(set, 0.1, 0.1, 0.3, 0.1);
    pushSegment(set, 0.2, 0.1, 0.4, 0.1);
    pushSegment(set, 0.3, 0.1, 0.3, 0.3);
    const brute = new Set<string>();
    for (let i = 0; i < set.count; i++) {
      for (let j = i + 1; j < set.count; j++) if (segmentContact(set, i, j).kind !== "none") brute.add(`${i},${j}`);
    }
    const seen: string[] = [];
    forEachCandidatePair(set, (i, j) => {
      if (segmentContact(set, i, j).kind !== "none") seen.push(`${Math.min(i, j)},${Math.max(i, j)}`);
      return false;
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(brute);
    expect(brute.size).toBeGreaterThan(20);
  });

  it("classifies crossings, touches and overlaps", () => {
    const set = createSegmentSet(6);
    pushSegment(set, 0, 0, 2, 2);
    pushSegment(set, 0, 2, 2, 0);
    pushSegment(set, 2, 2, 3, 0);
    pushSegment(set, 1, 1, 3, 3);
    expect(segmentContact(set, 0, 1)).toEqual({ kind: "proper", x: 1, y: 1 });
    expect(segmentContact(set, 0, 2)).toEqual({ kind: "touch", x: 2, y: 2 });
    expect(segmentContact(set, 0, 3)).toEqual({ kind: "overlap", x: 1, y: 1 });
    expect(segmentContact(set, 1, 2).kind).toBe("none");
  });
});
