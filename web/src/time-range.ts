/**
 * The one time range the panels that show time share (issue 12): the KPI trend, the commune chart
 * and the map's playback all read it, so choosing "90 ngày" in one is seen in the others.
 */
import { createSignal } from "solid-js";
import { PROVINCE_TIME_ZONE } from "./time-format.js";

/** The ranges a user picks from. */
export const RANGES = ["7d", "30d", "90d", "1y", "all"] as const;
/** One of `RANGES`. */
export type RangeKey = (typeof RANGES)[number];

const DAY_MS = 86_400_000;
/**
 * How far back "all" reaches, in days. Daily history lasts a resolution's term (5 years); the
 * commune series route answers at most 1,000 points, so a commune's "all" stops at 999 days.
 */
export const ALL_DAYS = 5 * 366;
const DAYS: Record<RangeKey, number> = { "7d": 7, "30d": 30, "90d": 90, "1y": 365, all: ALL_DAYS };

const [range, setRange] = createSignal<RangeKey>("30d");

/** The shared range (30 days to begin with) and its setter. */
export { range, setRange };

/** How many days a range spans, today included. */
export function rangeDays(key: RangeKey): number {
  return DAYS[key];
}

/** Where a range starts: `days` days before `now`, as an instant. */
export function rangeStart(key: RangeKey, now: number): number {
  return now - rangeDays(key) * DAY_MS;
}

/** The bucket a range is read in: hour by hour for a week (168 points), day by day beyond. */
export function rangeStep(key: RangeKey): "1h" | "1d" {
  return key === "7d" ? "1h" : "1d";
}

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: PROVINCE_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The province's calendar day of an instant, "YYYY-MM-DD" (a day starts at 00:00 in Vietnam). */
export function provinceDay(epochMs: number): string {
  return dayFormat.format(epochMs);
}

/** The instant a province day starts (00:00 UTC+7; Vietnam keeps no summer time). */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

/**
 * The province days of a range, oldest first, ending with today; at most `cap` of them (a
 * playback over "all" replays the last `cap` days rather than thousands).
 */
export function daysOf(key: RangeKey, now: number, cap = rangeDays(key)): string[] {
  const count = Math.min(rangeDays(key), cap);
  const today = dayStart(provinceDay(now));
  const out: string[] = [];
  for (let k = count - 1; k >= 0; k--) out.push(provinceDay(today - k * DAY_MS + DAY_MS / 2));
  return out;
}
