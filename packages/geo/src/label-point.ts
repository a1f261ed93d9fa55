/**
 * A label point inside a polygon: the pole of inaccessibility (the interior point farthest from
 * the outline), found the way Mapbox's polylabel does it: cover the box with square cells, and
 * keep splitting the cells that could still hold a better point, best-first. Unlike a centroid it
 * is always inside, even for a crescent-shaped commune wrapped around a town. Distances are
 * measured with longitude scaled by cos(latitude), so "farthest" means on the ground.
 */
import type { PolygonRings, Position } from "@ioc/core";

interface Cell {
  x: number;
  y: number;
  half: number;
  /** Signed distance from the centre to the outline (negative outside). */
  d: number;
  /** Best distance any point of the cell could have. */
  max: number;
}

/** Options of {@link labelPoint}. */
export interface LabelPointOptions {
  /** Stop when no cell can improve on the best by more than this share of the polygon's size. Default 1/200. */
  relativePrecision?: number;
  /** Give up refining after this many cells. Default 20,000. */
  maxCells?: number;
}

/** The polygon's pole of inaccessibility, rounded to 6 decimals (≈ 0.1 m). */
export function labelPoint(rings: PolygonRings, options: LabelPointOptions = {}): Position {
  const outer = rings[0];
  if (!outer || outer.length === 0) throw new RangeError("labelPoint needs a polygon with an outer ring");
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const [x, y] of outer) {
    west = Math.min(west, x);
    east = Math.max(east, x);
    south = Math.min(south, y);
    north = Math.max(north, y);
  }
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  // Work in scaled coordinates: x' = lon × kx, y' = lat.
  const scaled = rings.map((ring) => ring.map(([x, y]) => [x * kx, y] as Position));
  const minX = west * kx;
  const maxX = east * kx;
  const width = maxX - minX;
  const height = north - south;
  const size = Math.min(width, height);
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  if (size === 0) return [round6(outer[0]?.[0] as number), round6(outer[0]?.[1] as number)];
  const precision = Math.max(width, height) * (options.relativePrecision ?? 1 / 200);
  const maxCells = options.maxCells ?? 20_000;

  const makeCell = (x: number, y: number, half: number): Cell => {
    const d = signedDistance(x, y, scaled);
    return { x, y, half, d, max: d + half * Math.SQRT2 };
  };
  const queue = new MaxHeap();
  const h = size / 2;
  for (let x = minX; x < maxX; x += size) {
    for (let y = south; y < north; y += size) queue.push(makeCell(x + h, y + h, h));
  }
  const [cx, cy] = centroid(scaled[0] as Position[]);
  let best = makeCell(cx, cy, 0);
  const boxCentre = makeCell(minX + width / 2, south + height / 2, 0);
  if (boxCentre.d > best.d) best = boxCentre;
  let cells = queue.size;
  while (queue.size > 0 && cells < maxCells) {
    const cell = queue.pop() as Cell;
    if (cell.d > best.d) best = cell;
    if (cell.max - best.d <= precision) continue;
    const q = cell.half / 2;
    queue.push(makeCell(cell.x - q, cell.y - q, q));
    queue.push(makeCell(cell.x + q, cell.y - q, q));
    queue.push(makeCell(cell.x - q, cell.y + q, q));
    queue.push(makeCell(cell.x + q, cell.y + q, q));
    cells += 4;
  }
  return [round6(best.x / kx), round6(best.y)];
}

/** Distance from (x, y) to the nearest ring edge; positive inside (even-odd over all rings). */
function signedDistance(x: number, y: number, rings: Position[][]): number {
  let inside = false;
  let min = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i] as Position;
      const [bx, by] = ring[j] as Position;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      min = Math.min(min, segmentDistance2(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax;
  let y = ay;
  let dx = bx - ax;
  let dy = by - ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

function centroid(ring: Position[]): Position {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[j] as Position;
    const f = ax * by - bx * ay;
    cx += (ax + bx) * f;
    cy += (ay + by) * f;
    area += f * 3;
  }
  if (area === 0) return [(ring[0] as Position)[0], (ring[0] as Position)[1]];
  return [cx / area, cy / area];
}

/** A binary max-heap of cells by `max`. */
class MaxHeap {
  private items: Cell[] = [];

  get size(): number {
    return this.items.length;
  }

  push(cell: Cell): void {
    const items = this.items;
    items.push(cell);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Cell).max >= cell.max) break;
      items[i] = items[parent] as Cell;
      i = parent;
    }
    items[i] = cell;
  }

  pop(): Cell | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        let value = last.max;
        if (left < items.length && (items[left] as Cell).max > value) {
          largest = left;
          value = (items[left] as Cell).max;
        }
        if (right < items.length && (items[right] as Cell).max > value) largest = right;
        if (largest === i) break;
        items[i] = items[largest] as Cell;
        i = largest;
      }
      items[i] = last;
    }
    return top;
  }
}
