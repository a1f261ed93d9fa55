/**
 * Coverage gaps for planners (DOMAIN.md, docs/GAPS.md): which communes the province should
 * connect first, weighted by people and terrain, and what planned sites would change.
 *
 * Per commune, from its latest values:
 *
 * ```
 *   peopleWithout4g        = population × (1 − clamp(net.coverage_4g, 0, 100) / 100)
 *   villagesWithoutSignal  = net.villages_no_signal
 *   householdsWithoutFibre = households × (1 − clamp(net.fiber_households, 0, 100) / 100)
 *
 *   basePoints = w.personWithout4g        × peopleWithout4g
 *              + w.villageWithoutSignal   × villagesWithoutSignal
 *              + w.householdWithoutFibre  × householdsWithoutFibre
 *
 *   multiplier = (mountainous ? w.mountainous : 1)
 *              × (border ? w.border : 1)
 *              × (extremely disadvantaged ? w.extremelyDisadvantaged : 1)
 *
 *   score = basePoints × multiplier
 * ```
 *
 * Points are "person-equivalents": one person without 4G is one point. A metric a commune has not
 * reported contributes nothing and is listed in `missing`, so a silent commune is never mistaken
 * for a covered one by a reader of the reasons, and never outranks one that reported a real gap.
 * Communes rank by score, largest first; equal scores rank by code.
 */
import * as z from "zod/mini";
import "./zod-locale.js";
import type { Commune, CommuneKind, Position, TerrainClass } from "./admin-units.js";
import {
  type BoundingBox,
  boxesMeet,
  type CoverageDisc,
  discBoundingBox,
  ringsBoundingBox,
  shareInsideDiscs,
} from "./disc-coverage.js";
import type { LatestValue } from "./latest-values.js";

/** One commune's value of one metric; `LatestValue` records fit. */
export type CommuneMetricValue = Pick<LatestValue, "commune" | "metric" | "value">;

/** The metrics gap scoring reads. */
export const GAP_METRICS = {
  coverage4g: "net.coverage_4g",
  villagesNoSignal: "net.villages_no_signal",
  fibreHouseholds: "net.fiber_households",
} as const;

/**
 * Weights of the gap score. Components are points per unit; multipliers apply when the commune
 * has the attribute and combine by multiplication.
 */
export interface GapWeights {
  /** Points per person without 4G. Default 1: the unit of the score. */
  personWithout4g: number;
  /**
   * Points per village (thôn, bản) with no mobile signal at all. Default 300: a highland village
   * has roughly 60–100 households (≈ 300 people), and a village with no signal is cut off from
   * calls and emergencies, not merely from fast data, so it counts on top of its people's 4G gap.
   */
  villageWithoutSignal: number;
  /** Points per household without fibre broadband. Default 0.5: fixed broadband matters less than mobile reach. */
  householdWithoutFibre: number;
  /** Multiplier for mountainous communes (terrain `mountainous`). Default 1.5: sites cost more and serve fewer. */
  mountainous: number;
  /** Multiplier for border communes. Default 1.3: connectivity there is also a matter of security. */
  border: number;
  /** Multiplier for extremely disadvantaged communes (xã đặc biệt khó khăn). Default 1.4: the universal-service programme's priority. */
  extremelyDisadvantaged: number;
}

/** The default weights; see each field of {@link GapWeights} for the reasoning. */
export const DEFAULT_GAP_WEIGHTS: Readonly<GapWeights> = Object.freeze({
  personWithout4g: 1,
  villageWithoutSignal: 300,
  householdWithoutFibre: 0.5,
  mountainous: 1.5,
  border: 1.3,
  extremelyDisadvantaged: 1.4,
});

// `z.number()` already refuses NaN and ±Infinity in zod 4.
const weight = z.number().check(z.gte(0), z.lte(1_000_000));
/** Weights as a client may send them: any subset, the rest from {@link DEFAULT_GAP_WEIGHTS}. */
export const gapWeightsSchema = z.partial(
  z.strictObject({
    personWithout4g: weight,
    villageWithoutSignal: weight,
    householdWithoutFibre: weight,
    mountainous: weight,
    border: weight,
    extremelyDisadvantaged: weight,
  }),
);

