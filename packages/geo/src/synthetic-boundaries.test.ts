import { describe, expect, it } from "vitest";
import { importBoundaries } from "./import-boundaries.js";
import { generateBoundaryFile } from "./synthetic-boundaries.js";

describe("generateBoundaryFile", () => {
  it("tiles without gaps: every inner border is one arc shared by two communes, and the file imports", () => {
    const file = generateBoundaryFile({ count: 30, cols: 6, edgeDepth: [3, 4], seed: 1 });
    expect(file.features).toHaveLength(30);
    expect(new Set(file.features.map((f) => f.properties.code)).size).toBe(30);
    for (const f of file.features) {
      const ring = f.geometry.coordinates[0] ?? [];
      expect(ring.length - 1).toBeGreaterThanOrEqual(4 * 8);
      expect(ring.length - 1).toBeLessThanOrEqual(4 * 16);
    }
    const result = importBoundaries(JSON.stringify(file));
    if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join("\n"));
    // A 6 × 5 lattice has 5 × 5 + 6 × 4 = 49 inner edges, each shared; the outline is cut into
    // arcs at the junctions where inner edges meet it (18 of them: 2 × (6 − 1) + 2 × (5 − 1)).
    expect(result.stats.sharedArcs).toBe(49);
    expect(result.stats.arcs).toBe(49 + 18);
    expect(generateBoundaryFile({ count: 30, cols: 6, edgeDepth: [3, 4], seed: 1 })).toEqual(file);
  });
});
