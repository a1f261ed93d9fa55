/**
 * How much of a commune a planned site's coverage disc reaches. A planned base station covers a
 * disc of a given radius; without a population grid, the covered share of a commune's people is
 * approximated by the share of its area inside the union of the discs (people spread evenly over
 * the commune). See docs/GAPS.md.
 *
 * Method: scanline integration on a local equirectangular projection (km). The commune's area
 * comes from the shoelace formula; the covered area is integrated over thin horizontal strips
 * (1/20 of the smallest radius high, never more than 4,000 over the commune's height) across the
 * discs' band, and on each strip's midline the polygon's inside intervals
 * (even-odd over every ring, so holes are excluded) are intersected exactly with the union of the
 * discs' chords. Exact along x, the midpoint rule along y; the error stays well under 1% of the
 * commune's area for discs and communes of ordinary shapes, and only communes whose bounding box
 * meets a disc are integrated.
 */
import type { PolygonRings, Position } from "./admin-units.js";

const KM_PER_DEGREE = 111.32;
const MAX_STRIPS = 4000;

/** A coverage disc: centre in WGS84, radius in km. */
export interface CoverageDisc {
  position: Position;
  radiusKm: number;
}

/** A commune's bounding box in degrees: [west, south, east, north]. */
export type BoundingBox = [number, number, number, number];

/** The bounding box of a polygon's outer ring. */
export function ringsBoundingBox(rings: PolygonRings): BoundingBox {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  const outer = rings[0] ?? [];
  for (let k = 0; k < outer.length; k++) {
    const p = outer[k] as Position;
    const x = p[0];
    const y = p[1];
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  return [west, south, east, north];
}

/** The disc's bounding box in degrees. */
export function discBoundingBox(disc: CoverageDisc): BoundingBox {
  const [lon, lat] = disc.position;
  const dLat = disc.radiusKm / KM_PER_DEGREE;
  const dLon = disc.radiusKm / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

/** True when two bounding boxes meet. */
export function boxesMeet(a: BoundingBox, b: BoundingBox): boolean {
  return a[2] >= b[0] && a[0] <= b[2] && a[3] >= b[1] && a[1] <= b[3];
}

/** True when the disc's bounding box meets `box` (a cheap pre-filter before integrating). */
export function discMeetsBox(disc: CoverageDisc, box: BoundingBox): boolean {
  return boxesMeet(discBoundingBox(disc), box);
}

/**
 * The share (0–1) of the polygon's area inside the union of `discs`, by scanline integration
 * (see the module comment).
 */
export function shareInsideDiscs(rings: PolygonRings, discs: readonly CoverageDisc[]): number {
  const outer = rings[0];
  if (!outer || outer.length < 4 || discs.length === 0) return 0;
  const box = ringsBoundingBox(rings);
  const lat0 = (box[1] + box[3]) / 2;
  const kx = KM_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const ky = KM_PER_DEGREE;

  const circles = discs.map((d) => ({
    cx: (d.position[0] - box[0]) * kx,
    cy: (d.position[1] - box[1]) * ky,
    r: d.radiusKm,
  }));
  const height = (box[3] - box[1]) * ky;
  // Integrate only where some disc reaches.
  let yFrom = Number.POSITIVE_INFINITY;
  let yTo = Number.NEGATIVE_INFINITY;
  let minRadius = Number.POSITIVE_INFINITY;
  for (const c of circles) {
    yFrom = Math.min(yFrom, c.cy - c.r);
    yTo = Math.max(yTo, c.cy + c.r);
    minRadius = Math.min(minRadius, c.r);
  }
  yFrom = Math.max(yFrom, 0);
  yTo = Math.min(yTo, height);
  if (yTo <= yFrom) return 0;

  // Project the vertices to km once: the area from every edge, the strips from the edges in the
  // discs' band only.
  let edgeCount = 0;
  for (const ring of rings) edgeCount += Math.max(0, ring.length - 1);
  const ax = new Float64Array(edgeCount);
  const ay = new Float64Array(edgeCount);
  const bx = new Float64Array(edgeCount);
  const by = new Float64Array(edgeCount);
  let area2 = 0;
  let e = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r] as Position[];
    let ringArea2 = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const p = ring[k] as Position;
      const q = ring[k + 1] as Position;
      const x1 = (p[0] - box[0]) * kx;
      const y1 = (p[1] - box[1]) * ky;
      const x2 = (q[0] - box[0]) * kx;
      const y2 = (q[1] - box[1]) * ky;
      ringArea2 += x1 * y2 - x2 * y1;
      if ((y1 < yFrom && y2 < yFrom) || (y1 > yTo && y2 > yTo)) continue;
      ax[e] = x1;
      ay[e] = y1;
      bx[e] = x2;
      by[e] = y2;
      e++;
    }
    area2 += r === 0 ? Math.abs(ringArea2) : -Math.abs(ringArea2);
  }
  edgeCount = e;
  const area = area2 / 2;
  if (area <= 0) return 0;
  const stripHeight = Math.max(minRadius / 20, height / MAX_STRIPS);

  const strips = Math.max(1, Math.ceil((yTo - yFrom) / stripHeight));
  const h = (yTo - yFrom) / strips;
  const crossings: number[] = [];
  const chords: Array<[number, number]> = [];
  let covered = 0;
  for (let s = 0; s < strips; s++) {
    const y = yFrom + (s + 0.5) * h;
    chords.length = 0;
    for (const c of circles) {
      const dy = y - c.cy;
      if (Math.abs(dy) < c.r) {
        const half = Math.sqrt(c.r * c.r - dy * dy);
        chords.push([c.cx - half, c.cx + half]);
      }
    }
    if (chords.length === 0) continue;
    crossings.length = 0;
    for (let k = 0; k < edgeCount; k++) {
      const y1 = ay[k] as number;
      const y2 = by[k] as number;
      if (y1 > y !== y2 > y) {
        const x1 = ax[k] as number;
        crossings.push(x1 + ((y - y1) * ((bx[k] as number) - x1)) / (y2 - y1));
      }
    }
    if (crossings.length < 2) continue;
    crossings.sort((a, b) => a - b);
    covered += h * overlapLength(crossings, mergeIntervals(chords));
  }
  return Math.min(1, covered / area);
}

function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Length of (inside intervals: pairs of sorted crossings) ∩ (sorted disjoint chords). */
function overlapLength(crossings: readonly number[], chords: ReadonlyArray<[number, number]>): number {
  let total = 0;
  let c = 0;
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    const from = crossings[k] as number;
    const to = crossings[k + 1] as number;
    while (c < chords.length && (chords[c] as [number, number])[1] <= from) c++;
    for (let m = c; m < chords.length; m++) {
      const [cFrom, cTo] = chords[m] as [number, number];
      if (cFrom >= to) break;
      total += Math.min(to, cTo) - Math.max(from, cFrom);
    }
  }
  return total;
}
