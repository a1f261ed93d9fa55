import { describe, expect, it } from "vitest";
import type { Commune, PolygonRings, Position, TerrainClass } from "./admin-units.js";
import { shareInsideDiscs } from "./disc-coverage.js";
import {
  applyScenario,
  type CommuneMetricValue,
  computeGaps,
  DEFAULT_GAP_WEIGHTS,
  gapFilterSchema,
  scenarioSchema,
} from "./gaps.js";

/** A square commune `size` degrees wide with its south-west corner at (lon, lat). */
function square(lon: number, lat: number, size: number): PolygonRings {
  return [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ];
}

function commune(
  code: string,
  fields: Partial<Commune> & { terrain: TerrainClass; population: number; households: number },
): Commune {
  const geometry = { type: "Polygon" as const, coordinates: fields.geometry?.coordinates ?? square(105, 0, 0.2) };
  return {
    code,
    name: `Xã ${code}`,
    kind: "xã",
    provinceCode: "99",
    areaKm2: 0,
    border: false,
    extremelyDisadvantaged: false,
    labelPoint: [105.1, 0.1],
    ...fields,
    geometry,
  };
}

const values = (code: string, coverage?: number, villages?: number, fibre?: number): CommuneMetricValue[] =>
  [
    coverage === undefined ? undefined : { commune: code, metric: "net.coverage_4g", value: coverage },
    villages === undefined ? undefined : { commune: code, metric: "net.villages_no_signal", value: villages },
    fibre === undefined ? undefined : { commune: code, metric: "net.fiber_households", value: fibre },
  ].filter((v): v is CommuneMetricValue => v !== undefined);

// A: a mountainous, border, extremely disadvantaged highland commune.
const a = commune("99001", {
  terrain: "mountainous",
  border: true,
  extremelyDisadvantaged: true,
  population: 5000,
  households: 1250,
  geometry: { type: "Polygon", coordinates: square(105, -0.1, 0.2) },
});
// B: a delta ward, well served.
const b = commune("99002", {
  kind: "phường",
  terrain: "delta",
  population: 20_000,
  households: 5000,
  geometry: { type: "Polygon", coordinates: square(105.2, -0.1, 0.2) },
});
// C: a midland commune that reported coverage only.
const c = commune("99003", {
  terrain: "midland",
  population: 10_000,
  households: 2500,
  geometry: { type: "Polygon", coordinates: square(105.4, -0.1, 0.2) },
});
const communes = [a, b, c];
const latest = [...values("99001", 60, 4, 20), ...values("99002", 95, 0, 90), ...values("99003", 80)];