const TERRAINS = ["mountainous", "midland", "delta", "coastal", "island"] as const satisfies readonly TerrainClass[];
/** Which communes a ranking shows. Every given condition must hold. */
export const gapFilterSchema = z.strictObject({
  terrain: z.optional(z.array(z.enum(TERRAINS)).check(z.minLength(1))),
  border: z.optional(z.boolean()),
  extremelyDisadvantaged: z.optional(z.boolean()),
  minPopulation: z.optional(z.number().check(z.gte(0))),
  provinceCode: z.optional(z.string().check(z.regex(/^\d{2}$/))),
});
/** Which communes a ranking shows. */
export type GapFilter = z.infer<typeof gapFilterSchema>;

const lonLat = z.tuple([z.number().check(z.gte(-180), z.lte(180)), z.number().check(z.gte(-90), z.lte(90))]);
/** A planned site: a base station covering a disc, or communes to be raised to a coverage level. */
export const plannedSiteSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("site"),
    id: z.optional(z.string().check(z.maxLength(64))),
    label: z.optional(z.string().check(z.maxLength(200))),
    position: lonLat,
    radiusKm: z.number().check(z.positive(), z.lte(100)),
  }),
  z.strictObject({
    kind: z.literal("communes"),
    id: z.optional(z.string().check(z.maxLength(64))),
    label: z.optional(z.string().check(z.maxLength(200))),
    communes: z.array(z.string().check(z.regex(/^\d{5}$/))).check(z.minLength(1), z.maxLength(5000)),
    /** 4G population coverage (%) the communes are raised to. */
    coverage4g: z.number().check(z.gte(0), z.lte(100)),
    /** Fibre household coverage (%) the communes are raised to, if the plan includes fibre. */
    fibreHouseholds: z.optional(z.number().check(z.gte(0), z.lte(100))),
  }),
]);
/** A planned site. */
export type PlannedSite = z.infer<typeof plannedSiteSchema>;
/** A planner's what-if: a list of planned sites. */
export const scenarioSchema = z.strictObject({
  name: z.optional(z.string().check(z.maxLength(200))),
  sites: z.array(plannedSiteSchema).check(z.maxLength(2000)),
});
/** A planner's what-if: a list of planned sites. */
export type Scenario = z.infer<typeof scenarioSchema>;

/** The three measured inputs of a commune's gap; null when the commune has not reported it. */
export interface GapInputs {
  coverage4g: number | null;
  villagesNoSignal: number | null;
  fibreHouseholds: number | null;
}

/** Keys of the score's components. */
export type GapComponentKey = "people_without_4g" | "villages_without_signal" | "households_without_fibre";
/** Keys of the score's multipliers. */
export type GapMultiplierKey = "mountainous" | "border" | "extremely_disadvantaged";

/** One component of a commune's score, with what it was computed from. */
export interface GapComponent {
  key: GapComponentKey;
  label: { vi: string; en: string };
  /** The metric it reads, and the value read (null when missing). */
  metric: string;
  input: number | null;
  /** People, villages or households. */
  quantity: number;
  weight: number;
  /** quantity × weight. */
  points: number;
}

/** A multiplier that applied to a commune's score. */
export interface GapMultiplier {
  key: GapMultiplierKey;
  label: { vi: string; en: string };
  factor: number;
}

/** A commune's gap score and the reasons behind it. */
export interface CommuneGap {
  code: string;
  name: string;
  provinceCode: string;
  kind: CommuneKind;
  terrain: TerrainClass;
  border: boolean;
  extremelyDisadvantaged: boolean;
  population: number;
  households: number;
  /** 1 = the largest gap among the communes ranked. */
  rank: number;
  score: number;
  /** Sum of the components' points, before multipliers. */
  basePoints: number;
  /** Product of the applied multipliers (1 when none applies). */
  multiplier: number;
  components: GapComponent[];
  /** Only the multipliers that apply. */
  multipliers: GapMultiplier[];
  /** Gap metrics the commune has not reported; their components count 0. */
  missing: string[];
}

