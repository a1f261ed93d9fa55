/**
 * The synthetic demo province ("dữ liệu mô phỏng"): what `npm start` shows before a deployment
 * imports its real boundaries. Deterministic from a seed.
 *
 * Shape: a jittered lattice of quadrilateral cells cut to an irregular outline. Every lattice
 * edge is one wiggly polyline shared by the two cells on either side, so communes tile the
 * province with no gaps or overlaps and their shared borders have identical vertices. The west is
 * mountainous along a border (big, sparse communes, poor coverage), the middle is midland, the east
 * is delta and coast, a few eastern cells split into four wards each form a city, and one island
 * special zone (đặc khu) lies offshore.
 */
import type { Commune, CommuneKind, Position, Province, TerrainClass } from "./admin-units.js";
import { pointInRing, polygonAreaKm2 } from "./geometry.js";
import { createRandom, type Random } from "./random.js";

/** Options for the demo generator. */
export interface DemoProvinceOptions {
  seed?: number;
  provinceCode?: string;
  name?: string;
}

/** The default demo province's code: 99 is unused by the 34 real provinces. */
export const DEMO_PROVINCE_CODE = "99";
/** The Vietnamese and English label shown wherever demo data appears. */
export const SYNTHETIC_LABEL = { vi: "dữ liệu mô phỏng", en: "synthetic demo data" } as const;

const COLS = 14;
const ROWS = 9;
const WEST = 107.3;
const SOUTH = 15.2;
const WIDTH = 1.45;
const HEIGHT = 0.9;
/** Edge polylines have 2^EDGE_DEPTH segments; the middle vertex is what ward splits attach to. */
const EDGE_DEPTH = 3;
const EDGE_SEGMENTS = 2 ** EDGE_DEPTH;
const HALF = EDGE_SEGMENTS / 2;

const MOUNTAIN_FIRST = ["Trà", "Phước", "Tà", "A", "Ka", "Đắk", "La", "Ch'", "Sông", "Ga"];
const MOUNTAIN_SECOND = [
  "Leng",
  "Dơn",
  "Bhing",
  "Vương",
  "Xan",
  "Nông",
  "Pơơ",
  "Lu",
  "Dy",
  "Hiên",
  "Rin",
  "Tiêng",
  "Kôn",
  "Ri",
  "Hoa",
];
const LOWLAND_FIRST = ["Hòa", "Tam", "Bình", "Điện", "Duy", "Quế", "Đại", "Thăng", "Tiên", "Hiệp", "Quảng", "Xuân"];
const LOWLAND_SECOND = [
  "An",
  "Phú",
  "Thạnh",
  "Lộc",
  "Hưng",
  "Minh",
  "Phước",
  "Thịnh",
  "Trung",
  "Tân",
  "Sơn",
  "Lợi",
  "Thuận",
  "Đông",
  "Nghĩa",
  "Mỹ",
  "Vinh",
  "Hải",
];
const WARD_NAMES = [
  "An Hội",
  "Minh An",
  "Cẩm Phô",
  "Tân Thạnh",
  "Hòa Thuận",
  "Phước Hòa",
  "Sơn Phong",
  "Thanh Hà",
  "Cửa Đại",
  "Tân An",
  "Trường Xuân",
  "An Mỹ",
  "Hòa Hương",
  "Điện Ngọc",
  "An Xuân",
  "Thuận Phước",
];

interface Cell {
  i: number;
  j: number;
  ring: Position[];
  center: Position;
}

