/**
 * Times on the dashboard are read on the province's clock (Vietnam, UTC+7), whatever the time
 * zone of the screen showing them: a wall PC left on UTC must not say 00:41 for 07:41.
 */
/** The time zone every provincial deployment lives in. */
export const PROVINCE_TIME_ZONE = "Asia/Ho_Chi_Minh";

const DATE_TIME: Intl.DateTimeFormatOptions = {
  timeZone: PROVINCE_TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
};
const dateTime = {
  vi: new Intl.DateTimeFormat("vi-VN", DATE_TIME),
  en: new Intl.DateTimeFormat("en-GB", DATE_TIME),
};
const clock = new Intl.DateTimeFormat("vi-VN", {
  timeZone: PROVINCE_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Date and time, e.g. "07:41:29 23/11/2026" (vi) or "23/11/2026, 07:41:29" (en). */
export function formatDateTime(epochMs: number, lang: "vi" | "en"): string {
  return dateTime[lang].format(epochMs);
}

/** Time of day, "07:41:29". */
export function formatClock(epochMs: number): string {
  return clock.format(epochMs);
}

const fields = new Intl.DateTimeFormat("en-US", {
  timeZone: PROVINCE_TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
});

/** For uPlot's `tzDate`: a Date whose local fields read the province's clock. */
export function provinceDate(epochSeconds: number): Date {
  const p = Object.fromEntries(fields.formatToParts(epochSeconds * 1000).map((x) => [x.type, Number(x.value)]));
  return new Date(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
}

const date = new Intl.DateTimeFormat("vi-VN", {
  timeZone: PROVINCE_TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/** A province calendar date, "01/12/2026" (the same in both languages: day first). */
export function formatDate(epochMs: number): string {
  return date.format(epochMs);
}