describe("computeGaps", () => {
  it("scores each commune as documented, with the reasons", () => {
    const ranking = computeGaps(communes, latest);
    const [first, second, third] = ranking.entries;

    // A: people without 4G = 5000 × (1 − 60/100) = 2000 → 2000 × 1 = 2000 points
    //    villages without signal = 4 → 4 × 300 = 1200 points
    //    households without fibre = 1250 × (1 − 20/100) = 1000 → 1000 × 0.5 = 500 points
    //    base = 2000 + 1200 + 500 = 3700; multiplier = 1.5 × 1.3 × 1.4 = 2.73; score = 3700 × 2.73 = 10101
    expect(first?.code).toBe("99001");
    expect(first?.rank).toBe(1);
    expect(first?.components.map((k) => [k.key, k.input, k.quantity, k.points])).toEqual([
      ["people_without_4g", 60, 2000, 2000],
      ["villages_without_signal", 4, 4, 1200],
      ["households_without_fibre", 20, 1000, 500],
    ]);
    expect(first?.basePoints).toBe(3700);
    expect(first?.multipliers.map((m) => [m.key, m.factor])).toEqual([
      ["mountainous", 1.5],
      ["border", 1.3],
      ["extremely_disadvantaged", 1.4],
    ]);
    expect(first?.multiplier).toBeCloseTo(2.73, 10);
    expect(first?.score).toBeCloseTo(10_101, 6);
    expect(first?.missing).toEqual([]);

    // C: people without 4G = 10000 × (1 − 80/100) = 2000 → 2000 points; villages and fibre
    //    not reported → 0 points each, listed as missing; no multiplier; score = 2000
    expect(second?.code).toBe("99003");
    expect(second?.score).toBeCloseTo(2000, 6);
    expect(second?.missing).toEqual(["net.villages_no_signal", "net.fiber_households"]);
    expect(second?.multipliers).toEqual([]);

    // B: people = 20000 × 0.05 = 1000; villages 0; households = 5000 × 0.1 = 500 → 250 points;
    //    score = 1000 + 0 + 250 = 1250
    expect(third?.code).toBe("99002");
    expect(third?.score).toBeCloseTo(1250, 6);

    // Totals: people 2000 + 2000 + 1000 = 5000; villages 4; households 1000 + 0 + 500 = 1500
    expect(ranking.totals.peopleWithout4g).toBeCloseTo(5000, 6);
    expect(ranking.totals.villagesWithoutSignal).toBe(4);
    expect(ranking.totals.householdsWithoutFibre).toBeCloseTo(1500, 6);
    expect(ranking.totals.score).toBeCloseTo(10_101 + 2000 + 1250, 6);
    expect(ranking.weights).toEqual(DEFAULT_GAP_WEIGHTS);
  });

  it("takes configurable weights", () => {
    // A without the village weight and the mountain multiplier:
    // base = 2000 + 0 + 500 = 2500; multiplier = 1 × 1.3 × 1.4 = 1.82; score = 4550
    const ranking = computeGaps(communes, latest, { weights: { villageWithoutSignal: 0, mountainous: 1 } });
    const entry = ranking.entries.find((e) => e.code === "99001");
    expect(entry?.score).toBeCloseTo(4550, 6);
    expect(ranking.weights.personWithout4g).toBe(1);
    expect(ranking.weights.mountainous).toBe(1);
  });

  it("filters by terrain, border and minimum population, ranking within the filter", () => {
    expect(computeGaps(communes, latest, { filter: { terrain: ["mountainous"] } }).entries.map((e) => e.code)).toEqual([
      "99001",
    ]);
    expect(computeGaps(communes, latest, { filter: { border: false } }).entries.map((e) => [e.code, e.rank])).toEqual([
      ["99003", 1],
      ["99002", 2],
    ]);
    expect(computeGaps(communes, latest, { filter: { minPopulation: 10_000 } }).entries.map((e) => e.code)).toEqual([
      "99003",
      "99002",
    ]);
    expect(gapFilterSchema.safeParse({ terrain: ["hills"] }).success).toBe(false);
  });

  it("clamps percentages and ranks equal scores by code", () => {
    // Coverage 120% counts as 100%: no people without 4G. Both communes then score 0.
    const ranking = computeGaps([c, b], [...values("99003", 120), ...values("99002", 100, 0, 100)]);
    expect(ranking.entries.map((e) => [e.code, e.score, e.rank])).toEqual([
      ["99002", 0, 1],
      ["99003", 0, 2],
    ]);
  });
});

