/**
 * An in-memory `HistoryStore` for tests (a fake of the port, never of DynamoDB), built on the same
 * pure merges as the DynamoDB store, so a route or a projection can be tested without a table.
 */
import {
  type CommuneDayBucket,
  communeDayBucket,
  communeDayValues,
  type DayValues,
  type HistoryPoint,
  mergeImportedDay,
  mergeProvinceMonth,
  monthOf,
  monthsBetween,
  type ProvinceMonth,
  pointsOfMonth,
  provinceDayValue,
} from "./history.js";
import type { HistoryStore } from "./ports.js";
import { vnDayStart } from "./time.js";

/** The fake and what it holds, for assertions. */
export interface MemoryHistoryStore extends HistoryStore {
  readonly days: Map<string, DayValues>;
  readonly months: Map<string, ProvinceMonth>;
}

/** A fresh, empty in-memory history. */
export function createMemoryHistoryStore(): MemoryHistoryStore {
  const days = new Map<string, DayValues>();
  const months = new Map<string, ProvinceMonth>();
  return {
    days,
    months,
    async provinceDays(province, metric, fromDay, toDay) {
      return monthsBetween(fromDay, toDay).flatMap((m) => {
        const month = months.get(`${province}|${m}`);
        return month ? pointsOfMonth(month, metric, fromDay, toDay) : [];
      });
    },
    async communeDay(province, metric, dayStart) {
      const day = days.get(`${province}|${metric}|${dayStart}`);
      return day ? communeDayValues(day) : {};
    },
    async communeDays(province, metric, commune, fromDay, toDay) {
      const out: CommuneDayBucket[] = [];
      for (const day of days.values()) {
        if (day.province !== province || day.metric !== metric) continue;
        if (day.dayStart < fromDay || day.dayStart > toDay) continue;
        const bucket = communeDayBucket(day, commune);
        if (bucket) out.push(bucket);
      }
      return out.sort((a, b) => a.dayStart - b.dayStart);
    },
    async importRows(province, communes, rows, source) {
      const groups = new Map<
        string,
        { metric: string; dayStart: number; rows: Array<{ commune: string; value: number }> }
      >();
      for (const r of rows) {
        const dayStart = vnDayStart(r.observedAt);
        const id = `${province}|${r.metric}|${dayStart}`;
        const g = groups.get(id) ?? { metric: r.metric, dayStart, rows: [] };
        groups.set(id, g);
        g.rows.push({ commune: r.commune, value: r.value });
      }
      const points: Array<{ metric: string; dayStart: number; point: Omit<HistoryPoint, "t"> | undefined }> = [];
      for (const [id, g] of groups) {
        const { next } = mergeImportedDay(
          days.get(id),
          { province, metric: g.metric, dayStart: g.dayStart },
          g.rows,
          source,
        );
        days.set(id, next);
        points.push({ metric: g.metric, dayStart: g.dayStart, point: provinceDayValue(next, communes) });
      }
      for (const p of points) {
        const { month } = monthOf(p.dayStart);
        const id = `${province}|${month}`;
        months.set(id, mergeProvinceMonth(months.get(id), province, month, [p]).next);
      }
      return { days: groups.size, values: rows.length };
    },
  };
}
