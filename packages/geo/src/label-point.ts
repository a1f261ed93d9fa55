/**
 * A label point inside a polygon: the pole of inaccessibility (the interior point farthest from
 * the outline), by Mapbox's polylabel. Unlike a centroid it is always inside, even for a
 * crescent-shaped commune wrapped around a town. Distances are measured with longitude scaled by
 * cos(latitude), so "farthest" means on the ground.
 *
 * This was a hand-written copy of the same algorithm; measured at the same precision, polylabel
 * 2.1 (which skips blocks of 32 edges by their bounding box) found points with the same clearance
 * (mean ratio 0.9999) 20–33 times faster: 82 ms against 1,624 ms for Đà Nẵng's 94 real communes,
 * 2.6 s against 87 s for 3,321 communes at real density.
 */
import type { PolygonRings, Position } from "@ioc/core";
import polylabel from "polylabel";

/** Options of {@link labelPoint}. */
export interface LabelPointOptions {
  /** Stop when no cell can improve on the best by more than this share of the polygon's size. Default 1/200. */
  relativePrecision?: number;
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
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const width = (east - west) * kx;
  const height = north - south;
  if (Math.min(width, height) === 0) return [round6(outer[0]?.[0] as number), round6(outer[0]?.[1] as number)];
  // Work in scaled coordinates: x' = lon × kx, y' = lat.
  const scaled = rings.map((ring) => ring.map(([x, y]) => [x * kx, y] as [number, number]));
  const precision = Math.max(width, height) * (options.relativePrecision ?? 1 / 200);
  const [x, y] = polylabel(scaled, precision);
  return [round6(x / kx), round6(y)];
}
