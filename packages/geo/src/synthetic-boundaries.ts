/**
 * Synthetic boundary files for tests and benchmarks: a jittered lattice of cells whose edges are
 * wiggly polylines (midpoint displacement), each edge shared by the two cells on either side, so
 * the communes tile their area with no gaps or overlaps and neighbours share identical vertices,
 * as a real GIS export does. Deterministic from a seed. Clearly not real geography.
 */
import { createRandom, type Position, type Random, type TerrainClass } from "@ioc/core";

/** Options of {@link generateBoundaryFile}. */
export interface SyntheticBoundaryOptions {
  /** Number of communes; the lattice is filled row by row, the last row partly. */
  count: number;
  /** Lattice columns. Default: about √count. */
  cols?: number;
  /** South-west corner of the lattice (lon, lat). Default 102.6, 8.9 (inside Vietnam's mainland box). */
  origin?: Position;
  /** Size of the whole lattice in degrees. Default 6.6 × 14. */
  extent?: [width: number, height: number];
  /** Each edge gets 2^depth segments, depth drawn from this range. Default [6, 7]: 256–512 vertices a cell. */
  edgeDepth?: [min: number, max: number];
  seed?: number;
  /** Decimals kept in coordinates. Default 9, like survey exports (≈ 0.1 mm). */
  decimals?: number;
  /** Codes, names and provinces to use in order (e.g. from merges.json); generated otherwise. */
  units?: ReadonlyArray<{ code: string; name: string; provinceCode: string }>;
  /** Ring defects as real files have them, for `repair` to mend. Default none. */
  defects?: SyntheticDefects;
}

/**
 * Defects of a hand-digitised file, placed deterministically. A twist is on a shared border, so
 * both neighbours' rings cross themselves at the same point (as in the real Đà Nẵng file); a
 * spike (out and straight back) and a repeated position are in one ring only.
 */
export interface SyntheticDefects {
  twists?: number;
  spikes?: number;
  duplicates?: number;
}

/** A GeoJSON FeatureCollection of Polygon communes. */
export interface BoundaryFeatureCollection {
  type: "FeatureCollection";
  features: Array<{
    type: "Feature";
    properties: Record<string, string | number | boolean>;
    geometry: { type: "Polygon"; coordinates: Position[][] };
  }>;
}

