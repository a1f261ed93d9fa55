/**
 * Repair of invalid rings (`importBoundaries(…, { repair: true })`): made-up rings for each kind
 * of defect, neighbours that keep their shared border through repair and simplification, and the
 * real 2025 communes of Đà Nẵng (../shared/data/real-geometry; never copied into this repository).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Position, pointInRing, polygonAreaKm2 } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { checkFeatureGeometry } from "./geometry-checks.js";
import { importBoundaries } from "./import-boundaries.js";
import { ProblemList } from "./problems.js";
import { clone, type TestCollection } from "./test-support.js";
import { VIETNAM_BOXES } from "./vietnam-bounds.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const DA_NANG = resolve(repoRoot, "../shared/data/real-geometry/da-nang-communes-2025.geojson");
const haveDaNang = existsSync(DA_NANG);
if (!haveDaNang) console.warn(`repair.test: skipping the Đà Nẵng import: ${DA_NANG} is absent`);

const key = (p: Position) => `${p[0]},${p[1]}`;

function one(ring: Position[]): TestCollection {
  return {
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { code: "49001", name: "Xã Thử Nghiệm", province_code: "49" },
        geometry: { type: "Polygon", coordinates: [ring] },
      },
    ],
  };
}

function expectValid(result: ReturnType<typeof importBoundaries>): void {
  if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join("\n"));
  const problems = new ProblemList(100);
  result.communes.forEach(({ commune, parts }, index) => {
    checkFeatureGeometry(
      { index, code: commune.code, name: commune.name, properties: {}, polygons: parts, multi: parts.length > 1 },
      VIETNAM_BOXES,
      problems,
    );
  });
  expect(problems.errors).toEqual([]);
}

describe("repairing rings", () => {
  it("splits a bow-tie (a ring crossing itself) into two shells at the crossing, keeping both lobes", () => {
    const bowTie: Position[] = [
      [108.0, 15.5],
      [108.1, 15.6],
      [108.1, 15.5],
      [108.0, 15.6],
      [108.0, 15.5],
    ];
    expect(importBoundaries(one(bowTie)).ok).toBe(false);
    const result = importBoundaries(one(bowTie), { repair: true, toleranceMeters: 1 });
    expectValid(result);
    if (!result.ok) return;
    expect(result.communes[0]?.parts).toHaveLength(2);
    expect(result.repairs).toMatchObject([
      {
        kind: "ring-split",
        featureCode: "49001",
        ring: 0,
        polygon: 0,
        shells: 2,
        holes: 0,
        positions: [[108.05, 15.55]],
      },
    ]);
    const warning = result.warnings.find((w) => w.code === "ring-repaired");
    expect(warning?.message.vi).toBe(
      "features[0] (mã 49001): Xã Thử Nghiệm, vòng 0 của đa giác 0 tự chạm hoặc tự cắt tại [108.05, 15.55]: đã tách tại đó thành 2 vòng ngoài và 0 lỗ hợp lệ",
    );
    expect(warning?.path).toBe("features[0].geometry.coordinates[0]");
    // Each lobe is a quarter of the 0.1° square.
    const square = polygonAreaKm2([
      [
        [108.0, 15.5],
        [108.1, 15.5],
        [108.1, 15.6],
        [108.0, 15.6],
        [108.0, 15.5],
      ],
    ]);
    expect(result.communes[0]?.commune.areaKm2).toBeCloseTo(square / 2, 0);
  });

  it("turns a ring that touches itself from inside (an inverted hole) into a shell with a hole", () => {
    // Around the square, then back in from the start vertex to cut out a triangle.
    const ring: Position[] = [
      [108.0, 15.5],
      [108.2, 15.5],
      [108.2, 15.7],
      [108.0, 15.7],
      [108.0, 15.5],
      [108.05, 15.6],
      [108.1, 15.55],
      [108.0, 15.5],
    ];
    expect(importBoundaries(one(ring)).ok).toBe(false);
    const result = importBoundaries(one(ring), { repair: true, toleranceMeters: 1 });
    expectValid(result);
    if (!result.ok) return;
    expect(result.communes[0]?.parts).toHaveLength(1);
    expect(result.communes[0]?.parts[0]).toHaveLength(2);
    expect(result.repairs).toMatchObject([{ kind: "ring-split", shells: 1, holes: 1, positions: [[108.0, 15.5]] }]);
  });

  it("removes spikes, repeated positions and zero-area loops, each with its location", () => {
    const ring: Position[] = [
      [108.0, 15.5],
      [108.1, 15.5],
      [108.1, 15.5],
      [108.15, 15.45], // a spike out and straight back
      [108.1, 15.5],
      [108.1, 15.6],
      [108.0, 15.6],
      [108.0, 15.5],
    ];
    expect(importBoundaries(one(ring)).ok).toBe(false);
    const result = importBoundaries(one(ring), { repair: true, toleranceMeters: 1 });
    expectValid(result);
    if (!result.ok) return;
    expect(result.repairs.map((r) => [r.kind, r.positions])).toEqual([
      ["duplicate-vertices-removed", [[108.1, 15.5]]],
      ["spike-removed", [[108.15, 15.45]]],
    ]);
    expect(result.communes[0]?.parts[0]?.[0]).toHaveLength(5);
    expect(result.warnings.find((w) => w.code === "spike-removed")?.message.en).toBe(
      "features[0] (code 49001): Xã Thử Nghiệm, ring 0 of polygon 0 has 1 spikes (the boundary goes out and straight back) at [108.15, 15.45]: removed",
    );
  });

  it("drops a part with no area from a commune that has others", () => {
    const file = one([]);
    (file.features[0] as { geometry: unknown }).geometry = {
      type: "MultiPolygon",
      coordinates: [
        [
          [
            [108.0, 15.5],
            [108.1, 15.5],
            [108.1, 15.6],
            [108.0, 15.6],
            [108.0, 15.5],
          ],
        ],
        [
          [
            [108.2, 15.5],
            [108.3, 15.5],
            [108.25, 15.5],
            [108.2, 15.5],
          ],
        ],
      ],
    };
    expect(importBoundaries(file).ok).toBe(false);
    const result = importBoundaries(file, { repair: true, toleranceMeters: 1 });
    expectValid(result);
    if (!result.ok) return;
    expect(result.communes[0]?.parts).toHaveLength(1);
    expect(result.repairs.map((r) => [r.kind, r.polygon])).toContainEqual(["zero-area-loop-removed", 1]);
  });

  it("still refuses what it cannot repair: an unclosed ring, a ring with no area", () => {
    const unclosed: Position[] = [
      [108.0, 15.5],
      [108.1, 15.5],
      [108.1, 15.6],
      [108.0, 15.6],
    ];
    const flat: Position[] = [
      [108.0, 15.5],
      [108.1, 15.5],
      [108.2, 15.5],
      [108.0, 15.5],
    ];
    for (const ring of [unclosed, flat]) {
      const result = importBoundaries(one(ring), { repair: true });
      expect(result.ok).toBe(false);
    }
  });

  it("keeps shared borders shared when neighbours' common border crosses itself", () => {
    // Two communes share the border x = 108.1, which twists across itself on its way north (as
    // in the real Đà Nẵng file): both rings cross themselves at the same point.
    const twist: Position[] = [
      [108.1, 15.55],
      [108.102, 15.562],
      [108.102, 15.558],
      [108.1, 15.57],
    ];
    const west: Position[] = [[108.0, 15.5], [108.1, 15.5], ...twist, [108.1, 15.6], [108.0, 15.6], [108.0, 15.5]];
    const east: Position[] = [
      [108.1, 15.5],
      [108.2, 15.5],
      [108.2, 15.6],
      [108.1, 15.6],
      ...[...twist].reverse(),
      [108.1, 15.5],
    ];
    const file: TestCollection = clone({
      type: "FeatureCollection",
      features: [west, east].map((ring, n) => ({
        type: "Feature",
        properties: { code: `4900${n + 1}`, name: `Xã Thử Nghiệm ${n + 1}`, province_code: "49" },
        geometry: { type: "Polygon", coordinates: [ring] },
      })),
    });
    expect(importBoundaries(file).ok).toBe(false);
    const result = importBoundaries(file, { repair: true, toleranceMeters: 1 });
    expectValid(result);
    if (!result.ok) return;
    const splits = result.repairs.filter((r) => r.kind === "ring-split");
    expect(splits.map((r) => [r.shells, r.holes])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    const crossing = splits[0]?.positions[0] as Position;
    expect(splits[1]?.positions).toEqual([crossing]);
    // Every vertex of the twisted border, the crossing included, is a vertex of both communes.
    const [a, b] = result.communes.map((c) => new Set(c.parts.flat(2).map(key)));
    const shared = [...(a as Set<string>)].filter((k) => b?.has(k)).sort();
    expect(shared).toEqual([key(crossing), ...twist.map(key), "108.1,15.5", "108.1,15.6"].sort());
    // The two communes still tile the same area as before: the twist moved area, it did not add any.
    const total = result.communes.reduce((sum, c) => sum + c.commune.areaKm2, 0);
    expect(total).toBeCloseTo(
      2 *
        polygonAreaKm2([
          [
            [108.0, 15.5],
            [108.1, 15.5],
            [108.1, 15.6],
            [108.0, 15.6],
            [108.0, 15.5],
          ],
        ]),
      1,
    );
  });
});

describe.skipIf(!haveDaNang)("the real 2025 communes of Đà Nẵng", () => {
  const text = haveDaNang ? readFileSync(DA_NANG, "utf8") : "";

  it("are refused as they are, for 4 rings touching or crossing themselves", { timeout: 60_000 }, () => {
    const result = importBoundaries(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.featureCode])).toEqual([
      ["self-intersection", "20197"],
      ["self-intersection", "20200"],
      ["self-intersection", "20557"],
      ["self-intersection", "20575"],
    ]);
  });

  it("import with repair: 94 communes, every repair located, shared borders kept through simplification", {
    timeout: 120_000,
  }, () => {
    const result = importBoundaries(text, { repair: true, provinceCode: "48" });
    expectValid(result);
    if (!result.ok) return;
    expect(result.communes).toHaveLength(94);
    expect(result.communes.every((c) => c.commune.provinceCode === "48")).toBe(true);
    expect(
      result.repairs.map((r) => [r.kind, r.featureCode, r.featureName, r.polygon, r.ring, r.positions.length]),
    ).toEqual([
      ["ring-split", "20197", "Phường Liên Chiểu", 0, 0, 1],
      ["ring-split", "20200", "Phường Hòa Khánh", 0, 0, 1],
      ["ring-split", "20557", "Phường Điện Bàn Bắc", 0, 0, 1],
      ["ring-split", "20575", "Phường An Thắng", 0, 0, 1],
    ]);
    // Each pair of neighbours meets at the same crossing: one gets a sliver, the other a hole.
    expect(result.repairs.map((r) => [r.shells, r.holes])).toEqual([
      [2, 0],
      [1, 1],
      [2, 0],
      [1, 1],
    ]);
    for (const { commune } of result.communes) {
      expect(pointInRing(commune.labelPoint, commune.geometry.coordinates[0] as Position[])).toBe(true);
    }

    // Shared borders stay shared, as in quang-nam.test.ts: for every pair of neighbours, the
    // simplified vertices of A that lay on the original A|B border are exactly B's.
    const source = (JSON.parse(text) as { features: Array<{ geometry: { coordinates: Position[][][] } }> }).features;
    const originalVertices = source.map((f) => new Set(f.geometry.coordinates.flat(2).map(key)));
    const simplifiedVertices = result.communes.map((c) => new Set(c.parts.flat(2).map(key)));
    let neighbourPairs = 0;
    for (let a = 0; a < source.length; a++) {
      for (let b = a + 1; b < source.length; b++) {
        const border = [...(originalVertices[a] as Set<string>)].filter((k) => originalVertices[b]?.has(k));
        if (border.length < 2) continue;
        neighbourPairs++;
        const onBorder = new Set(border);
        const keptByA = [...(simplifiedVertices[a] as Set<string>)].filter((k) => onBorder.has(k)).sort();
        const keptByB = [...(simplifiedVertices[b] as Set<string>)].filter((k) => onBorder.has(k)).sort();
        expect(keptByA).toEqual(keptByB);
      }
    }
    expect(neighbourPairs).toBeGreaterThan(150);
  });
});
