/**
 * Why a KPI card says what it says (issue 14): its value, its target and year, and where the
 * straight path from the baseline to the target puts it today — the rule core's `statusOf` applies.
 */
import type { KpiWithTrend } from "@ioc/client";
import { findMetric } from "@ioc/core";
import { formatValue, lang } from "./i18n.js";

/** The year the paths start from; core's `statusOf` default. */
export const BASELINE_YEAR = 2025;

/**
 * The value the path expects today: attainment rises from 70 % at the baseline to 100 % in the
 * target year (core `statusOf`), so a higher-is-better target × that share, a lower-is-better one
 * ÷ it. Undefined without a target.
 */
export function expectedToday(kpi: KpiWithTrend, now: Date, baselineYear = BASELINE_YEAR): number | undefined {
  if (!kpi.target) return undefined;
  const span = Math.max(1, kpi.target.year - baselineYear);
  const elapsed = Math.min(1, Math.max(0, (now.getUTCFullYear() + now.getUTCMonth() / 12 - baselineYear) / span));
  const share = 0.7 + 0.3 * elapsed;
  const lowerIsBetter = findMetric(kpi.metric)?.direction === "lower_is_better";
  return lowerIsBetter ? kpi.target.value / share : kpi.target.value * share;
}

/** The status sentence in the current language: "Chậm tiến độ: đạt 41 %, mục tiêu 80 % năm 2030; …". */
export function storySentence(kpi: KpiWithTrend, now: Date): string {
  // The server judged the indicator against the province's own path and its trend: its sentence wins.
  if (kpi.path && kpi.value !== undefined) return kpi.path.sentence[lang()];
  const vi = lang() === "vi";
  const value = kpi.value === undefined ? undefined : formatValue(kpi.value, kpi.unit);
  if (value === undefined) return vi ? "Chưa có xã nào báo cáo chỉ số này." : "No commune has reported this yet.";
  if (!kpi.target) return vi ? `Hiện đạt ${value}; chỉ số này không có mục tiêu.` : `Now ${value}; no target.`;
  const target = formatValue(kpi.target.value, kpi.unit);
  const year = kpi.target.year;
  if ((kpi.attainment ?? 0) >= 1)
    return vi
      ? `Đúng tiến độ: hiện đạt ${value}, đã đạt mục tiêu ${target} của năm ${year}.`
      : `On track: now ${value}, already at the target of ${target} for ${year}.`;
  const expected = expectedToday(kpi, now);
  const path = expected === undefined ? "" : formatValue(expected, kpi.unit);
  const verdict = {
    "on-track": { vi: "Đúng tiến độ", en: "On track", viWhy: "không thấp hơn", enWhy: "at or ahead of" },
    "at-risk": { vi: "Có nguy cơ chậm", en: "At risk", viWhy: "hơi chậm so với", enWhy: "just behind" },
    "off-track": { vi: "Chậm tiến độ", en: "Off track", viWhy: "chậm xa so với", enWhy: "well behind" },
  }[kpi.status as "on-track" | "at-risk" | "off-track"];
  if (!verdict)
    return vi ? `Hiện đạt ${value}, mục tiêu ${target} năm ${year}.` : `Now ${value}, target ${target} by ${year}.`;
  return vi
    ? `${verdict.vi}: hiện đạt ${value}, mục tiêu ${target} vào năm ${year}; theo lộ trình, hôm nay cần khoảng ${path} — ${verdict.viWhy} lộ trình.`
    : `${verdict.en}: now ${value}, target ${target} by ${year}; on the path, today calls for about ${path} — ${verdict.enWhy} the path.`;
}