/** Generates a tiling boundary file (see the module comment). */
export function generateBoundaryFile(options: SyntheticBoundaryOptions): BoundaryFeatureCollection {
  const count = options.count;
  const cols = options.cols ?? Math.max(1, Math.round(Math.sqrt(count)));
  const rows = Math.ceil(count / cols);
  const [west, south] = options.origin ?? [102.6, 8.9];
  const [width, height] = options.extent ?? [6.6, 14];
  const [minDepth, maxDepth] = options.edgeDepth ?? [6, 7];
  const random = createRandom(options.seed ?? 2025);
  const factor = 10 ** (options.decimals ?? 9);
  const round = (value: number) => Math.round(value * factor) / factor;
  const cw = width / cols;
  const ch = height / rows;

  const corner: Position[][] = [];
  for (let i = 0; i <= cols; i++) {
    const column: Position[] = [];
    for (let j = 0; j <= rows; j++) {
      const onEdge = i === 0 || j === 0 || i === cols || j === rows;
      const jx = onEdge ? 0 : random.between(-0.2, 0.2) * cw;
      const jy = onEdge ? 0 : random.between(-0.2, 0.2) * ch;
      column.push([round(west + i * cw + jx), round(south + j * ch + jy)]);
    }
    corner.push(column);
  }
  const at = (i: number, j: number) => corner[i]?.[j] as Position;
  const depth = () => random.int(minDepth, maxDepth);
  // horizontal[j][i]: (i, j) → (i+1, j); vertical[i][j]: (i, j) → (i, j+1).
  const horizontal: Position[][][] = [];
  for (let j = 0; j <= rows; j++) {
    const row: Position[][] = [];
    for (let i = 0; i < cols; i++) row.push(wigglyLine(random, at(i, j), at(i + 1, j), depth(), round));
    horizontal.push(row);
  }
  const vertical: Position[][][] = [];
  for (let i = 0; i <= cols; i++) {
    const column: Position[][] = [];
    for (let j = 0; j < rows; j++) column.push(wigglyLine(random, at(i, j), at(i, j + 1), depth(), round));
    vertical.push(column);
  }

  // A separate stream, so files without defects stay exactly as they were.
  const defects = createRandom((options.seed ?? 2025) + 1);
  for (let t = 0; t < (options.defects?.twists ?? 0); t++) {
    const lines = defects.next() < 0.5 ? horizontal : vertical;
    const group = lines[defects.int(1, lines.length - 2)] ?? (lines[0] as Position[][]);
    twist(group[defects.int(0, group.length - 1)] as Position[], defects, round);
  }

  const features: BoundaryFeatureCollection["features"] = [];
  for (let n = 0; n < count; n++) {
    const j = Math.floor(n / cols);
    const i = n % cols;
    const bottom = horizontal[j]?.[i] as Position[];
    const right = vertical[i + 1]?.[j] as Position[];
    const top = horizontal[j + 1]?.[i] as Position[];
    const left = vertical[i]?.[j] as Position[];
    const ring: Position[] = [
      ...bottom.slice(0, -1),
      ...right.slice(0, -1),
      ...[...top].reverse().slice(0, -1),
      ...[...left].reverse().slice(0, -1),
    ];
    ring.push(ring[0] as Position);
    const unit = options.units?.[n];
    const terrain: TerrainClass =
      i < cols * 0.35 ? "mountainous" : i < cols * 0.6 ? "midland" : i === cols - 1 ? "coastal" : "delta";
    const population =
      terrain === "mountainous"
        ? random.int(2_500, 9_000)
        : terrain === "midland"
          ? random.int(7_000, 16_000)
          : random.int(10_000, 30_000);
    features.push({
      type: "Feature",
      properties: {
        code: unit?.code ?? String(10_000 + n).padStart(5, "0"),
        name: unit?.name ?? `Xã Mô Phỏng ${n + 1}`,
        province_code: unit?.provinceCode ?? "99",
        population,
        households: Math.round(population / random.between(3.4, 4.4)),
        terrain,
        border: i === 0,
        extremely_disadvantaged: terrain === "mountainous" && (i === 0 || random.next() < 0.4),
      },
      geometry: { type: "Polygon", coordinates: [ring] },
    });
  }
  const ringOf = (k: number) => features[k % features.length]?.geometry.coordinates[0] as Position[];
  for (let t = 0; t < (options.defects?.spikes ?? 0); t++) {
    const ring = ringOf(defects.int(0, count - 1));
    const k = defects.int(1, ring.length - 3);
    const p = ring[k] as Position;
    const q = ring[k + 1] as Position;
    // 0.4 of a segment out, perpendicular, then straight back to p.
    const tip: Position = [round(p[0] - (q[1] - p[1]) * 0.4), round(p[1] + (q[0] - p[0]) * 0.4)];
    ring.splice(k + 1, 0, tip, p);
  }
  for (let t = 0; t < (options.defects?.duplicates ?? 0); t++) {
    const ring = ringOf(defects.int(0, count - 1));
    const k = defects.int(1, ring.length - 2);
    ring.splice(k, 0, ring[k] as Position);
  }
  return { type: "FeatureCollection", features };
}

/**
 * Inserts a small loop into a shared polyline: p → a → b → r with a and b above the segment p–r
 * and a ahead of b, so p→a crosses b→r at the middle (a bow-tie).
 */
function twist(line: Position[], random: Random, round: (value: number) => number): void {
  if (line.length < 4) return;
  const k = random.int(1, line.length - 3);
  const p = line[k] as Position;
  const r = line[k + 1] as Position;
  const dx = r[0] - p[0];
  const dy = r[1] - p[1];
  const a: Position = [round(p[0] + dx * 0.6 - dy * 0.3), round(p[1] + dy * 0.6 + dx * 0.3)];
  const b: Position = [round(p[0] + dx * 0.4 - dy * 0.3), round(p[1] + dy * 0.4 + dx * 0.3)];
  line.splice(k + 1, 0, a, b);
}

/** A polyline from a to b by midpoint displacement; both ends exact, 2^depth segments. */
function wigglyLine(
  random: Random,
  a: Position,
  b: Position,
  depth: number,
  round: (value: number) => number,
): Position[] {
  let line: Position[] = [a, b];
  let scale = 0.14;
  for (let level = 0; level < depth; level++) {
    const next: Position[] = [line[0] as Position];
    for (let k = 0; k + 1 < line.length; k++) {
      const p = line[k] as Position;
      const q = line[k + 1] as Position;
      const offset = random.between(-scale, scale);
      next.push(
        [round((p[0] + q[0]) / 2 - (q[1] - p[1]) * offset), round((p[1] + q[1]) / 2 + (q[0] - p[0]) * offset)],
        q,
      );
    }
    line = next;
    scale /= 1.5;
  }
  return line;
}
