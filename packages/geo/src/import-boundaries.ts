/**
 * Boundary import: a province's (or the nation's) commune boundaries from a GeoJSON file into
 * `Commune` records, or a refusal with every problem located. Pure: it reads a string or a parsed
 * object and returns values; writing the registry (atomically) is the caller's job.
 *
 * Phases, each reported to `onProgress`: parse → read (structure, properties, unique codes) →
 * validate (rings, bounds, self-intersections) → simplify (shared arcs) → records (area, label
 * point, defaults). Any error stops the import before simplification: a file imports whole or
 * not at all.
 */
import {
  type Commune,
  type CommuneKind,
  type PolygonRings,
  type Position,
  polygonAreaKm2,
  signedArea2,
  type TerrainClass,
} from "@ioc/core";
import { type BoundaryFeature, readFeatures } from "./boundary-file.js";
import { checkFeatureGeometry } from "./geometry-checks.js";
import { labelPoint } from "./label-point.js";
import { type BoundaryProblem, ProblemList, problem, showPosition } from "./problems.js";
import { type RingRepair, repairFeatures } from "./repair.js";
import { type SourceContact, simplifyTopology } from "./topology.js";
import { type LonLatBox, VIETNAM_BOXES } from "./vietnam-bounds.js";

/** Progress of a long import. */
export interface ImportProgress {
  phase: "parse" | "read" | "repair" | "validate" | "simplify" | "records";
  done: number;
  total: number;
}