/** Totals over the ranked communes. */
export interface GapTotals {
  peopleWithout4g: number;
  villagesWithoutSignal: number;
  householdsWithoutFibre: number;
  score: number;
}

/** A ranked list of commune gaps. */
export interface GapRanking {
  weights: GapWeights;
  filter: GapFilter;
  /** Ranked: entries[0] has rank 1. */
  entries: CommuneGap[];
  totals: GapTotals;
}

/** Options of {@link computeGaps} and {@link applyScenario}. */
export interface GapOptions {
  weights?: Partial<GapWeights>;
  filter?: GapFilter;
}

const COMPONENT_LABELS: Record<GapComponentKey, { vi: string; en: string }> = {
  people_without_4g: { vi: "Người dân chưa có sóng 4G", en: "People without 4G" },
  villages_without_signal: { vi: "Thôn, bản chưa có sóng di động", en: "Villages with no mobile signal" },
  households_without_fibre: { vi: "Hộ gia đình chưa có cáp quang", en: "Households without fibre" },
};
const MULTIPLIER_LABELS: Record<GapMultiplierKey, { vi: string; en: string }> = {
  mountainous: { vi: "Xã miền núi", en: "Mountainous commune" },
  border: { vi: "Xã biên giới", en: "Border commune" },
  extremely_disadvantaged: { vi: "Xã đặc biệt khó khăn", en: "Extremely disadvantaged commune" },
};

/** The gap inputs of every commune that reported at least one of them, from latest values. */
export function gapInputsByCommune(values: Iterable<CommuneMetricValue>): Map<string, GapInputs> {
  const inputs = new Map<string, GapInputs>();
  const slot = (commune: string): GapInputs => {
    let entry = inputs.get(commune);
    if (!entry) {
      entry = { coverage4g: null, villagesNoSignal: null, fibreHouseholds: null };
      inputs.set(commune, entry);
    }
    return entry;
  };
  for (const v of values) {
    if (!Number.isFinite(v.value)) continue;
    if (v.metric === GAP_METRICS.coverage4g) slot(v.commune).coverage4g = v.value;
    else if (v.metric === GAP_METRICS.villagesNoSignal) slot(v.commune).villagesNoSignal = v.value;
    else if (v.metric === GAP_METRICS.fibreHouseholds) slot(v.commune).fibreHouseholds = v.value;
  }
  return inputs;
}

/** True when `commune` passes every condition of `filter`. */
export function matchesGapFilter(commune: Commune, filter: GapFilter): boolean {
  if (filter.terrain && !filter.terrain.includes(commune.terrain)) return false;
  if (filter.border !== undefined && commune.border !== filter.border) return false;
  if (filter.extremelyDisadvantaged !== undefined && commune.extremelyDisadvantaged !== filter.extremelyDisadvantaged)
    return false;
  if (filter.minPopulation !== undefined && commune.population < filter.minPopulation) return false;
  if (filter.provinceCode !== undefined && commune.provinceCode !== filter.provinceCode) return false;
  return true;
}

