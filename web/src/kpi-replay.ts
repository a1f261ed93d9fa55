/**
 * The KPI strip during a replay (issue 12): each card's value, status and weekly change as of the
 * replayed day, from the province's daily trend, judged by the same rule as live (core's
 * `attainment`, and the path's value that day as the cards' own path judges it, without the trend).
 */
import type { KpiWithTrend } from "@ioc/client";
import { attainment, findMetric, type KpiStatus } from "@ioc/core";
import { createMemo, createResource } from "solid-js";
import type { HistoryClient, ProvinceTrend } from "./history-client.js";
import type { Playback } from "./playback.js";
import { pathValueAt } from "./target-path.js";
import { dayStart, provinceDay } from "./time-range.js";

const DAY_MS = 86_400_000;

/** Province day → value, from a daily trend. */
export function byDay(trend: ProvinceTrend): Map<string, number> {
  return new Map(trend.points.map((p) => [p.date ?? provinceDay(Date.parse(p.t) + DAY_MS / 2), p.value]));
}

/**
 * On the path when at or ahead of it (or at the target); within 10 % of it "at risk"; else "off
 * track" — the path's rule without a trend (core target-paths), on attainments so that
 * lower-is-better metrics read the same way.
 */
export function statusOnPath(att: number, expectedAtt: number): KpiStatus {
  if (att >= 1 || att >= expectedAtt) return "on-track";
  return att >= expectedAtt * 0.9 ? "at-risk" : "off-track";
}

/** A KPI as it stood on `day`, given the province's daily values; "no-data" when the day has none. */
export function kpiAsOf(kpi: KpiWithTrend, day: string, values: ReadonlyMap<string, number>): KpiWithTrend {
  const value = values.get(day);
  const weekBefore = values.get(provinceDay(dayStart(day) - 7 * DAY_MS + DAY_MS / 2));
  const { trend: _live, value: _now, attainment: _att, ...rest } = kpi;
  if (value === undefined) return { ...rest, status: kpi.target ? "no-data" : "no-target" };
  const metric = findMetric(kpi.metric);
  const out: KpiWithTrend = { ...rest, value, status: kpi.status };
  if (weekBefore !== undefined) out.trend = { delta7d: value - weekBefore };
  if (kpi.target && metric) {
    const att = attainment(metric, value, kpi.target.value);
    out.attainment = att;
    const expected = pathValueAt(kpi, dayStart(day) + DAY_MS / 2);
    out.status =
      expected === undefined ? kpi.status : statusOnPath(att, attainment(metric, expected, kpi.target.value));
  }
  return out;
}

/** The cards to show: live ones, or while replaying the same cards as of the replayed day. */
export function useReplayedKpis(
  kpis: () => KpiWithTrend[],
  playback: Playback | undefined,
  history: HistoryClient | undefined,
  province: () => string | undefined,
): () => KpiWithTrend[] {
  const [trends] = createResource(
    () => {
      const days = playback?.active() ? playback.days() : [];
      if (!history || days.length === 0) return undefined;
      return { metrics: kpis().map((k) => k.metric), from: days[0] as string };
    },
    async ({ metrics, from }) => {
      const client = history as HistoryClient;
      const answers = await Promise.all(
        metrics.map((metric) =>
          client
            .provinceTrend({
              province: province(),
              metric,
              from: provinceDay(dayStart(from) - 7 * DAY_MS + DAY_MS / 2),
              resolution: "day",
            })
            .then((trend) => [metric, byDay(trend)] as const)
            .catch(() => [metric, new Map<string, number>()] as const),
        ),
      );
      return new Map(answers);
    },
  );
  return createMemo(() => {
    const day = playback?.active() ? playback.day() : undefined;
    const series = trends.latest;
    if (!day || !series) return kpis();
    return kpis().map((k) => kpiAsOf(k, day, series.get(k.metric) ?? new Map()));
  });
}
