import { describe, expect, it } from "vitest";
import type { Position } from "./admin-units.js";
import { DEMO_PROVINCE_CODE, generateDemoProvince } from "./demo-province.js";
import { pointInRing, signedArea2 } from "./geometry.js";
import { createRandom } from "./random.js";

const province = generateDemoProvince();
const rings = province.communes.map((c) => c.geometry.coordinates[0] as Position[]);

const segmentKey = (a: Position, b: Position) => `${a[0]},${a[1]}>${b[0]},${b[1]}`;

function segmentsCross(p1: Position, p2: Position, p3: Position, p4: Position): boolean {
  const d = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

describe("generateDemoProvince", () => {
  it("is deterministic from its seed", () => {
    expect(generateDemoProvince()).toEqual(province);
    expect(generateDemoProvince({ seed: 7 }).communes[0]).not.toEqual(province.communes[0]);
  });

  it("has 100–130 communes with unique 5-digit codes and unique Vietnamese names", () => {
    expect(province.synthetic).toBe(true);
    expect(province.code).toBe(DEMO_PROVINCE_CODE);
    expect(province.communes.length).toBeGreaterThanOrEqual(100);
    expect(province.communes.length).toBeLessThanOrEqual(130);
    const codes = new Set(province.communes.map((c) => c.code));
    expect(codes.size).toBe(province.communes.length);
    for (const c of province.communes) expect(c.code).toMatch(/^99\d{3}$/);
    expect(new Set(province.communes.map((c) => c.name)).size).toBe(province.communes.length);
    for (const c of province.communes) expect(c.name).toMatch(/^(Xã|Phường|Đặc khu) \S/);
  });

  it("gives every commune the attributes DOMAIN.md lists", () => {
    for (const c of province.communes) {
      expect(c.population).toBeGreaterThan(0);
      expect(c.households).toBeGreaterThan(0);
      expect(c.households).toBeLessThan(c.population);
      expect(c.areaKm2).toBeGreaterThan(0);
      expect(["mountainous", "midland", "delta", "coastal", "island"]).toContain(c.terrain);
      expect(typeof c.border).toBe("boolean");
      expect(typeof c.extremelyDisadvantaged).toBe("boolean");
      expect(pointInRing(c.labelPoint, c.geometry.coordinates[0] as Position[])).toBe(true);
    }
  });

  it("puts sparse mountainous border communes in the west and a city of wards in the east", () => {
    const mountainous = province.communes.filter((c) => c.terrain === "mountainous");
    const wards = province.communes.filter((c) => c.kind === "phường");
    const border = province.communes.filter((c) => c.border);
    expect(mountainous.length).toBeGreaterThan(15);
    expect(wards.length).toBeGreaterThanOrEqual(8);
    expect(border.length).toBeGreaterThan(3);
    for (const c of border) expect(c.terrain).toBe("mountainous");
    const meanLon = (list: typeof mountainous) => list.reduce((s, c) => s + c.labelPoint[0], 0) / list.length;
    expect(meanLon(mountainous)).toBeLessThan(meanLon(wards) - 0.5);
    const density = (list: typeof mountainous) =>
      list.reduce((s, c) => s + c.population, 0) / list.reduce((s, c) => s + c.areaKm2, 0);
    expect(density(mountainous) * 5).toBeLessThan(density(wards));
    expect(province.communes.filter((c) => c.kind === "đặc khu")).toHaveLength(1);
  });

  it("draws every ring closed, counter-clockwise and without self-intersections", () => {
    for (const ring of rings) {
      expect(ring[0]).toEqual(ring.at(-1));
      expect(signedArea2(ring)).toBeGreaterThan(0);
      for (let a = 0; a + 1 < ring.length; a++) {
        for (let b = a + 2; b + 1 < ring.length; b++) {
          if (a === 0 && b === ring.length - 2) continue; // adjacent through the closing vertex
          expect(
            segmentsCross(ring[a] as Position, ring[a + 1] as Position, ring[b] as Position, ring[b + 1] as Position),
          ).toBe(false);
        }
      }
    }
  });

  it("tiles the province: shared borders have identical vertices, no gaps, no overlaps", () => {
    const directed = new Map<string, number>();
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const key = segmentKey(ring[k] as Position, ring[k + 1] as Position);
        directed.set(key, (directed.get(key) ?? 0) + 1);
      }
    }
    // No directed segment is used twice: two communes never claim the same side of a border.
    for (const count of directed.values()) expect(count).toBe(1);
    const boundary: Array<[Position, Position]> = [];
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const a = ring[k] as Position;
        const b = ring[k + 1] as Position;
        if (!directed.has(segmentKey(b, a))) boundary.push([a, b]);
      }
    }
    const insideOutline = (p: Position) => {
      let inside = false;
      for (const [a, b] of boundary) {
        if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
          inside = !inside;
        }
      }
      return inside;
    };
    const random = createRandom(99);
    let sampledInside = 0;
    for (let n = 0; n < 4000; n++) {
      const p: Position = [random.between(107.2, 109.1), random.between(15.1, 16.2)];
      const containing = rings.filter((ring) => pointInRing(p, ring)).length;
      expect(containing).toBeLessThanOrEqual(1);
      expect(containing).toBe(insideOutline(p) ? 1 : 0);
      if (containing) sampledInside++;
    }
    expect(sampledInside).toBeGreaterThan(1000);
  });
});
