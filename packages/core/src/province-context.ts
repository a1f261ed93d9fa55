/**
 * The map's context around a province (issue 14 item 5): its neighbours' outlines, at low detail,
 * with their names, drawn faded under the communes so the province reads as part of a country.
 * Two sources: a real province's neighbours are derived from the other provinces of the registry
 * (a national boundary import stores them); the synthetic demo province gets synthetic neighbours
 * made around its own outline, labelled as demo data like the province itself.
 */
import type { Position, Province } from "./admin-units.js";

/** One neighbouring province (or country) as the map draws it. */
export interface NeighbourOutline {
  code: string;
  name: string;
  /** True for the demo's made-up neighbours. */
  synthetic: boolean;
  /** MultiPolygon coordinates, low detail. */
  polygons: Position[][][];
  /** Where its name goes: outside the home province, near it. */
  labelPoint: Position;
}

/** The codes of the 34 provinces since 1 July 2025, where a real province's neighbours are looked for. */
export const PROVINCE_CODES_2025: readonly string[] = [
  "01",
  "04",
  "08",
  "11",
  "12",
  "14",
  "15",
  "19",
  "20",
  "22",
  "24",
  "25",
  "31",
  "33",
  "37",
  "38",
  "40",
  "42",
  "44",
  "46",
  "48",
  "51",
  "52",
  "56",
  "66",
  "68",
  "75",
  "79",
  "80",
  "82",
  "86",
  "91",
  "92",
  "96",
];

type Box = [west: number, south: number, east: number, north: number];

function boxOf(polygons: Iterable<readonly (readonly Position[])[]>): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons)
    for (const p of rings[0] ?? []) {
      box[0] = Math.min(box[0], p[0]);
      box[1] = Math.min(box[1], p[1]);
      box[2] = Math.max(box[2], p[0]);
      box[3] = Math.max(box[3], p[1]);
    }
  return box;
}

const KM_PER_DEGREE = 111.32;

/** The gap between two boxes in km (0 when they touch or overlap), longitude scaled at their latitude. */
function boxGapKm(a: Box, b: Box): number {
  const lat = ((a[1] + a[3]) / 2) * (Math.PI / 180);
  const dx = Math.max(0, a[0] - b[2], b[0] - a[2]) * Math.cos(lat);
  const dy = Math.max(0, a[1] - b[3], b[1] - a[3]);
  return Math.hypot(dx, dy) * KM_PER_DEGREE;
}

/** A ring thinned to vertices at least `tolerance` degrees apart, closed, never below 4 positions. */
function thin(ring: readonly Position[], tolerance: number): Position[] {
  if (ring.length <= 8) return ring.map((p) => [p[0], p[1]]);
  const kept: Position[] = [[(ring[0] as Position)[0], (ring[0] as Position)[1]]];
  for (let i = 1; i < ring.length - 1; i++) {
    const p = ring[i] as Position;
    const last = kept[kept.length - 1] as Position;
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) kept.push([p[0], p[1]]);
  }
  if (kept.length < 3) return ring.map((p) => [p[0], p[1]]);
  kept.push([(kept[0] as Position)[0], (kept[0] as Position)[1]]);
  return kept;
}

/** Options of {@link deriveNeighbours}. */
export interface NeighbourOptions {
  /** Provinces whose extent lies within this distance of the home province's count as neighbours. Default 25 km. */
  maxGapKm?: number;
  /** Vertices closer than this are dropped: the context is drawn faded at province zoom. Default 0.5 km. */
  toleranceKm?: number;
}

/**
 * The neighbours of `home` among `others` (a national registry's provinces): each one whose
 * extent comes within `maxGapKm`, its communes' outer rings thinned, its name placed at the label
 * point of its commune nearest the home province.
 */