/** Generates the synthetic demo province; the same seed always gives the same province. */
export function generateDemoProvince(options: DemoProvinceOptions = {}): Province {
  const seed = options.seed ?? 2025;
  const provinceCode = options.provinceCode ?? DEMO_PROVINCE_CODE;
  const random = createRandom(seed);

  const columnX = columnEdges(random);
  const vertices = jitteredVertices(random, columnX);
  const { horizontal, vertical } = edgePolylines(random, vertices);
  const extent = rowExtents(random);

  const cellRing = (i: number, j: number): Position[] => {
    const bottom = horizontal[j]?.[i] as Position[];
    const right = vertical[i + 1]?.[j] as Position[];
    const top = horizontal[j + 1]?.[i] as Position[];
    const left = vertical[i]?.[j] as Position[];
    return closeRing([
      ...bottom.slice(0, -1),
      ...right.slice(0, -1),
      ...[...top].reverse().slice(0, -1),
      ...[...left].reverse().slice(0, -1),
    ]);
  };

  const included = (i: number, j: number): boolean => {
    const row = extent[j];
    return row !== undefined && i >= row.start && i <= row.end;
  };
  const cityCol = COLS - 3;
  const isCity = (i: number, j: number) => i === cityCol && j >= 3 && j <= 5 && included(i, j);

  const names = new Set<string>();
  const uniqueName = (make: () => string): string => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const candidate = make();
      if (!names.has(candidate)) {
        names.add(candidate);
        return candidate;
      }
    }
    throw new Error("demo province: ran out of distinct commune names");
  };

  const drafts: Array<Omit<Commune, "code" | "provinceCode">> = [];
  const addCommune = (
    ring: Position[],
    center: Position,
    kind: CommuneKind,
    terrain: TerrainClass,
    border: boolean,
  ) => {
    const name =
      kind === "phường"
        ? uniqueName(() => `Phường ${random.pick(WARD_NAMES)}`)
        : kind === "đặc khu"
          ? uniqueName(() => "Đặc khu Hòn Ngọc")
          : terrain === "mountainous"
            ? uniqueName(() => `Xã ${mountainName(random)}`)
            : uniqueName(() => `Xã ${random.pick(LOWLAND_FIRST)} ${random.pick(LOWLAND_SECOND)}`);
    const population = populationFor(random, kind, terrain);
    const geometry = { type: "Polygon" as const, coordinates: [ring] };
    drafts.push({
      name,
      kind,
      population,
      households: Math.round(population / random.between(3.6, 4.4)),
      areaKm2: round(polygonAreaKm2(geometry.coordinates), 2),
      terrain,
      border,
      extremelyDisadvantaged: terrain === "mountainous" && (border || random.next() < 0.45),
      labelPoint: center,
      geometry,
    });
  };

  for (let j = 0; j < ROWS; j++) {
    const row = extent[j];
    if (!row) continue;
    for (let i = row.start; i <= row.end; i++) {
      const cell: Cell = { i, j, ring: cellRing(i, j), center: quadCenter(vertices, i, j) };
      if (isCity(i, j)) {
        for (const ward of splitIntoWards(random, cell, horizontal, vertical)) {
          addCommune(ward.ring, ward.center, "phường", "delta", false);
        }
        continue;
      }
      const terrain: TerrainClass = i === row.end ? "coastal" : i <= 4 ? "mountainous" : i <= 8 ? "midland" : "delta";
      const border = i === row.start && i <= 2;
      addCommune(cell.ring, cell.center, "xã", terrain, border);
    }
  }
  const island = islandRing(random);
  addCommune(island.ring, island.center, "đặc khu", "island", false);

  // Codes run west to east, then south to north, like a reader scanning the map.
  const ordered = [...drafts].sort((a, b) => a.labelPoint[0] - b.labelPoint[0] || a.labelPoint[1] - b.labelPoint[1]);
  const communes: Commune[] = ordered.map((draft, index) => ({
    code: `${provinceCode}${String(index + 1).padStart(3, "0")}`,
    provinceCode,
    ...draft,
  }));
  return {
    code: provinceCode,
    name: options.name ?? "Sơn Hải",
    synthetic: true,
    communes,
  };
}

