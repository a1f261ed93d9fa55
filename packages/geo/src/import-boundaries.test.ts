import { type Position, pointInRing } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { type BoundaryImportResult, type ImportProgress, importBoundaries } from "./import-boundaries.js";
import type { BoundaryProblem } from "./problems.js";
import { blockOfFour, cellRing, type TestCollection } from "./test-support.js";

function errorsOf(result: BoundaryImportResult): BoundaryProblem[] {
  if (result.ok) throw new Error("expected the import to be refused");
  return result.errors;
}

function ringOf(file: TestCollection, index: number): Position[] {
  const geometry = file.features[index]?.geometry as { coordinates: Position[][] };
  return geometry.coordinates[0] as Position[];
}

describe("importBoundaries: a sound file", () => {
  it("builds one commune per feature with area, an inside label point and flagged defaults", () => {
    const file = blockOfFour();
    delete file.features[3]?.properties.kind;
    delete file.features[3]?.properties.households;
    delete file.features[3]?.properties.terrain;
    const result = importBoundaries(JSON.stringify(file));
    if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join("\n"));
    expect(result.communes.map((c) => c.commune.code)).toEqual(["49001", "49002", "49003", "49004"]);
    const [first, , , last] = result.communes;
    expect(first?.commune).toMatchObject({
      name: "Xã Thử Nghiệm 1",
      kind: "xã",
      provinceCode: "49",
      population: 5000,
      households: 1200,
      terrain: "mountainous",
      border: true,
      extremelyDisadvantaged: true,
    });
    // 0.1° × 0.1° at 15.5°N: (0.1 × 111.32)² × cos(15.55°) ≈ 119.4 km², give or take the nudged
    // edge vertices (which move area between neighbours but not in total).
    const total = result.communes.reduce((s, c) => s + c.commune.areaKm2, 0);
    expect(total).toBeCloseTo(4 * (0.1 * 111.32) ** 2 * Math.cos((15.6 * Math.PI) / 180), -1);
    for (const { commune } of result.communes) {
      expect(pointInRing(commune.labelPoint, commune.geometry.coordinates[0] as Position[])).toBe(true);
    }
    // Kind inferred from the name; households estimated from population; terrain defaulted.
    expect(last?.commune.kind).toBe("phường");
    expect(last?.defaulted).toEqual([
      { field: "kind", value: "phường", how: "inferred" },
      { field: "households", value: Math.round(8000 / 3.6), how: "inferred" },
      { field: "terrain", value: "midland", how: "default" },
    ]);
    expect(last?.commune.households).toBe(2222);
    expect(first?.defaulted).toEqual([]);
    expect(result.warnings.map((w) => w.code).sort()).toEqual([
      "property-defaulted",
      "property-defaulted",
      "property-defaulted",
    ]);
    expect(result.stats).toMatchObject({ features: 4, polygons: 4, rings: 4, verticesBefore: 32 });
  });

  it("accepts the East Sea archipelagos, and refuses the sea off Hainan", () => {
    const file = blockOfFour();
    file.features = file.features.slice(0, 1);
    const ring = ringOf(file, 0);
    // Shift the cell to the Hoàng Sa (Paracel) islands, ≈112.3 E 16.5 N.
    for (const p of ring) p.splice(0, 2, Math.round((p[0] + 4.3) * 1e9) / 1e9, Math.round((p[1] + 1) * 1e9) / 1e9);
    expect(importBoundaries(file).ok).toBe(true);
    // At 112.3 E but 19.5 N the cell would be in the sea off Hainan: outside both boxes, although a
    // single box spanning the mainland and the archipelagos would take it.
    for (const p of ring) p.splice(1, 1, Math.round((p[1] + 3) * 1e9) / 1e9);
    expect(errorsOf(importBoundaries(file)).map((e) => e.code)).toEqual(["outside-vietnam"]);
  });

  it("reports progress through every phase, ending each with done = total", () => {
    const seen: ImportProgress[] = [];
    importBoundaries(JSON.stringify(blockOfFour()), { onProgress: (p) => seen.push(p) });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(["parse", "read", "validate", "simplify", "records"]);
    for (const phase of phases) {
      const last = seen.filter((p) => p.phase === phase).at(-1);
      expect(last?.done).toBe(last?.total);
    }
  });

  it("reads a numeric code as zero-padded digits, with a warning", () => {
    const file = blockOfFour();
    (file.features[0] as { properties: Record<string, unknown> }).properties.code = 4901;
    const result = importBoundaries(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.communes[0]?.commune.code).toBe("04901");
    expect(result.warnings.find((w) => w.code === "code-numeric")).toMatchObject({
      featureIndex: 0,
      featureCode: "04901",
    });
  });
});

