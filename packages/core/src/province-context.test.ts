import { describe, expect, it } from "vitest";
import type { Commune, Position, Province } from "./admin-units.js";
import { generateDemoProvince } from "./demo-province.js";
import { pointInRing } from "./geometry.js";
import { demoNeighbours, deriveNeighbours, provinceContext } from "./province-context.js";

const square = (west: number, south: number, size: number): Position[] => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];
const commune = (code: string, ring: Position[]): Commune => ({
  code,
  name: `Xã ${code}`,
  kind: "xã",
  provinceCode: code.slice(0, 2),
  population: 1000,
  households: 300,
  areaKm2: 100,
  terrain: "midland",
  border: false,
  extremelyDisadvantaged: false,
  labelPoint: [(ring[0] as Position)[0] + 0.05, (ring[0] as Position)[1] + 0.05],
  geometry: { type: "Polygon", coordinates: [ring] },
});
const province = (code: string, name: string, communes: Commune[]): Province => ({
  code,
  name,
  synthetic: false,
  communes,
});

describe("a province's neighbours", () => {
  it("derives them from a national registry: those within reach, thinned, named near the province", () => {
    const home = province("48", "Thành phố Đà Nẵng", [commune("48001", square(108, 16, 0.2))]);
    // Touching on the north, 11 km to the south, and one far away.
    const north = province("46", "Thành phố Huế", [
      commune("46001", square(108, 16.2, 0.1)),
      commune("46002", square(108, 16.5, 0.1)),
    ]);
    const south = province("51", "Tỉnh Quảng Ngãi", [commune("51001", square(108, 15.7, 0.2))]);
    const far = province("01", "Thành phố Hà Nội", [commune("01001", square(105.8, 21, 0.2))]);
    const detailed = [...Array(200).keys()].map((i): Position => [108 + (0.2 * i) / 199, 16.4 - 0.0001 * (i % 2)]);
    const wiggly = province("44", "Tỉnh Quảng Trị", [
      commune("44001", [[108, 16.2], ...detailed.reverse(), [108, 16.4], [108, 16.2]] as Position[]),
    ]);

    const neighbours = deriveNeighbours(home, [home, north, south, far, wiggly], { maxGapKm: 25 });
    expect(neighbours.map((n) => [n.code, n.name])).toEqual([
      ["44", "Tỉnh Quảng Trị"],
      ["46", "Thành phố Huế"],
      ["51", "Tỉnh Quảng Ngãi"],
    ]);
    const hue = neighbours.find((n) => n.code === "46");
    expect(hue?.polygons).toHaveLength(2);
    // The name sits on Huế's commune nearest Đà Nẵng.
    expect(hue?.labelPoint).toEqual([108.05, 16.25]);
    const thinned = neighbours.find((n) => n.code === "44")?.polygons[0]?.[0] ?? [];
    expect(thinned.length).toBeLessThan(60);
    expect(thinned[0]).toEqual(thinned.at(-1));
    expect(deriveNeighbours(home, [south], { maxGapKm: 5 })).toEqual([]);
  });

  it("gives the synthetic demo province synthetic neighbours around it, named outside it, none at sea", () => {
    const demo = generateDemoProvince();
    const neighbours = provinceContext(demo, []);
    expect(neighbours).toEqual(demoNeighbours(demo));
    expect(neighbours.map((n) => n.name)).toEqual([
      "Tỉnh Bắc Sơn",
      "Tỉnh Thượng Lâm",
      "Nước láng giềng",
      "Tỉnh Nam Nguyên",
      "Tỉnh An Hải",
    ]);
    for (const n of neighbours) {
      expect(n.synthetic).toBe(true);
      const ring = n.polygons[0]?.[0] as Position[];
      expect(ring[0]).toEqual(ring.at(-1));
      // The name is in its own sector and outside every commune of the province.
      expect(pointInRing(n.labelPoint, ring)).toBe(true);
      for (const c of demo.communes)
        expect(pointInRing(n.labelPoint, c.geometry.coordinates[0] as Position[])).toBe(false);
    }
    // The east, the demo's coast, has no neighbour: nothing reaches east of the province's centre at its latitude.
    const xs = demo.communes.flatMap((c) => (c.geometry.coordinates[0] ?? []).map((p) => p[0]));
    const east = Math.max(...xs);
    const centreY = neighbours[0]?.polygons[0]?.[0]?.[0]?.[1] as number;
    const eastPoint: Position = [east + 0.05, centreY];
    expect(neighbours.some((n) => pointInRing(eastPoint, n.polygons[0]?.[0] as Position[]))).toBe(false);
  });
});