describe("shareInsideDiscs", () => {
  // On the equator a degree is 111.32 km both ways, so a 0.2° square is 22.264 km wide:
  // area = 22.264² = 495.686 km².
  const area = (0.2 * 111.32) ** 2;

  it("measures a disc inside the commune", () => {
    // A 5 km disc: π × 25 = 78.540 km² → share = 78.540 / 495.686 = 0.15845
    const share = shareInsideDiscs(square(105, -0.1, 0.2), [{ position: [105.1, 0], radiusKm: 5 }]);
    expect(share).toBeCloseTo((Math.PI * 25) / area, 3);
  });

  it("counts overlapping discs once and a disc on the edge by half", () => {
    const disc = { position: [105, 0] as Position, radiusKm: 5 };
    // Centred on the west edge: half the disc lies inside → 39.270 / 495.686 = 0.07922
    expect(shareInsideDiscs(square(105, -0.1, 0.2), [disc, disc])).toBeCloseTo((Math.PI * 12.5) / area, 3);
  });

  it("excludes a hole", () => {
    const withHole: PolygonRings = [
      ...square(105, -0.1, 0.2),
      [
        [105.05, -0.05],
        [105.05, 0.05],
        [105.15, 0.05],
        [105.15, -0.05],
        [105.05, -0.05],
      ],
    ];
    // The hole is 0.1° = 11.132 km wide; a 3 km disc at its centre lies entirely in it.
    expect(shareInsideDiscs(withHole, [{ position: [105.1, 0], radiusKm: 3 }])).toBe(0);
  });
});

