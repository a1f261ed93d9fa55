import type { Position } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { blockOfFour, corner } from "./test-support.js";
import { buildTopology, simplifyTopology } from "./topology.js";

const ringsOf = (file: ReturnType<typeof blockOfFour>) =>
  file.features.map((f) => (f.geometry as { coordinates: Position[][] }).coordinates[0] as Position[]);
const key = (p: Position) => `${p[0]},${p[1]}`;

describe("buildTopology", () => {
  it("cuts a 2 × 2 block into 4 shared inner arcs and 4 outer arcs", () => {
    // Junctions: the centre (four communes meet) and the four outer edge midpoints (two communes
    // and the outside). Each commune's ring: two inner arcs (centre ↔ midpoint), one outer arc.
    const topology = buildTopology(ringsOf(blockOfFour()));
    expect(topology.arcs).toHaveLength(8);
    const uses = new Map<number, number>();
    for (const refs of topology.rings) {
      expect(refs).toHaveLength(3);
      for (const ref of refs) uses.set(ref < 0 ? ~ref : ref, (uses.get(ref < 0 ? ~ref : ref) ?? 0) + 1);
    }
    expect([...uses.values()].sort()).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it("stores an enclave's border once: the hole of one ring is the outer ring of another", () => {
    const outer: Position[] = [corner(0, 0), corner(2, 0), corner(2, 2), corner(0, 2), corner(0, 0)];
    const enclave: Position[] = [corner(1, 1), [108.15, 15.6], [108.1, 15.65], [108.05, 15.6], corner(1, 1)];
    const hole = [...enclave].reverse();
    const topology = buildTopology([outer, hole, enclave]);
    expect(topology.arcs).toHaveLength(2);
    expect(topology.closed[0]).toBe(1);
    const [holeRef] = topology.rings[1] as Int32Array;
    const [enclaveRef] = topology.rings[2] as Int32Array;
    expect(holeRef === undefined || enclaveRef === undefined).toBe(false);
    expect(holeRef).toBe(~(enclaveRef as number));
  });
});

describe("simplifyTopology", () => {
  it("keeps shared borders shared and rings valid, even when simplifying away almost everything", () => {
    const { rings, stats } = simplifyTopology(ringsOf(blockOfFour()), { toleranceMeters: 50_000 });
    // Every inner arc collapses to its two junctions and every outer arc to a straight line
    // between two midpoints: four triangles around the centre, 3 vertices each.
    expect(rings.map((r) => r.length)).toEqual([4, 4, 4, 4]);
    expect(stats).toMatchObject({ arcs: 8, sharedArcs: 4, verticesBefore: 32, verticesAfter: 12 });
    const centre = key(corner(1, 1));
    for (const ring of rings) {
      expect(ring[0]).toEqual(ring.at(-1));
      expect(ring.map(key)).toContain(centre);
    }
    // Neighbours 0 and 1 share the centre and the south midpoint, by identical coordinates.
    const shared = rings[0]?.map(key).filter((k) => rings[1]?.map(key).includes(k));
    expect(new Set(shared)).toEqual(new Set([centre, key(corner(1, 0))]));
  });

  it("keeps an island a ring of at least three vertices", () => {
    const island: Position[] = [];
    for (let k = 0; k < 24; k++) {
      const angle = (2 * Math.PI * k) / 24;
      island.push([108.5 + 0.001 * Math.cos(angle), 15.8 + 0.001 * Math.sin(angle)]);
    }
    island.push(island[0] as Position);
    const { rings } = simplifyTopology([island], { toleranceMeters: 10_000 });
    expect(rings[0]).toHaveLength(4);
  });

  it("refines an arc whose simplification would cut through a neighbouring islet", () => {
    // Commune A's southern border has an 11 m notch at 108.05 E; a 5 m islet sits in the notch,
    // poking 4.5 m above the line the notch would be straightened to.
    const notch: Position = [108.05, 15.5001];
    const a: Position[] = [
      [108, 15.5],
      [108.04, 15.5],
      notch,
      [108.06, 15.5],
      [108.1, 15.5],
      [108.1, 15.6],
      [108, 15.6],
      [108, 15.5],
    ];
    const islet: Position[] = [
      [108.0498, 15.49998],
      [108.0502, 15.49998],
      [108.05, 15.50004],
      [108.0498, 15.49998],
    ];
    const alone = simplifyTopology([a], { toleranceMeters: 20 });
    expect(alone.rings[0]?.map(key)).not.toContain(key(notch));
    const together = simplifyTopology([a, islet], { toleranceMeters: 20 });
    expect(together.rings[0]?.map(key)).toContain(key(notch));
    // Both arcs in the contact are re-simplified with a quarter of the tolerance; the islet was
    // already as simple as a ring gets.
    expect(together.stats.arcsRefined).toBe(2);
    expect(together.rings[1]).toHaveLength(4);
    expect(together.stats.repairRounds).toBe(1);
  });
});