/** Options of {@link importBoundaries}. */
export interface BoundaryImportOptions {
  /** Province of features without `province_code`; features naming another province are refused. */
  provinceCode?: string;
  /** Digits of a commune code. Default 5; a test may import districts (3 digits) as stand-ins. */
  codeDigits?: number;
  /** Douglas–Peucker tolerance for the web geometry, in metres. Default {@link DEFAULT_TOLERANCE_METERS}. */
  toleranceMeters?: number;
  /** Where coordinates may lie. Default {@link VIETNAM_BOXES}. */
  bounds?: readonly LonLatBox[];
  /** Errors (and, separately, warnings) listed before the rest are counted. Default 200. */
  maxErrors?: number;
  /**
   * Repair invalid rings as GIS tools do (repair.ts: self-touching and self-crossing rings split,
   * spikes, zero-area loops and repeated positions removed), each repair listed as a warning;
   * only what cannot be repaired is refused. Default false: the file is refused as it is.
   */
  repair?: boolean;
  /** Called as the import advances; at most about a hundred times per phase. */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * 10 m: invisible on a map up to zoom 13 (a pixel there is about 19 m), and roughly halves real
 * survey boundaries, which carry vertices every few metres along rivers and ridges.
 */
export const DEFAULT_TOLERANCE_METERS = 10;

/** A field filled in because the file did not give it; the UI must say so. */
export interface DefaultedField {
  field: "kind" | "provinceCode" | "population" | "households" | "terrain" | "border" | "extremelyDisadvantaged";
  value: string | number | boolean;
  /** `inferred`: derived from other data (kind from the name, households from population); `default`: a fixed default. */
  how: "inferred" | "default";
}

/** One imported commune. */
export interface ImportedCommune {
  featureIndex: number;
  /** The registry record; its geometry is the simplified largest part. */
  commune: Commune;
  /** Every simplified part (more than one for a MultiPolygon), largest first. */
  parts: PolygonRings[];
  defaulted: DefaultedField[];
}

/** Figures of an import. */
export interface ImportStats {
  features: number;
  polygons: number;
  rings: number;
  verticesBefore: number;
  verticesAfter: number;
  arcs: number;
  sharedArcs: number;
  arcsRefined: number;
  arcsKeptWhole: number;
  duplicateVerticesRemoved: number;
  /** Rings repaired (with `repair`): one count per ring and kind of repair. */
  repairs: number;
  toleranceMeters: number;
}

/** The outcome: communes, or the errors that refused the file. Warnings either way. */
export type BoundaryImportResult =
  | {
      ok: true;
      communes: ImportedCommune[];
      warnings: BoundaryProblem[];
      stats: ImportStats;
      /** Every repair made (with `repair`), uncapped; the first ones are also among the warnings. */
      repairs: RingRepair[];
    }
  | { ok: false; errors: BoundaryProblem[]; warnings: BoundaryProblem[] };

/** Average household size used to estimate households from population (2019 census: 3.6). */
export const PERSONS_PER_HOUSEHOLD = 3.6;

/** Parses, validates, simplifies and builds commune records (see the module comment). */
export function importBoundaries(input: string | unknown, options: BoundaryImportOptions = {}): BoundaryImportResult {
  const progress = options.onProgress ?? (() => {});
  const problems = new ProblemList(options.maxErrors ?? 200);
  const file = { featureIndex: null, featureCode: null };

  progress({ phase: "parse", done: 0, total: 1 });
  let collection: unknown = input;
  if (typeof input === "string") {
    try {
      collection = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      problems.add(
        problem("invalid-json", file, "", {
          vi: `không phải JSON hợp lệ (${detail})`,
          en: `not valid JSON (${detail})`,
        }),
      );
      return refused(problems);
    }
  }
  progress({ phase: "parse", done: 1, total: 1 });

  let features = readFeatures(collection, { codeDigits: options.codeDigits ?? 5 }, problems);
  progress({ phase: "read", done: features.length, total: features.length });
  for (const feature of features) {
    const province = feature.properties.provinceCode;
    const site = { featureIndex: feature.index, featureCode: feature.code };
    if (province === undefined && options.provinceCode === undefined) {
      problems.add(
        problem("province-missing", site, `features[${feature.index}].properties.province_code`, {
          vi: 'thiếu "province_code" (mã tỉnh 2 chữ số) và lệnh nhập không chỉ định tỉnh',
          en: 'missing "province_code" (2-digit province code) and the import names no province',
        }),
      );
    } else if (province !== undefined && options.provinceCode !== undefined && province !== options.provinceCode) {
      problems.add(
        problem("province-mismatch", site, `features[${feature.index}].properties.province_code`, {
          vi: `thuộc tỉnh ${province}, nhưng đang nhập cho tỉnh ${options.provinceCode}`,
          en: `belongs to province ${province}, but the import is for province ${options.provinceCode}`,
        }),
      );
    }
  }

  let repairs: RingRepair[] = [];
  if (options.repair) {
    progress({ phase: "repair", done: 0, total: features.length });
    const repaired = repairFeatures(features, problems);
    features = repaired.features;
    repairs = repaired.repairs;
    progress({ phase: "repair", done: features.length, total: features.length });
  }

  const bounds = options.bounds ?? VIETNAM_BOXES;
  const every = Math.max(1, Math.floor(features.length / 100));
  features.forEach((feature, k) => {
    checkFeatureGeometry(feature, bounds, problems);
    if ((k + 1) % every === 0 || k + 1 === features.length)
      progress({ phase: "validate", done: k + 1, total: features.length });
  });
  if (problems.hasErrors) return refused(problems);

  // Simplify every ring of every feature together, so shared borders are found across features.
  const rings: Position[][] = [];
  const ringFeature: number[] = [];
  features.forEach((feature, f) => {
    for (const polygon of feature.polygons) {
      for (const ring of polygon) {
        rings.push(ring);
        ringFeature.push(f);
      }
    }
  });
  const tolerance = options.toleranceMeters ?? DEFAULT_TOLERANCE_METERS;
  const maxRounds = 6;
  progress({ phase: "simplify", done: 0, total: maxRounds + 1 });
  const simplified = simplifyTopology(rings, {
    toleranceMeters: tolerance,
    maxRepairRounds: maxRounds,
    onRound: (round) => progress({ phase: "simplify", done: round, total: maxRounds + 1 }),
  });
  progress({ phase: "simplify", done: maxRounds + 1, total: maxRounds + 1 });
  reportSourceContacts(simplified.preexisting, simplified.topology.rings, ringFeature, features, problems);
  if (simplified.topology.duplicatesRemoved > 0) {
    problems.add(
      problem(
        "duplicate-vertices-removed",
        file,
        "",
        {
          vi: `đã bỏ ${simplified.topology.duplicatesRemoved} đỉnh lặp liên tiếp`,
          en: `removed ${simplified.topology.duplicatesRemoved} repeated consecutive positions`,
        },
        { severity: "warning" },
      ),
    );
  }

  const communes: ImportedCommune[] = [];
  const defaultedCount = new Map<DefaultedField["field"], number>();
  let next = 0;
  features.forEach((feature, k) => {
    const parts: PolygonRings[] = feature.polygons.map((polygon) =>
      orient(polygon.map(() => simplified.rings[next++] as Position[])),
    );
    const areas = feature.polygons.map((polygon) => polygonAreaKm2(polygon));
    const order = areas.map((_, i) => i).sort((a, b) => (areas[b] as number) - (areas[a] as number));
    const sortedParts = order.map((i) => parts[i] as PolygonRings);
    const largest = sortedParts[0] as PolygonRings;
    const largestOriginal = feature.polygons[order[0] as number] as PolygonRings;
    const { commune, defaulted } = buildCommune(feature, options.provinceCode, {
      areaKm2: Math.round(areas.reduce((s, a) => s + a, 0) * 100) / 100,
      labelPoint: insideLabel(largest, largestOriginal),
      geometry: { type: "Polygon", coordinates: largest },
    });
    for (const d of defaulted) defaultedCount.set(d.field, (defaultedCount.get(d.field) ?? 0) + 1);
    if (parts.length > 1) {
      problems.add(
        problem(
          "multipolygon-reduced",
          { featureIndex: feature.index, featureCode: feature.code },
          `features[${feature.index}].geometry`,
          {
            vi: `có ${parts.length} phần (đảo, phần tách rời); bản ghi xã giữ phần lớn nhất làm hình học, mọi phần nằm trong "parts", diện tích tính trên tất cả`,
            en: `has ${parts.length} parts (islands, exclaves); the commune record's geometry is the largest, every part is in "parts", and the area counts them all`,
          },
          { severity: "warning" },
        ),
      );
    }
    communes.push({ featureIndex: feature.index, commune, parts: sortedParts, defaulted });
    if ((k + 1) % every === 0 || k + 1 === features.length)
      progress({ phase: "records", done: k + 1, total: features.length });
  });

  for (const [field, count] of defaultedCount) {
    problems.add(
      problem(
        "property-defaulted",
        file,
        "",
        {
          vi: `${count}/${features.length} xã không có "${FIELD_PROPERTY[field]}": đã điền giá trị mặc định hoặc suy ra, và đánh dấu trong "defaulted"`,
          en: `${count} of ${features.length} communes lack "${FIELD_PROPERTY[field]}": a default or an inferred value was used and flagged in "defaulted"`,
        },
        { severity: "warning" },
      ),
    );
  }

  let polygons = 0;
  for (const feature of features) polygons += feature.polygons.length;
  const s = simplified.stats;
  return {
    ok: true,
    communes,
    warnings: problems.warnings,
    repairs,
    stats: {
      features: features.length,
      polygons,
      rings: rings.length,
      verticesBefore: s.verticesBefore,
      verticesAfter: s.verticesAfter,
      arcs: s.arcs,
      sharedArcs: s.sharedArcs,
      arcsRefined: s.arcsRefined,
      arcsKeptWhole: s.arcsKeptWhole,
      duplicateVerticesRemoved: simplified.topology.duplicatesRemoved,
      repairs: repairs.length,
      toleranceMeters: tolerance,
    },
  };
}

/**
 * Borders that already cross or overlap in the file: neighbours digitised separately. Real survey
 * data has them (a few metres here and there), so they warn rather than refuse; those stretches
 * are kept unsimplified. One warning per pair of features, at the first contact found.
 */
function reportSourceContacts(
  contacts: readonly SourceContact[],
  ringArcs: readonly Int32Array[],
  ringFeature: readonly number[],
  features: readonly BoundaryFeature[],
  problems: ProblemList,
): void {
  if (contacts.length === 0) return;
  const arcFeatures = new Map<number, Set<number>>();
  ringArcs.forEach((refs, r) => {
    for (const ref of refs) {
      const a = ref < 0 ? ~ref : ref;
      let owners = arcFeatures.get(a);
      if (!owners) {
        owners = new Set();
        arcFeatures.set(a, owners);
      }
      owners.add(ringFeature[r] as number);
    }
  });
  const reported = new Map<string, number>();
  for (const contact of contacts) {
    const first = [...(arcFeatures.get(contact.arcs[0]) ?? [])];
    const second = [...(arcFeatures.get(contact.arcs[1]) ?? [])];
    const pair = [...new Set([...first, ...second])].sort((x, y) => x - y).slice(0, 2);
    const key = pair.join(",");
    reported.set(key, (reported.get(key) ?? 0) + 1);
    if ((reported.get(key) as number) > 1) continue;
    const a = features[pair[0] as number] as BoundaryFeature;
    const b = features[(pair[1] ?? pair[0]) as number] as BoundaryFeature;
    const what =
      contact.kind === "overlap"
        ? { vi: "chồng lên nhau", en: "overlap" }
        : contact.kind === "touch"
          ? { vi: "chạm nhau ngoài đỉnh chung", en: "touch away from a shared vertex" }
          : { vi: "cắt nhau", en: "cross" };
    const other =
      a === b
        ? { vi: "các phần của nó", en: "its own parts" }
        : {
            vi: `ranh giới của features[${b.index}] (mã ${b.code})`,
            en: `the border of features[${b.index}] (code ${b.code})`,
          };
    problems.add(
      problem(
        "borders-overlap",
        { featureIndex: a.index, featureCode: a.code },
        `features[${a.index}].geometry`,
        {
          vi: `ranh giới và ${other.vi} ${what.vi} tại ${showPosition(contact.position)} ngay trong tệp nguồn; đoạn này được giữ nguyên, không đơn giản hoá`,
          en: `its border and ${other.en} ${what.en} at ${showPosition(contact.position)} in the source file; that stretch is kept as it is, unsimplified`,
        },
        { severity: "warning", position: contact.position },
      ),
    );
  }
}

const FIELD_PROPERTY: Record<DefaultedField["field"], string> = {
  kind: "kind",
  provinceCode: "province_code",
  population: "population",
  households: "households",
  terrain: "terrain",
  border: "border",
  extremelyDisadvantaged: "extremely_disadvantaged",
};

function refused(problems: ProblemList): BoundaryImportResult {
  return { ok: false, errors: problems.finalErrors(), warnings: problems.warnings };
}

/** RFC 7946 orientation: outer ring counter-clockwise, holes clockwise. */
function orient(rings: Position[][]): PolygonRings {
  return rings.map((ring, r) => {
    const ccw = signedArea2(ring) > 0;
    return (r === 0) === ccw ? ring : [...ring].reverse();
  });
}

/** The pole of inaccessibility of the simplified part, checked against the original geometry. */
function insideLabel(simplified: PolygonRings, original: PolygonRings): Position {
  const candidate = labelPoint(simplified);
  if (insidePolygon(candidate, original)) return candidate;
  return labelPoint(original);
}

function insidePolygon(point: Position, rings: PolygonRings): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

const KIND_PREFIXES: Array<[string, CommuneKind]> = [
  ["đặc khu ", "đặc khu"],
  ["phường ", "phường"],
  ["xã ", "xã"],
];

function buildCommune(
  feature: BoundaryFeature,
  importProvince: string | undefined,
  shape: Pick<Commune, "areaKm2" | "labelPoint" | "geometry">,
): { commune: Commune; defaulted: DefaultedField[] } {
  const p = feature.properties;
  const defaulted: DefaultedField[] = [];
  const pick = <T extends string | number | boolean>(
    field: DefaultedField["field"],
    given: T | undefined,
    fallback: () => { value: T; how: DefaultedField["how"] },
  ): T => {
    if (given !== undefined) return given;
    const { value, how } = fallback();
    defaulted.push({ field, value, how });
    return value;
  };
  const lowerName = feature.name.toLowerCase();
  const kind = pick<CommuneKind>("kind", p.kind, () => {
    const match = KIND_PREFIXES.find(([prefix]) => lowerName.startsWith(prefix));
    return match ? { value: match[1], how: "inferred" } : { value: "xã", how: "default" };
  });
  const provinceCode = pick("provinceCode", p.provinceCode, () => ({
    value: importProvince as string,
    how: "default",
  }));
  const population = pick("population", p.population, () => ({ value: 0, how: "default" }));
  const households = pick("households", p.households, () =>
    p.population !== undefined
      ? { value: Math.round(p.population / PERSONS_PER_HOUSEHOLD), how: "inferred" }
      : { value: 0, how: "default" },
  );
  const terrain = pick<TerrainClass>("terrain", p.terrain, () => ({
    value: kind === "đặc khu" ? "island" : "midland",
    how: kind === "đặc khu" ? "inferred" : "default",
  }));
  const border = pick("border", p.border, () => ({ value: false, how: "default" }));
  const extremelyDisadvantaged = pick("extremelyDisadvantaged", p.extremelyDisadvantaged, () => ({
    value: false,
    how: "default",
  }));
  return {
    commune: {
      code: feature.code,
      name: feature.name,
      kind,
      provinceCode,
      population,
      households,
      areaKm2: shape.areaKm2,
      terrain,
      border,
      extremelyDisadvantaged,
      labelPoint: shape.labelPoint,
      geometry: shape.geometry,
    },
    defaulted,
  };
}
