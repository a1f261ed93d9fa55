/**
 * Where Vietnam's communes can be, in WGS84. Two boxes rather than one: the mainland with its
 * near-shore islands, and the East Sea (Biển Đông) archipelagos. Since 1 July 2025 the Hoàng Sa
 * (Paracel) and Trường Sa (Spratly) special zones (đặc khu) are commune-level units, so a national
 * file must accept them; one box spanning both would also accept points deep in Laos, Cambodia and
 * the Gulf of Thailand's far side, which is exactly the kind of error (a shifted or mis-projected
 * file) the check exists to catch.
 *
 * - Mainland and near-shore islands: lon 102.10–109.50, lat 8.30–23.45. The extremes are A Pa Chải
 *   (≈102.14 E), Mũi Đôi (≈109.46 E), Lũng Cú (≈23.39 N) and Hòn Khoai / Mũi Cà Mau (≈8.4–8.6 N);
 *   Phú Quốc, Thổ Chu, Côn Đảo and Bạch Long Vĩ fall inside.
 * - East Sea archipelagos: lon 109.50–117.90, lat 6.30–17.30: Hoàng Sa (≈111.2–112.9 E,
 *   15.7–17.1 N) and Trường Sa (≈111.5–117.9 E, 6.5–12 N).
 */
import type { Position } from "@ioc/core";

/** A lon/lat box: [west, south, east, north]. */
export type LonLatBox = readonly [number, number, number, number];

/** The boxes a Vietnamese boundary must lie in (see the module comment). */
export const VIETNAM_BOXES: readonly LonLatBox[] = [
  [102.1, 8.3, 109.5, 23.45],
  [109.5, 6.3, 117.9, 17.3],
];

/** True when `lon, lat` lies inside any of `boxes`. */
export function insideBoxes(lon: number, lat: number, boxes: readonly LonLatBox[] = VIETNAM_BOXES): boolean {
  for (const [w, s, e, n] of boxes) {
    if (lon >= w && lon <= e && lat >= s && lat <= n) return true;
  }
  return false;
}

/** True when the position lies inside Vietnam's boxes. */
export function insideVietnam(position: Position, boxes: readonly LonLatBox[] = VIETNAM_BOXES): boolean {
  return insideBoxes(position[0], position[1], boxes);
}