describe("applyScenario", () => {
  it("raises listed communes to a coverage level and reports rank changes", () => {
    // C raised to 95%: people without 4G = 10000 × 0.05 = 500 → score 500 (was 2000).
    // Before: A 10101 (1), C 2000 (2), B 1250 (3). After: A (1), B 1250 (2), C 500 (3).
    const result = applyScenario(communes, latest, {
      sites: [{ kind: "communes", communes: ["99003"], coverage4g: 95 }],
    });
    expect(result.after.entries.map((e) => e.code)).toEqual(["99001", "99002", "99003"]);
    expect(result.changes.map((ch) => [ch.code, ch.before.rank, ch.after.rank, ch.rankDelta])).toEqual([
      ["99001", 1, 1, 0],
      ["99002", 3, 2, 1],
      ["99003", 2, 3, -1],
    ]);
    expect(result.closed.peopleWithout4g).toBeCloseTo(1500, 6);
    expect(result.closed.score).toBeCloseTo(1500, 6);
    expect(result.effects).toEqual([
      {
        code: "99003",
        discShare: 0,
        before: { coverage4g: 80, villagesNoSignal: null, fibreHouseholds: null },
        after: { coverage4g: 95, villagesNoSignal: null, fibreHouseholds: null },
      },
    ]);
  });

  it("covers the part of each commune inside a site's disc", () => {
    // A 5 km site in the middle of A covers f = 78.540 / 495.686 = 0.15845 of it.
    // coverage' = 100 − (100 − 60) × (1 − 0.15845) = 66.338
    // people without 4G = 5000 × (1 − 0.66338) = 1683.1
    // villages' = 4 × (100 − 66.338) / (100 − 60) = 3.3662
    // base = 1683.1 + 300 × 3.3662 + 500 = 3193.0; score = 3193.0 × 2.73 = 8716.9
    const f = (Math.PI * 25) / (0.2 * 111.32) ** 2;
    const result = applyScenario(communes, latest, { sites: [{ kind: "site", position: [105.1, 0], radiusKm: 5 }] });
    const effect = result.effects.find((e) => e.code === "99001");
    expect(effect?.discShare).toBeCloseTo(f, 3);
    expect(effect?.after.coverage4g).toBeCloseTo(100 - 40 * (1 - f), 1);
    expect(effect?.after.villagesNoSignal).toBeCloseTo(4 * (1 - f), 2);
    const after = result.after.entries.find((e) => e.code === "99001");
    expect(after?.score).toBeCloseTo((5000 * 0.4 * (1 - f) + 300 * 4 * (1 - f) + 500) * 2.73, -1);
    expect(result.effects.map((e) => e.code)).toEqual(["99001"]);
  });

  it("splits a disc on a shared border between both communes", () => {
    // Centred on the A|B border (lon 105.2): each gets half the disc, f = 39.270 / 495.686 = 0.0792.
    // B: coverage' = 100 − 5 × (1 − 0.0792) = 95.396; A: 100 − 40 × 0.9208 = 63.168
    const half = (Math.PI * 12.5) / (0.2 * 111.32) ** 2;
    const result = applyScenario(communes, latest, { sites: [{ kind: "site", position: [105.2, 0], radiusKm: 5 }] });
    expect(result.effects.map((e) => e.code)).toEqual(["99001", "99002"]);
    for (const effect of result.effects) expect(effect.discShare).toBeCloseTo(half, 3);
    expect(result.effects[1]?.after.coverage4g).toBeCloseTo(100 - 5 * (1 - half), 2);
  });

  it("lists exactly the communes it changed, before → after, with the people newly covered", () => {
    // C raised 80 → 95 %: 15 points × 10,000 people = 1,500 people newly covered; A and B untouched.
    const result = applyScenario(communes, latest, {
      sites: [{ kind: "communes", communes: ["99003"], coverage4g: 95, fibreHouseholds: 50 }],
    });
    expect(result.changed).toHaveLength(1);
    const change = result.changed[0];
    expect(change?.code).toBe("99003");
    expect(change?.coverage4g).toEqual({ before: 80, after: 95, delta: 15 });
    expect(change?.peopleNewlyCovered).toBeCloseTo(1500, 6);
    // C never reported fibre: a plan cannot close a gap nobody measured.
    expect(change?.fibreHouseholds).toEqual({ before: null, after: null, delta: 0 });
    expect(change?.householdsNewlyConnected).toBe(0);
    expect(change?.score.before).toBeCloseTo(2000, 6);
    expect(change?.score.after).toBeCloseTo(500, 6);
    expect(change?.rank).toEqual({ before: 2, after: 3 });
  });

  it("respects the filters: a commune just under the minimum population is not in the answer", () => {
    const small = commune("99004", {
      terrain: "midland",
      population: 4988,
      households: 1200,
      geometry: { type: "Polygon", coordinates: square(105.6, -0.1, 0.2) },
    });
    const result = applyScenario(
      [...communes, small],
      [...latest, ...values("99004", 50)],
      {
        sites: [{ kind: "communes", communes: ["99003", "99004"], coverage4g: 100 }],
      },
      { filter: { minPopulation: 5000 } },
    );
    expect(result.changed.map((c) => c.code)).toEqual(["99003"]);
    expect(result.after.entries.map((e) => e.code)).not.toContain("99004");
    // Sorted by people newly covered: without the filter the small commune (2,494) leads C (2,000).
    const all = applyScenario([...communes, small], [...latest, ...values("99004", 50)], {
      sites: [{ kind: "communes", communes: ["99003", "99004"], coverage4g: 100 }],
    });
    expect(all.changed.map((c) => [c.code, Math.round(c.peopleNewlyCovered)])).toEqual([
      ["99004", 2494],
      ["99003", 2000],
    ]);
  });

  it("names listed communes it does not know", () => {
    const result = applyScenario(communes, latest, {
      sites: [{ kind: "communes", communes: ["99003", "12345"], coverage4g: 95 }],
    });
    expect(result.unknownCommunes).toEqual(["12345"]);
    expect(result.effects.map((e) => e.code)).toEqual(["99003"]);
  });

  it("leaves unreported coverage unreported", () => {
    const result = applyScenario(communes, values("99001", 60), {
      sites: [{ kind: "communes", communes: ["99002", "99003"], coverage4g: 100 }],
    });
    expect(result.effects).toEqual([]);
    expect(result.closed.score).toBe(0);
  });

  it("validates scenarios at the boundary", () => {
    expect(scenarioSchema.safeParse({ sites: [{ kind: "site", position: [105, 15], radiusKm: 0 }] }).success).toBe(
      false,
    );
    expect(
      scenarioSchema.safeParse({ sites: [{ kind: "communes", communes: ["1234"], coverage4g: 90 }] }).success,
    ).toBe(false);
    expect(
      scenarioSchema.safeParse({
        name: "Tây Giang 2026",
        sites: [{ kind: "site", position: [107.4, 15.9], radiusKm: 8 }],
      }).success,
    ).toBe(true);
  });
});
