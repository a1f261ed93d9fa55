import type { PolygonRings, Position } from "./admin-units.js";

const KM_PER_DEGREE = 111.32;

/** Twice the signed planar area of a closed ring in degree units (positive = counter-clockwise). */
export function signedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as Position;
    const [x2, y2] = ring[i + 1] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/**
 * Area of a polygon in km², on a local equirectangular projection: exact enough for communes
 * (tens of kilometres across), and free of any GIS dependency.
 */
export function polygonAreaKm2(rings: PolygonRings): number {
  const outer = rings[0];
  if (!outer || outer.length < 4) return 0;
  const meanLat = outer.reduce((s, p) => s + p[1], 0) / outer.length;
  const scale = KM_PER_DEGREE * KM_PER_DEGREE * Math.cos((meanLat * Math.PI) / 180);
  let area = Math.abs(signedArea2(outer)) / 2;
  for (const hole of rings.slice(1)) area -= Math.abs(signedArea2(hole)) / 2;
  return area * scale;
}

/** True when `point` lies inside the ring (even-odd rule). */
export function pointInRing(point: Position, ring: readonly Position[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