/** Full weights from a partial set, the rest from the defaults. */
export function resolveGapWeights(weights: Partial<GapWeights> = {}): GapWeights {
  const resolved = { ...DEFAULT_GAP_WEIGHTS };
  for (const key of Object.keys(resolved) as Array<keyof GapWeights>) {
    const value = weights[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

const clampPercent = (value: number) => Math.min(100, Math.max(0, value));

/** Scores one commune (rank left at 0); the formula is in the module comment. */
export function scoreCommuneGap(commune: Commune, inputs: GapInputs | undefined, weights: GapWeights): CommuneGap {
  const coverage = inputs?.coverage4g ?? null;
  const villages = inputs?.villagesNoSignal ?? null;
  const fibre = inputs?.fibreHouseholds ?? null;
  const people = coverage === null ? 0 : commune.population * (1 - clampPercent(coverage) / 100);
  const villageCount = villages === null ? 0 : Math.max(0, villages);
  const households = fibre === null ? 0 : commune.households * (1 - clampPercent(fibre) / 100);
  const components: GapComponent[] = [
    component("people_without_4g", GAP_METRICS.coverage4g, coverage, people, weights.personWithout4g),
    component(
      "villages_without_signal",
      GAP_METRICS.villagesNoSignal,
      villages,
      villageCount,
      weights.villageWithoutSignal,
    ),
    component(
      "households_without_fibre",
      GAP_METRICS.fibreHouseholds,
      fibre,
      households,
      weights.householdWithoutFibre,
    ),
  ];
  const multipliers: GapMultiplier[] = [];
  if (commune.terrain === "mountainous")
    multipliers.push({ key: "mountainous", label: MULTIPLIER_LABELS.mountainous, factor: weights.mountainous });
  if (commune.border) multipliers.push({ key: "border", label: MULTIPLIER_LABELS.border, factor: weights.border });
  if (commune.extremelyDisadvantaged)
    multipliers.push({
      key: "extremely_disadvantaged",
      label: MULTIPLIER_LABELS.extremely_disadvantaged,
      factor: weights.extremelyDisadvantaged,
    });
  const basePoints = components.reduce((s, c) => s + c.points, 0);
  const multiplier = multipliers.reduce((p, m) => p * m.factor, 1);
  return {
    code: commune.code,
    name: commune.name,
    provinceCode: commune.provinceCode,
    kind: commune.kind,
    terrain: commune.terrain,
    border: commune.border,
    extremelyDisadvantaged: commune.extremelyDisadvantaged,
    population: commune.population,
    households: commune.households,
    rank: 0,
    score: basePoints * multiplier,
    basePoints,
    multiplier,
    components,
    multipliers,
    missing: components.filter((c) => c.input === null).map((c) => c.metric),
  };
}

function component(
  key: GapComponentKey,
  metric: string,
  input: number | null,
  quantity: number,
  weight: number,
): GapComponent {
  return { key, label: COMPONENT_LABELS[key], metric, input, quantity, weight, points: quantity * weight };
}

/** Ranks communes (those passing the filter) by gap score, largest first, with the reasons. */
export function computeGaps(
  communes: readonly Commune[],
  values: Iterable<CommuneMetricValue>,
  options: GapOptions = {},
): GapRanking {
  return rankGaps(communes, gapInputsByCommune(values), options);
}

function rankGaps(communes: readonly Commune[], inputs: Map<string, GapInputs>, options: GapOptions): GapRanking {
  const weights = resolveGapWeights(options.weights);
  const filter = options.filter ?? {};
  const entries: CommuneGap[] = [];
  for (const commune of communes) {
    if (matchesGapFilter(commune, filter)) entries.push(scoreCommuneGap(commune, inputs.get(commune.code), weights));
  }
  entries.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const totals: GapTotals = { peopleWithout4g: 0, villagesWithoutSignal: 0, householdsWithoutFibre: 0, score: 0 };
  entries.forEach((entry, index) => {
    entry.rank = index + 1;
    totals.peopleWithout4g += entry.components[0]?.quantity ?? 0;
    totals.villagesWithoutSignal += entry.components[1]?.quantity ?? 0;
    totals.householdsWithoutFibre += entry.components[2]?.quantity ?? 0;
    totals.score += entry.score;
  });
  return { weights, filter, entries, totals };
}

/** How a scenario changes one commune's inputs. */
export interface ScenarioEffect {
  code: string;
  /** Share (0–1) of the commune's area inside the union of the planned sites' discs. */
  discShare: number;
  before: GapInputs;
  after: GapInputs;
}

/** A commune's place before and after a scenario. */
export interface RankChange {
  code: string;
  name: string;
  before: { rank: number; score: number };
  after: { rank: number; score: number };
  /** before.rank − after.rank: positive when the commune climbs (its gap became relatively larger). */
  rankDelta: number;
}

/** Exactly what a scenario changes in one commune that the filters show (issue 14 item 7). */
export interface CommuneChange {
  code: string;
  name: string;
  population: number;
  households: number;
  /** 4G population coverage (%) before → after, and the difference in points. */
  coverage4g: { before: number | null; after: number | null; delta: number };
  villagesNoSignal: { before: number | null; after: number | null; delta: number };
  fibreHouseholds: { before: number | null; after: number | null; delta: number };
  /** People who gain 4G: population × coverage delta / 100 (people assumed spread evenly). */
  peopleNewlyCovered: number;
  /** Households that gain fibre: households × fibre delta / 100. */
  householdsNewlyConnected: number;
  score: { before: number; after: number; delta: number };
  rank: { before: number; after: number };
}

/** What a scenario does to the ranking. */
export interface ScenarioResult {
  /** The communes the scenario changes among those the filters show, most people newly covered first. */
  changed: CommuneChange[];
  before: GapRanking;
  after: GapRanking;
  /** Every ranked commune, in the order of the after ranking. */
  changes: RankChange[];
  /** Communes whose inputs the scenario changed. */
  effects: ScenarioEffect[];
  /** before.totals − after.totals: the gap the scenario closes. */
  closed: GapTotals;
  /** Codes a `communes` entry lists that are not among the communes given: nothing was done for them. */
  unknownCommunes: string[];
}

/**
 * Recomputes the gaps as if the scenario's sites were built, and reports how each commune's rank
 * changes (docs/GAPS.md, "Scenarios"):
 *
 * - a `site` covers a disc; in each commune it reaches, the uncovered share of people shrinks by
 *   the share `f` of the commune's area inside the union of all sites' discs (people assumed spread
 *   evenly): `coverage' = 100 − (100 − coverage) × (1 − f)`;
 * - a `communes` entry raises the listed communes to at least `coverage4g` (and `fibreHouseholds`);
 * - villages without signal shrink in proportion to the uncovered people:
 *   `villages' = villages × (100 − coverage') / (100 − coverage)`, an expected value, not rounded;
 * - a commune that has not reported coverage stays unreported: the scenario cannot close a gap
 *   nobody measured.
 */
export function applyScenario(
  communes: readonly Commune[],
  latestValues: Iterable<CommuneMetricValue>,
  scenario: Scenario,
  options: GapOptions = {},
): ScenarioResult {
  const beforeInputs = gapInputsByCommune(latestValues);
  const afterInputs = new Map(beforeInputs);
  const effects = new Map<string, ScenarioEffect>();

  const discs: CoverageDisc[] = [];
  for (const site of scenario.sites) {
    if (site.kind === "site") discs.push({ position: site.position as Position, radiusKm: site.radiusKm });
  }
  const discShare = new Map<string, number>();
  if (discs.length > 0) {
    const discBoxes = discs.map(discBoundingBox);
    const reach = discBoxes.reduce(
      (u, b): BoundingBox => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])],
      discBoxes[0] as BoundingBox,
    );
    for (const commune of communes) {
      const box = ringsBoundingBox(commune.geometry.coordinates);
      if (!boxesMeet(box, reach)) continue;
      const reaching = discs.filter((_, d) => boxesMeet(discBoxes[d] as BoundingBox, box));
      if (reaching.length === 0) continue;
      const share = shareInsideDiscs(commune.geometry.coordinates, reaching);
      if (share > 0) discShare.set(commune.code, share);
    }
  }

  const upgrades = new Map<string, { coverage4g: number; fibreHouseholds: number | undefined }>();
  for (const site of scenario.sites) {
    if (site.kind !== "communes") continue;
    for (const code of site.communes) {
      const previous = upgrades.get(code);
      upgrades.set(code, {
        coverage4g: Math.max(previous?.coverage4g ?? 0, site.coverage4g),
        fibreHouseholds: maxDefined(previous?.fibreHouseholds, site.fibreHouseholds),
      });
    }
  }

  const known = new Set(communes.map((c) => c.code));
  const unknownCommunes = [...upgrades.keys()].filter((code) => !known.has(code)).sort();
  for (const code of new Set([...discShare.keys(), ...upgrades.keys()])) {
    if (!known.has(code)) continue;
    const before = beforeInputs.get(code);
    if (!before) continue;
    const share = discShare.get(code) ?? 0;
    const upgrade = upgrades.get(code);
    const after: GapInputs = { ...before };
    if (before.coverage4g !== null) {
      const coverage = clampPercent(before.coverage4g);
      let raised = 100 - (100 - coverage) * (1 - share);
      if (upgrade) raised = Math.max(raised, upgrade.coverage4g);
      after.coverage4g = raised;
      if (before.villagesNoSignal !== null) {
        after.villagesNoSignal =
          coverage >= 100 ? before.villagesNoSignal : (before.villagesNoSignal * (100 - raised)) / (100 - coverage);
      }
    }
    if (before.fibreHouseholds !== null && upgrade?.fibreHouseholds !== undefined) {
      after.fibreHouseholds = Math.max(clampPercent(before.fibreHouseholds), upgrade.fibreHouseholds);
    }
    if (
      after.coverage4g !== before.coverage4g ||
      after.villagesNoSignal !== before.villagesNoSignal ||
      after.fibreHouseholds !== before.fibreHouseholds
    ) {
      afterInputs.set(code, after);
      effects.set(code, { code, discShare: share, before, after });
    }
  }

  const beforeRanking = rankGaps(communes, beforeInputs, options);
  const afterRanking = rankGaps(communes, afterInputs, options);
  const beforeByCode = new Map(beforeRanking.entries.map((e) => [e.code, e]));
  const changes: RankChange[] = afterRanking.entries.map((after) => {
    const before = beforeByCode.get(after.code) as CommuneGap;
    return {
      code: after.code,
      name: after.name,
      before: { rank: before.rank, score: before.score },
      after: { rank: after.rank, score: after.score },
      rankDelta: before.rank - after.rank,
    };
  });
  const b = beforeRanking.totals;
  const a = afterRanking.totals;
  const afterByCode = new Map(afterRanking.entries.map((e) => [e.code, e]));
  const delta = (before: number | null, after: number | null) =>
    before === null || after === null ? 0 : after - before;
  const changed: CommuneChange[] = [];
  for (const effect of effects.values()) {
    // A commune the filters hide is not part of the answer (a 4,988-person commune under a 5,000 minimum).
    const before = beforeByCode.get(effect.code);
    const after = afterByCode.get(effect.code);
    if (!before || !after) continue;
    const coverage = delta(effect.before.coverage4g, effect.after.coverage4g);
    const fibre = delta(effect.before.fibreHouseholds, effect.after.fibreHouseholds);
    changed.push({
      code: effect.code,
      name: after.name,
      population: after.population,
      households: after.households,
      coverage4g: { before: effect.before.coverage4g, after: effect.after.coverage4g, delta: coverage },
      villagesNoSignal: {
        before: effect.before.villagesNoSignal,
        after: effect.after.villagesNoSignal,
        delta: delta(effect.before.villagesNoSignal, effect.after.villagesNoSignal),
      },
      fibreHouseholds: { before: effect.before.fibreHouseholds, after: effect.after.fibreHouseholds, delta: fibre },
      peopleNewlyCovered: (after.population * coverage) / 100,
      householdsNewlyConnected: (after.households * fibre) / 100,
      score: { before: before.score, after: after.score, delta: after.score - before.score },
      rank: { before: before.rank, after: after.rank },
    });
  }
  changed.sort((x, y) => y.peopleNewlyCovered - x.peopleNewlyCovered || (x.code < y.code ? -1 : 1));
  return {
    changed,
    before: beforeRanking,
    after: afterRanking,
    changes,
    effects: [...effects.values()].sort((x, y) => (x.code < y.code ? -1 : 1)),
    closed: {
      peopleWithout4g: b.peopleWithout4g - a.peopleWithout4g,
      villagesWithoutSignal: b.villagesWithoutSignal - a.villagesWithoutSignal,
      householdsWithoutFibre: b.householdsWithoutFibre - a.householdsWithoutFibre,
      score: b.score - a.score,
    },
    unknownCommunes,
  };
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
