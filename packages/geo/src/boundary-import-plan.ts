/**
 * The one code path of a boundary import, shared by `ioc geo import` and the dashboard's
 * `POST /v1/boundaries/preview|import`: validate (and optionally repair) the file, decide the
 * province and its name, compare with what is stored, and — only when the caller says so — write.
 * Callers phrase the refusals in their own medium (CLI lines, problem documents); the decisions
 * are made here once, so the two cannot drift apart.
 */
import type { Commune, Province, RegistryStore } from "@ioc/core";
import {
  type BoundaryImportOptions,
  type BoundaryImportResult,
  type ImportedCommune,
  importBoundaries,
} from "./import-boundaries.js";
import type { BoundaryProblem } from "./problems.js";
import { type CommuneChange, diffRegistry, type RegistryDiff } from "./registry-diff.js";
import { REPAIRABLE_PROBLEM_CODES, type RingRepair } from "./repair.js";

/** Options of {@link planBoundaryImport}: those of the import, plus the province's name. */
export interface BoundaryPlanOptions extends BoundaryImportOptions {
  /** The province's name; defaults to the stored one. Required for a province not yet stored. */
  provinceName?: string;
}

/** A plan that can be written: the province as it will be stored, and what changes. */
export interface BoundaryPlanReady {
  ok: true;
  province: Province;
  /** The stored province before the import, if any. */
  existing: Province | undefined;
  diff: RegistryDiff;
  imported: ImportedCommune[];
  warnings: BoundaryProblem[];
  repairs: RingRepair[];
  stats: Extract<BoundaryImportResult, { ok: true }>["stats"];
}

/** Why a file cannot be imported as it is. */
export type BoundaryPlanRefusal =
  /** The file has errors; `repairable` when some are of a kind the repair fixes. */
  | { ok: false; reason: "invalid"; errors: BoundaryProblem[]; warnings: BoundaryProblem[]; repairable: boolean }
  /** Communes of several provinces in one file (the file itself is valid: its warnings and repairs). */
  | { ok: false; reason: "several-provinces"; provinces: string[]; warnings: BoundaryProblem[]; repairs: RingRepair[] }
  /** A province not stored yet, and no name given. */
  | { ok: false; reason: "name-missing"; province: string; warnings: BoundaryProblem[]; repairs: RingRepair[] };

/** The outcome of {@link planBoundaryImport}. */
export type BoundaryPlan = BoundaryPlanReady | BoundaryPlanRefusal;

/** Validates, repairs if asked, and diffs a boundary file against the stored province; writes nothing. */
export async function planBoundaryImport(
  input: string | unknown,
  registry: Pick<RegistryStore, "getProvince">,
  options: BoundaryPlanOptions = {},
): Promise<BoundaryPlan> {
  const { provinceName, ...importOptions } = options;
  const result = importBoundaries(input, importOptions);
  if (!result.ok) {
    const repairable = !options.repair && result.errors.some((p) => REPAIRABLE_PROBLEM_CODES.has(p.code));
    return { ok: false, reason: "invalid", errors: result.errors, warnings: result.warnings, repairable };
  }
  const communes = result.communes.map((c) => c.commune).sort((a, b) => (a.code < b.code ? -1 : 1));
  const provinces = [...new Set(communes.map((c) => c.provinceCode))];
  const notes = { warnings: result.warnings, repairs: result.repairs };
  if (provinces.length !== 1) return { ok: false, reason: "several-provinces", provinces, ...notes };
  const code = provinces[0] as string;
  const existing = await registry.getProvince(code);
  const name = provinceName?.trim().normalize("NFC") || existing?.name;
  if (!name) return { ok: false, reason: "name-missing", province: code, ...notes };
  return {
    ok: true,
    province: { code, name, synthetic: false, communes },
    existing,
    diff: diffRegistry(existing?.communes ?? [], communes),
    imported: result.communes,
    warnings: result.warnings,
    repairs: result.repairs,
    stats: result.stats,
  };
}

/** Writes a ready plan: every commune and the province header, then the removals. */
export async function writeBoundaryImport(
  registry: Pick<RegistryStore, "putProvince" | "removeCommunes">,
  plan: BoundaryPlanReady,
): Promise<void> {
  // putProvince writes every commune first and the province header last. Removals come after:
  // if they fail half way, the leftovers are listed as removals again by the next import.
  await registry.putProvince(plan.province);
  if (plan.diff.removed.length > 0)
    await registry.removeCommunes(
      plan.province.code,
      plan.diff.removed.map((c) => c.code),
    );
}

/** Vertices of a stored commune's geometry (every ring, the closing repeat included). */
export function communeVertices(commune: Pick<Commune, "geometry">): number {
  let n = 0;
  for (const ring of commune.geometry.coordinates) n += ring.length;
  return n;
}

/** A changed commune as a reviewer reads it: fields, area change in percent, vertex counts. */
export interface CommuneChangeSummary {
  code: string;
  name: string;
  previousName: string;
  fields: CommuneChange["fields"];
  areaBeforeKm2: number;
  areaAfterKm2: number;
  /** (after − before) / before × 100, rounded to 0.01; null when there was no area before. */
  areaChangePercent: number | null;
  verticesBefore: number;
  verticesAfter: number;
}

/** Summarises one change of {@link diffRegistry} for a review table. */
export function summariseChange(change: CommuneChange): CommuneChangeSummary {
  const before = change.before.areaKm2;
  const after = change.after.areaKm2;
  return {
    code: change.code,
    name: change.after.name,
    previousName: change.before.name,
    fields: change.fields,
    areaBeforeKm2: before,
    areaAfterKm2: after,
    areaChangePercent: before > 0 ? Math.round(((after - before) / before) * 10_000) / 100 : null,
    verticesBefore: communeVertices(change.before),
    verticesAfter: communeVertices(change.after),
  };
}

/** Where a problem is in the source geometry: polygon and ring indices, when its path names a ring. */
export function ringOfProblem(
  problem: Pick<BoundaryProblem, "path">,
  multi: boolean,
): { polygon: number; ring: number } | null {
  const match = /\.geometry\.coordinates((?:\[\d+\])+)/.exec(problem.path);
  if (!match) return null;
  const indices = [...(match[1] as string).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (multi) return indices.length >= 2 ? { polygon: indices[0] as number, ring: indices[1] as number } : null;
  return indices.length >= 1 ? { polygon: 0, ring: indices[0] as number } : null;
}
