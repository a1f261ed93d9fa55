/**
 * What an import would change in the registry, so nothing disappears unnoticed: communes added,
 * removed (with their data still attached in the old registry, for the operator to decide) and
 * changed, field by field.
 */
import type { Commune, Position } from "@ioc/core";

/** Fields of a commune a diff compares. */
export type CommuneField =
  | "name"
  | "kind"
  | "provinceCode"
  | "population"
  | "households"
  | "areaKm2"
  | "terrain"
  | "border"
  | "extremelyDisadvantaged"
  | "geometry";

/** One commune present in both registries with some fields changed. */
export interface CommuneChange {
  code: string;
  before: Commune;
  after: Commune;
  fields: CommuneField[];
}

/** The difference between two registries. */
export interface RegistryDiff {
  added: Commune[];
  /** Communes the new registry lacks: reported, never silently dropped. */
  removed: Commune[];
  changed: CommuneChange[];
  unchanged: number;
}

/** Options of {@link diffRegistry}. */
export interface RegistryDiffOptions {
  /** Relative area change below which the area counts as unchanged. Default 0.001 (0.1%). */
  areaTolerance?: number;
}

const SCALARS = [
  "name",
  "kind",
  "provinceCode",
  "population",
  "households",
  "terrain",
  "border",
  "extremelyDisadvantaged",
] as const satisfies readonly CommuneField[];

/** Compares an old and a new list of communes by code; every list is sorted by code. */
export function diffRegistry(
  oldCommunes: readonly Commune[],
  newCommunes: readonly Commune[],
  options: RegistryDiffOptions = {},
): RegistryDiff {
  const tolerance = options.areaTolerance ?? 0.001;
  const before = new Map(oldCommunes.map((c) => [c.code, c]));
  const after = new Map(newCommunes.map((c) => [c.code, c]));
  const byCode = (a: Commune, b: Commune) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const added = newCommunes.filter((c) => !before.has(c.code)).sort(byCode);
  const removed = oldCommunes.filter((c) => !after.has(c.code)).sort(byCode);
  const changed: CommuneChange[] = [];
  let unchanged = 0;
  for (const next of [...newCommunes].sort(byCode)) {
    const previous = before.get(next.code);
    if (!previous) continue;
    const fields: CommuneField[] = SCALARS.filter((field) => previous[field] !== next[field]);
    const scale = Math.max(Math.abs(previous.areaKm2), Math.abs(next.areaKm2), 1e-9);
    if (Math.abs(previous.areaKm2 - next.areaKm2) / scale > tolerance) fields.push("areaKm2");
    if (!sameRings(previous.geometry.coordinates, next.geometry.coordinates)) fields.push("geometry");
    if (fields.length > 0) changed.push({ code: next.code, before: previous, after: next, fields });
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

function sameRings(a: readonly (readonly Position[])[], b: readonly (readonly Position[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const x = a[r] as readonly Position[];
    const y = b[r] as readonly Position[];
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) {
      const p = x[k] as Position;
      const q = y[k] as Position;
      if (p[0] !== q[0] || p[1] !== q[1]) return false;
    }
  }
  return true;
}
