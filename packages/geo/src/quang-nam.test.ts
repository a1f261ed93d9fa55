/**
 * Real survey geometry: the 18 pre-2025 districts of Quảng Nam standing in for communes
 * (../shared/data/real-geometry; never copied into this repository).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Position, pointInRing } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { checkFeatureGeometry } from "./geometry-checks.js";
import { importBoundaries } from "./import-boundaries.js";
import { ProblemList } from "./problems.js";
import { VIETNAM_BOXES } from "./vietnam-bounds.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const FILE = resolve(repoRoot, "../shared/data/real-geometry/quang-nam-districts-pre2025.geojson");
const present = existsSync(FILE);
if (!present) console.warn(`quang-nam.test: skipping the real-geometry import: ${FILE} is absent`);

interface SourceFeature {
  properties: { code: string };
  geometry: { coordinates: Position[][][] };
}

describe.skipIf(!present)("importing Quảng Nam's real district boundaries", () => {
  const text = present ? readFileSync(FILE, "utf8") : "";

  it("validates, simplifies with shared borders kept shared, and reports vertex counts", () => {
    const result = importBoundaries(text, { codeDigits: 3 });
    if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join("\n"));
    const { stats } = result;
    console.log(
      `quang-nam: ${stats.features} features, ${stats.polygons} polygons, vertices ${stats.verticesBefore} → ${stats.verticesAfter} ` +
        `at ${stats.toleranceMeters} m; ${stats.arcs} arcs (${stats.sharedArcs} shared), ${stats.arcsRefined} refined, ${stats.arcsKeptWhole} kept whole`,
    );
    expect(result.communes).toHaveLength(18);
    expect(stats.verticesBefore).toBe(13_188 - 29); // 13,188 positions in 29 closed rings
    expect(stats.verticesAfter).toBeLessThan(stats.verticesBefore * 0.8);
    expect(stats.sharedArcs).toBeGreaterThan(20);

    // Tây Giang: mountainous district on the Lao border, about 900 km².
    const tayGiang = result.communes.find((c) => c.commune.code === "504")?.commune;
    expect(tayGiang?.name).toBe("Huyện Tây Giang");
    expect(tayGiang?.provinceCode).toBe("49");
    expect(tayGiang?.areaKm2).toBeGreaterThan(850);
    expect(tayGiang?.areaKm2).toBeLessThan(1000);
    // Hội An with the Cù Lao Chàm islands: several parts, all kept.
    expect(result.communes.find((c) => c.commune.code === "503")?.parts).toHaveLength(9);
    for (const { commune } of result.communes) {
      expect(pointInRing(commune.labelPoint, commune.geometry.coordinates[0] as Position[])).toBe(true);
    }

    // Shared borders stay shared: for every pair of neighbours A, B, the simplified vertices of A
    // that lay on the original A|B border are exactly the simplified vertices of B that did.
    const source = (JSON.parse(text) as { features: SourceFeature[] }).features;
    const key = (p: Position) => `${p[0]},${p[1]}`;
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
        expect(keptByA.length).toBeGreaterThanOrEqual(2);
        expect(keptByA.length).toBeLessThanOrEqual(border.length);
      }
    }
    expect(neighbourPairs).toBeGreaterThan(25);

    // The simplified geometry is itself valid: no ring crosses itself.
    const problems = new ProblemList(100);
    result.communes.forEach(({ commune, parts }, index) => {
      checkFeatureGeometry(
        { index, code: commune.code, name: commune.name, properties: {}, polygons: parts, multi: parts.length > 1 },
        VIETNAM_BOXES,
        problems,
      );
    });
    expect(problems.errors).toEqual([]);
  });

  it("reports where neighbouring districts' borders already cross in the source", () => {
    const result = importBoundaries(text, { codeDigits: 3 });
    const overlaps = result.warnings.filter((w) => w.code === "borders-overlap");
    expect(overlaps.map((w) => [w.featureCode, w.message.en.match(/code (\d+)\)/g)?.[1]])).toEqual([
      ["511", "code 515)"],
      ["515", "code 516)"],
      ["511", "code 512)"],
      ["512", "code 519)"],
    ]);
  });
});