/** Highland names; a glottal prefix such as "Ch'" joins its syllable without a space. */
function mountainName(random: Random): string {
  const first = random.pick(MOUNTAIN_FIRST);
  const second = random.pick(MOUNTAIN_SECOND);
  return first.endsWith("'") ? `${first}${second.toLowerCase()}` : `${first} ${second}`;
}

function populationFor(random: Random, kind: CommuneKind, terrain: TerrainClass): number {
  if (kind === "phường") return random.int(15_000, 40_000);
  if (kind === "đặc khu") return random.int(3_000, 6_000);
  switch (terrain) {
    case "mountainous":
      return random.int(2_500, 8_000);
    case "midland":
      return random.int(7_000, 16_000);
    case "coastal":
      return random.int(10_000, 22_000);
    default:
      return random.int(12_000, 26_000);
  }
}

/** Column boundaries: wide columns in the sparse west, narrow ones in the dense east. */
function columnEdges(random: Random): number[] {
  const weights = Array.from({ length: COLS }, (_, i) => (1.7 - i / (COLS - 1)) * random.between(0.9, 1.1));
  const total = weights.reduce((s, w) => s + w, 0);
  const xs = [WEST];
  for (const w of weights) xs.push((xs.at(-1) as number) + (w / total) * WIDTH);
  return xs;
}

function jitteredVertices(random: Random, columnX: number[]): Position[][] {
  const rowHeight = HEIGHT / ROWS;
  const grid: Position[][] = [];
  for (let i = 0; i <= COLS; i++) {
    const x = columnX[i] as number;
    const width = ((columnX[Math.min(i + 1, COLS)] as number) - (columnX[Math.max(i - 1, 0)] as number)) / 2;
    const column: Position[] = [];
    for (let j = 0; j <= ROWS; j++) {
      const jx = random.between(-0.22, 0.22) * width;
      const jy = random.between(-0.22, 0.22) * rowHeight;
      column.push([round(x + jx, 5), round(SOUTH + j * rowHeight + jy, 5)]);
    }
    grid.push(column);
  }
  return grid;
}

/** A wiggly polyline from a to b by midpoint displacement; both ends exact. */
function wigglyLine(random: Random, a: Position, b: Position, depth: number, amplitude: number): Position[] {
  let line: Position[] = [a, b];
  let scale = amplitude;
  for (let level = 0; level < depth; level++) {
    const next: Position[] = [line[0] as Position];
    for (let k = 0; k + 1 < line.length; k++) {
      const p = line[k] as Position;
      const q = line[k + 1] as Position;
      const dx = q[0] - p[0];
      const dy = q[1] - p[1];
      const offset = random.between(-scale, scale);
      next.push([round((p[0] + q[0]) / 2 - dy * offset, 5), round((p[1] + q[1]) / 2 + dx * offset, 5)], q);
    }
    line = next;
    scale /= 1.6;
  }
  return line;
}

function edgePolylines(random: Random, vertices: Position[][]) {
  const at = (i: number, j: number) => vertices[i]?.[j] as Position;
  // horizontal[j][i] runs (i, j) → (i+1, j); vertical[i][j] runs (i, j) → (i, j+1).
  const horizontal: Position[][][] = [];
  for (let j = 0; j <= ROWS; j++) {
    const row: Position[][] = [];
    for (let i = 0; i < COLS; i++) row.push(wigglyLine(random, at(i, j), at(i + 1, j), EDGE_DEPTH, 0.18));
    horizontal.push(row);
  }
  const vertical: Position[][][] = [];
  for (let i = 0; i <= COLS; i++) {
    const column: Position[][] = [];
    for (let j = 0; j < ROWS; j++) column.push(wigglyLine(random, at(i, j), at(i, j + 1), EDGE_DEPTH, 0.18));
    vertical.push(column);
  }
  return { horizontal, vertical };
}