describe("importBoundaries: malformed files are refused with located errors", () => {
  it("a self-intersecting ring: where, which feature, which edges", () => {
    const file = blockOfFour();
    // A bow-tie: edges 0→1 and 2→3 cross at [108.05, 15.65].
    (file.features[2] as { geometry: { coordinates: unknown } }).geometry.coordinates = [
      [
        [108, 15.6],
        [108.1, 15.7],
        [108.1, 15.6],
        [108, 15.7],
        [108, 15.6],
      ],
    ];
    const [error, ...rest] = errorsOf(importBoundaries(file));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      code: "self-intersection",
      severity: "error",
      featureIndex: 2,
      featureCode: "49003",
      path: "features[2].geometry.coordinates[0]",
    });
    expect(error?.position?.[0]).toBeCloseTo(108.05, 9);
    expect(error?.position?.[1]).toBeCloseTo(15.65, 9);
    expect(error?.message.en).toBe(
      "features[2] (code 49003): ring 0 intersects itself at [108.05, 15.65] (edge 0→1 and edge 2→3)",
    );
    expect(error?.message.vi).toBe("features[2] (mã 49003): vòng 0 tự cắt tại [108.05, 15.65] (cạnh 0→1 và cạnh 2→3)");
  });

  it("a hole crossing its outer ring", () => {
    const file = blockOfFour();
    const outer = cellRing(0, 0);
    const hole: Position[] = [
      [108.05, 15.45],
      [108.06, 15.55],
      [108.07, 15.55],
      [108.05, 15.45],
    ];
    (file.features[0] as { geometry: { coordinates: unknown } }).geometry.coordinates = [outer, hole];
    expect(errorsOf(importBoundaries(file)).map((e) => [e.code, e.featureIndex, e.path])).toContainEqual([
      "rings-cross",
      0,
      "features[0].geometry.coordinates[0]",
    ]);
  });

  it("a missing code and a duplicate code", () => {
    const file = blockOfFour();
    delete file.features[1]?.properties.code;
    (file.features[3] as { properties: Record<string, unknown> }).properties.code = "49001";
    const errors = errorsOf(importBoundaries(file));
    expect(errors.map((e) => [e.code, e.featureIndex, e.featureCode, e.path])).toEqual([
      ["code-missing", 1, null, "features[1].properties.code"],
      ["code-duplicate", 3, "49001", "features[3].properties.code"],
    ]);
    expect(errors[1]?.message.en).toBe(
      "features[3] (code 49001): code 49001 repeats features[0]; every commune needs its own code",
    );
    expect(errors[0]?.message.vi).toBe('features[1]: thiếu thuộc tính "code" (mã xã 5 chữ số)');
  });

  it("a malformed code, a missing name and invalid properties", () => {
    const file = blockOfFour();
    const props = (n: number) => (file.features[n] as { properties: Record<string, unknown> }).properties;
    props(0).code = "4900A";
    props(1).name = "  ";
    props(2).terrain = "hills";
    props(3).population = -5;
    expect(errorsOf(importBoundaries(file)).map((e) => [e.code, e.featureIndex, e.path])).toEqual([
      ["code-invalid", 0, "features[0].properties.code"],
      ["name-missing", 1, "features[1].properties.name"],
      ["property-invalid", 2, "features[2].properties.terrain"],
      ["property-invalid", 3, "features[3].properties.population"],
    ]);
  });

  it("coordinates in [lat, lon] order", () => {
    const file = blockOfFour();
    for (const p of ringOf(file, 1)) p.reverse();
    const errors = errorsOf(importBoundaries(file));
    expect(errors.map((e) => [e.code, e.featureIndex, e.path])).toEqual([
      ["coordinates-swapped", 1, "features[1].geometry.coordinates[0][0]"],
    ]);
    expect(errors[0]?.message.en).toContain("[15.5, 108.1] is [latitude, longitude]");
  });

  it("coordinates outside Vietnam, e.g. a projected (VN-2000 metres) file", () => {
    const file = blockOfFour();
    for (const p of ringOf(file, 0)) p.splice(0, 2, p[0] * 5000, p[1] * 100_000);
    const errors = errorsOf(importBoundaries(file));
    expect(errors.map((e) => [e.code, e.featureIndex])).toEqual([["outside-vietnam", 0]]);
    expect(errors[0]?.message.en).toBe(
      "features[0] (code 49001): 9 of 9 positions lie outside Vietnam (WGS84), the first at [540000, 1550000]; is the file in VN-2000 or another projection?",
    );
  });

  it("an unclosed ring and a ring too short", () => {
    const file = blockOfFour();
    ringOf(file, 3).pop();
    (file.features[1] as { geometry: { coordinates: unknown } }).geometry.coordinates = [
      [
        [108.1, 15.5],
        [108.2, 15.5],
        [108.1, 15.5],
      ],
    ];
    const errors = errorsOf(importBoundaries(file));
    expect(errors.map((e) => [e.code, e.featureIndex, e.path])).toEqual([
      ["ring-too-short", 1, "features[1].geometry.coordinates[0]"],
      ["ring-unclosed", 3, "features[3].geometry.coordinates[0][7]"],
    ]);
    expect(errors[1]?.message.en).toContain("ring 0 is not closed: first position [108.1, 15.6] differs from last");
  });

  it("not JSON, not a FeatureCollection, a Point, malformed positions", () => {
    expect(errorsOf(importBoundaries('{"type": "FeatureCollection", "features": [')).map((e) => e.code)).toEqual([
      "invalid-json",
    ]);
    expect(errorsOf(importBoundaries({ type: "Feature" }))[0]?.code).toBe("not-feature-collection");
    expect(errorsOf(importBoundaries({ type: "FeatureCollection", features: [] }))[0]?.code).toBe("no-features");
    const file = blockOfFour();
    (file.features[0] as { geometry: unknown }).geometry = { type: "Point", coordinates: [108, 15.5] };
    (file.features[1] as { geometry: unknown }).geometry = null;
    ringOf(file, 2)[3] = ["108.1", 15.6] as unknown as Position;
    expect(errorsOf(importBoundaries(file)).map((e) => [e.code, e.featureIndex, e.path])).toEqual([
      ["geometry-type", 0, "features[0].geometry.type"],
      ["geometry-missing", 1, "features[1].geometry"],
      ["coordinates-invalid", 2, "features[2].geometry.coordinates[0][3]"],
    ]);
  });

  it("a province missing or not the one being imported", () => {
    const file = blockOfFour();
    delete file.features[0]?.properties.province_code;
    expect(errorsOf(importBoundaries(file)).map((e) => [e.code, e.featureIndex])).toEqual([["province-missing", 0]]);
    expect(errorsOf(importBoundaries(file, { provinceCode: "48" })).map((e) => [e.code, e.featureIndex])).toEqual([
      ["province-mismatch", 1],
      ["province-mismatch", 2],
      ["province-mismatch", 3],
    ]);
    const ok = importBoundaries(file, { provinceCode: "49" });
    expect(ok.ok && ok.communes[0]?.defaulted).toEqual([{ field: "provinceCode", value: "49", how: "default" }]);
  });

  it("caps the list of errors and says how many more there are", () => {
    const file = blockOfFour();
    for (const f of file.features) delete f.properties.code;
    const errors = errorsOf(importBoundaries(file, { maxErrors: 2 }));
    expect(errors.map((e) => e.code)).toEqual(["code-missing", "code-missing", "too-many-problems"]);
    expect(errors[2]?.message.en).toBe("File: 2 more errors not listed; fix the ones above and import again");
  });

  it("caps warnings the same way", () => {
    const file = blockOfFour();
    file.features.forEach((f, n) => {
      f.properties.code = 49001 + n;
    });
    const result = importBoundaries(file, { maxErrors: 2 });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.code, w.severity])).toEqual([
      ["code-numeric", "warning"],
      ["code-numeric", "warning"],
      ["too-many-problems", "warning"],
    ]);
    expect(result.warnings[2]?.message.en).toBe("File: 2 more warnings not listed");
  });
});
