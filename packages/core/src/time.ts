/** Time in Vietnam (UTC+7, no daylight saving): daily statistics follow the day staff live in. */

/** One hour in ms. */
export const HOUR_MS = 3_600_000;
const HOUR = HOUR_MS;
const VN_OFFSET = 7 * HOUR;

/** The start (epoch ms) of the Vietnamese day containing `t`. */
export function vnDayStart(t: number): number {
  return Math.floor((t + VN_OFFSET) / 86_400_000) * 86_400_000 - VN_OFFSET;
}

/** The start (epoch ms) of the hour containing `t`. */
export function hourStart(t: number): number {
  return Math.floor(t / HOUR) * HOUR;
}