/** Which columns each row spans: contiguous, so the outline has no holes and stays connected. */
function rowExtents(random: Random): Array<{ start: number; end: number }> {
  return Array.from({ length: ROWS }, (_, j) => {
    const edgeRow = j === 0 || j === ROWS - 1;
    const nearEdge = j === 1 || j === ROWS - 2;
    const start = edgeRow ? random.int(2, 3) : nearEdge ? random.int(1, 2) : random.int(0, 1);
    const end = edgeRow ? COLS - random.int(3, 4) : nearEdge ? COLS - random.int(1, 2) : COLS - 1;
    return { start, end };
  });
}

function quadCenter(vertices: Position[][], i: number, j: number): Position {
  const corners = [
    vertices[i]?.[j],
    vertices[i + 1]?.[j],
    vertices[i + 1]?.[j + 1],
    vertices[i]?.[j + 1],
  ] as Position[];
  return [round(corners.reduce((s, p) => s + p[0], 0) / 4, 5), round(corners.reduce((s, p) => s + p[1], 0) / 4, 5)];
}

/** Splits a cell into four wards meeting at its centre, reusing the shared edges' midpoints. */
function splitIntoWards(random: Random, cell: Cell, horizontal: Position[][][], vertical: Position[][][]) {
  const { i, j, center } = cell;
  const bottom = horizontal[j]?.[i] as Position[];
  const top = horizontal[j + 1]?.[i] as Position[];
  const left = vertical[i]?.[j] as Position[];
  const right = vertical[i + 1]?.[j] as Position[];
  const inner = (from: Position) => wigglyLine(random, from, center, 2, 0.12);
  const toBottom = inner(bottom[HALF] as Position); // midBottom → centre
  const toRight = inner(right[HALF] as Position);
  const toTop = inner(top[HALF] as Position);
  const toLeft = inner(left[HALF] as Position);
  const rev = (line: Position[]) => [...line].reverse();
  const quadrant = (parts: Position[][]) => closeRing(parts.flatMap((p) => p.slice(0, -1)));
  const wards = [
    quadrant([bottom.slice(0, HALF + 1), toBottom, rev(toLeft), rev(left.slice(0, HALF + 1))]),
    quadrant([bottom.slice(HALF), right.slice(0, HALF + 1), toRight, rev(toBottom)]),
    quadrant([right.slice(HALF), rev(top.slice(HALF)), toTop, rev(toRight)]),
    quadrant([rev(top.slice(0, HALF + 1)), rev(left.slice(HALF)), toLeft, rev(toTop)]),
  ];
  return wards.map((ring) => ({ ring, center: interiorPoint(ring, center) }));
}

/** A point inside the ring: the mean of its vertices, nudged toward `fallback` until inside. */
function interiorPoint(ring: Position[], fallback: Position): Position {
  const n = ring.length - 1;
  const mean: Position = [
    ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n,
    ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n,
  ];
  for (let t = 0; t <= 1; t += 0.1) {
    const candidate: Position = [
      mean[0] + (fallback[0] - mean[0]) * t * 0.5,
      mean[1] + (fallback[1] - mean[1]) * t * 0.5,
    ];
    if (pointInRing(candidate, ring)) return [round(candidate[0], 5), round(candidate[1], 5)];
  }
  return [round(mean[0], 5), round(mean[1], 5)];
}

function islandRing(random: Random): { ring: Position[]; center: Position } {
  const center: Position = [round(WEST + WIDTH + 0.2, 5), round(SOUTH + HEIGHT * 0.55, 5)];
  const points: Position[] = [];
  const steps = 18;
  for (let k = 0; k < steps; k++) {
    const angle = (2 * Math.PI * k) / steps;
    const radius = 0.045 * random.between(0.75, 1.2);
    points.push([round(center[0] + radius * Math.cos(angle) * 1.4, 5), round(center[1] + radius * Math.sin(angle), 5)]);
  }
  return { ring: closeRing(points), center };
}

function closeRing(points: Position[]): Position[] {
  const first = points[0] as Position;
  return [...points, [first[0], first[1]]];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