export function deriveNeighbours(
  home: Province,
  others: readonly Province[],
  options: NeighbourOptions = {},
): NeighbourOutline[] {
  const maxGap = options.maxGapKm ?? 25;
  const tolerance = (options.toleranceKm ?? 0.5) / KM_PER_DEGREE;
  const homeBox = boxOf(home.communes.map((c) => c.geometry.coordinates));
  const centre: Position = [(homeBox[0] + homeBox[2]) / 2, (homeBox[1] + homeBox[3]) / 2];
  const out: NeighbourOutline[] = [];
  for (const other of others) {
    if (other.code === home.code || other.communes.length === 0) continue;
    const box = boxOf(other.communes.map((c) => c.geometry.coordinates));
    if (boxGapKm(homeBox, box) > maxGap) continue;
    let nearest = other.communes[0];
    let best = Infinity;
    for (const c of other.communes) {
      const d = Math.hypot(c.labelPoint[0] - centre[0], c.labelPoint[1] - centre[1]);
      if (d < best) {
        best = d;
        nearest = c;
      }
    }
    out.push({
      code: other.code,
      name: other.name,
      synthetic: other.synthetic,
      polygons: other.communes.map((c) => [thin(c.geometry.coordinates[0] ?? [], tolerance)]),
      labelPoint: nearest?.labelPoint ?? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
    });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The demo's made-up neighbours, by direction (degrees counter-clockwise from east); the east is sea. */
const DEMO_NEIGHBOURS = [
  { code: "n1", name: "Tỉnh Bắc Sơn", from: 45, to: 95 },
  { code: "n2", name: "Tỉnh Thượng Lâm", from: 95, to: 140 },
  { code: "n3", name: "Nước láng giềng", from: 140, to: 220 },
  { code: "n4", name: "Tỉnh Nam Nguyên", from: 220, to: 275 },
  { code: "n5", name: "Tỉnh An Hải", from: 275, to: 320 },
] as const;

/**
 * Synthetic neighbours for a synthetic province: the land around its extent cut into sectors
 * from its centre. Each sector reaches into the province, where the communes drawn over it hide
 * it, so a neighbour meets the province exactly along the province's own outline.
 */
export function demoNeighbours(home: Province): NeighbourOutline[] {
  const box = boxOf(home.communes.map((c) => c.geometry.coordinates));
  const centre: Position = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const half: Position = [(box[2] - box[0]) / 2, (box[3] - box[1]) / 2];
  const margin = Math.max(half[0], half[1]) * 0.9;
  const outer: Position = [half[0] + margin, half[1] + margin];
  /** Where a ray from the centre leaves a centred box of half-size `h`. */
  const exit = (deg: number, h: Position): Position => {
    const a = (deg * Math.PI) / 180;
    const dx = Math.cos(a);
    const dy = Math.sin(a);
    const t = Math.min(
      Math.abs(dx) > 1e-12 ? h[0] / Math.abs(dx) : Infinity,
      Math.abs(dy) > 1e-12 ? h[1] / Math.abs(dy) : Infinity,
    );
    return [round(centre[0] + dx * t), round(centre[1] + dy * t)];
  };
  return DEMO_NEIGHBOURS.map((n) => {
    const ring: Position[] = [[round(centre[0]), round(centre[1])]];
    for (let deg = n.from; deg < n.to; deg += 5) ring.push(exit(deg, outer));
    ring.push(exit(n.to, outer));
    ring.push([round(centre[0]), round(centre[1])]);
    const mid = (n.from + n.to) / 2;
    const inner = exit(mid, half);
    const far = exit(mid, outer);
    return {
      code: `${home.code}-${n.code}`,
      name: n.name,
      synthetic: true,
      polygons: [[ring]],
      // Near the province's extent, so the name is on screen when the map fits the province.
      labelPoint: [round(inner[0] + (far[0] - inner[0]) * 0.15), round(inner[1] + (far[1] - inner[1]) * 0.15)],
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The context of a province: synthetic neighbours for demo data, else those derived from `others`. */
export function provinceContext(home: Province, others: readonly Province[]): NeighbourOutline[] {
  return home.synthetic ? demoNeighbours(home) : deriveNeighbours(home, others);
}
