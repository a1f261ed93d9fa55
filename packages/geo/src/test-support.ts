/**
 * Small boundary files for tests: a 2 × 2 block of square communes in Quảng Nam's midlands whose
 * shared edges carry the same intermediate vertices on both sides, and helpers to break them.
 */
import type { Position } from "@ioc/core";

/** A feature as tests build it; anything may be broken on purpose. */
export interface TestFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

/** A FeatureCollection of {@link TestFeature}s. */
export interface TestCollection {
  type: "FeatureCollection";
  features: TestFeature[];
}

const WEST = 108;
const SOUTH = 15.5;
const STEP = 0.1;

/** Corner (i, j) of the block, i and j in 0–2. */
export function corner(i: number, j: number): Position {
  return [round(WEST + i * STEP), round(SOUTH + j * STEP)];
}

/** The point 40% of the way from a to b, nudged sideways: an intermediate vertex of a shared edge. */
function between(a: Position, b: Position): Position {
  return [
    round(a[0] + (b[0] - a[0]) * 0.4 + (b[1] - a[1]) * 0.05),
    round(a[1] + (b[1] - a[1]) * 0.4 - (b[0] - a[0]) * 0.05),
  ];
}

/** The closed ring of cell (i, j), counter-clockwise, with one intermediate vertex per edge. */
export function cellRing(i: number, j: number): Position[] {
  const edge = (a: Position, b: Position): Position[] => {
    // The same intermediate vertex whichever side walks the edge.
    const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    return [a, forward ? between(a, b) : between(b, a)];
  };
  const sw = corner(i, j);
  const se = corner(i + 1, j);
  const ne = corner(i + 1, j + 1);
  const nw = corner(i, j + 1);
  return [...edge(sw, se), ...edge(se, ne), ...edge(ne, nw), ...edge(nw, sw), sw];
}

/** Four communes 49001–49004 (south-west, south-east, north-west, north-east) with full properties. */
export function blockOfFour(): TestCollection {
  const cells: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  // Through JSON, as a parsed file would be: no position object shared between rings.
  return clone({
    type: "FeatureCollection",
    features: cells.map(([i, j], n) => ({
      type: "Feature",
      properties: {
        code: `4900${n + 1}`,
        name: n === 3 ? "Phường Hòa Thuận" : `Xã Thử Nghiệm ${n + 1}`,
        kind: n === 3 ? "phường" : "xã",
        province_code: "49",
        population: 5000 + n * 1000,
        households: 1200 + n * 250,
        terrain: i === 0 ? "mountainous" : "midland",
        border: i === 0,
        extremely_disadvantaged: i === 0 && j === 0,
      },
      geometry: { type: "Polygon", coordinates: [cellRing(i, j)] },
    })),
  });
}

/** A deep copy through JSON, so no array is shared, to break without touching the original. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
