import { describe, expect, it } from "vitest";
import type { Commune } from "./admin-units.js";
import { compareDxIndex, computeDxIndex, metricScore, rateGoal } from "./dx-index.js";
import type { CommuneMetricValue } from "./gaps.js";
import { findMetric, type MetricDefinition } from "./metrics.js";

function commune(code: string, population = 5000, households = 1250): Commune {
  return {
    code,
    name: `Xã ${code}`,
    kind: "xã",
    provinceCode: "99",
    population,
    households,
    areaKm2: 10,
    terrain: "midland",
    border: false,
    extremelyDisadvantaged: false,
    labelPoint: [105, 15],
    geometry: { type: "Polygon", coordinates: [] },
  };
}

const metric = (key: string) => findMetric(key) as MetricDefinition;
const reading = (commune: string, key: string, value: number): CommuneMetricValue => ({ commune, metric: key, value });

// Commune 99001: 5,000 people, 1,250 households.
const first = [
  reading("99001", "gov.online_services_rate", 80), // goal 100 (province target) → 80/100 = 0.8
  reading("99001", "gov.e_records_rate", 63), // goal 70 (commune target) → 63/70 = 0.9
  reading("99001", "gov.feedback_open", 5), // 5 per 5,000 = 1 per 1,000 → 1 − 1/2 = 0.5
  reading("99001", "soc.smartphone_rate", 72), // goal 90 → 0.8
  reading("99001", "soc.telehealth_consults", 1), // 0.2 per 1,000 → 0.2/0.5 = 0.4
  reading("99001", "eco.ecommerce_sellers", 25), // 25 per 1,250 households = 20 per 1,000 → 20/50 = 0.4
  reading("99001", "net.coverage_4g", 76), // goal 95 (commune target) → 0.8
  reading("99001", "net.villages_no_signal", 3), // 1 − 3/10 = 0.7
  reading("99001", "net.bts_down", 2), // excluded
  reading("99001", "net.download_mbps", 150), // 150/100 → capped at 1
  reading("99001", "not.in_catalogue", 1), // ignored
  reading("99002", "net.coverage_4g", 99), // above the goal of 95 → 1
];

describe("metricScore", () => {
  it("normalises rates against their goal and direction", () => {
    expect(rateGoal(metric("gov.e_records_rate"))).toBe(70);
    expect(rateGoal(metric("soc.smartphone_rate"))).toBe(90);
    expect(rateGoal(metric("net.villages_no_signal"))).toBe(0);
    expect(metricScore(metric("gov.e_records_rate"), 35, commune("x"))).toBeCloseTo(0.5, 10);
    expect(metricScore(metric("gov.e_records_rate"), 90, commune("x"))).toBe(1);
    expect(metricScore(metric("net.bts_down"), 0, commune("x"))).toBeNull();
    expect(metricScore(metric("gov.online_applications"), 3, commune("x", 0, 0))).toBeNull();
  });
});

describe("computeDxIndex", () => {
  it("scores pillars, the composite and the ranking as documented", () => {
    const index = computeDxIndex([commune("99001"), commune("99002"), commune("99003")], first, { at: 1 });
    const [top, second, unscored] = index.entries;

    // 99002 reports one infrastructure metric scoring 1: infrastructure = 1, composite = 1 (the
    // weights renormalise over the one pillar with data), completeness = 0.3.
    expect(top?.code).toBe("99002");
    expect(top?.rank).toBe(1);
    expect(top?.composite).toBe(1);
    expect(top?.completeness).toBeCloseTo(0.3, 10);

    // 99001: government = (0.8 + 0.9 + 0.5)/3 = 0.7333; society = (0.8 + 0.4)/2 = 0.6;
    // economy = 0.4; infrastructure = (0.8 + 0.7 + 1)/3 = 0.8333;
    // composite = 0.3 × 0.7333 + 0.25 × 0.6 + 0.15 × 0.4 + 0.3 × 0.8333 = 0.22 + 0.15 + 0.06 + 0.25 = 0.68
    expect(second?.code).toBe("99001");
    expect(second?.rank).toBe(2);
    expect(second?.pillars.government).toBeCloseTo(2.2 / 3, 10);
    expect(second?.pillars.society).toBeCloseTo(0.6, 10);
    expect(second?.pillars.economy).toBeCloseTo(0.4, 10);
    expect(second?.pillars.infrastructure).toBeCloseTo(2.5 / 3, 10);
    expect(second?.composite).toBeCloseTo(0.68, 10);
    expect(second?.completeness).toBeCloseTo(1, 10);
    expect(second?.metrics.map((m) => m.key)).not.toContain("net.bts_down");

    // 99003 reported nothing: no composite, no rank, listed last.
    expect(unscored).toMatchObject({ code: "99003", rank: null, composite: null, completeness: 0 });
  });

  it("takes pillar weights", () => {
    // Infrastructure only for 99001: composite = its infrastructure score, 0.8333.
    const index = computeDxIndex([commune("99001")], first, {
      pillarWeights: { government: 0, society: 0, economy: 0 },
    });
    expect(index.entries[0]?.composite).toBeCloseTo(2.5 / 3, 10);
  });
});

describe("compareDxIndex", () => {
  it("reports composite, pillar and rank changes, and communes added or removed", () => {
    const before = computeDxIndex([commune("99001"), commune("99002"), commune("99003")], first, { at: 1 });
    // Later: 99001's 4G coverage reaches 95 (score 1): infrastructure = (1 + 0.7 + 1)/3 = 0.9,
    // composite = 0.22 + 0.15 + 0.06 + 0.3 × 0.9 = 0.70 (+0.02). 99003 is gone; 99004 is new.
    const later = first.map((v) => (v.commune === "99001" && v.metric === "net.coverage_4g" ? { ...v, value: 95 } : v));
    const after = computeDxIndex([commune("99001"), commune("99002"), commune("99004")], later, { at: 2 });
    const change = compareDxIndex(before, after);
    expect(change.from).toBe(1);
    expect(change.to).toBe(2);
    expect(change.added).toEqual(["99004"]);
    expect(change.removed).toEqual(["99003"]);
    const moved = change.changes.find((c) => c.code === "99001");
    expect(moved?.compositeDelta).toBeCloseTo(0.02, 10);
    expect(moved?.pillarDeltas.infrastructure).toBeCloseTo(0.9 - 2.5 / 3, 10);
    expect(moved?.pillarDeltas.government).toBeCloseTo(0, 10);
    expect(moved?.rankDelta).toBe(0);
  });
});
