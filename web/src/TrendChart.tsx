/**
 * A time chart drawn by uPlot (canvas, about 50 KB): the actual values and, where given, the path
 * to the target as a dashed line beside them (issue 12). One reading is drawn as a point. Axes
 * read the province's clock and the current language's numbers; the chart has a text twin.
 */
import { createMemo, onCleanup, onMount } from "solid-js";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatNumber, formatValue, lang } from "./i18n.js";
import { formatDate, provinceDate } from "./time-format.js";

/** The colours of the two lines; the path is also dashed, so it never relies on colour alone. */
export const ACTUAL_COLOUR = "#0f4c81";
export const PATH_COLOUR = "#b45309";

/** uPlot's aligned data: x (epoch seconds), the values, the path (null where it has none). */
export function chartData(points: ReadonlyArray<readonly [number, number]>, path?: ReadonlyArray<number | null>) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return (path ? [xs, ys, [...path]] : [xs, ys]) as uPlot.AlignedData;
}

/** x-axis labels: hours within a day, days within a month or two, months beyond. */
export function timeTicks(splits: readonly number[], increment: number): string[] {
  return splits.map((s) => {
    const d = provinceDate(s);
    if (increment >= 28 * 86_400) return `${d.getMonth() + 1}/${d.getFullYear()}`;
    if (increment >= 86_400) return `${d.getDate()}/${d.getMonth() + 1}`;
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  });
}

/** The chart in words, for those who cannot see it: the span, first and last value, the extremes, the path. */
export function describeTrend(
  points: ReadonlyArray<readonly [number, number]>,
  unit: string | undefined,
  pathAtEnd?: number,
): string {
  const vi = lang() === "vi";
  if (points.length === 0) return vi ? "Chưa có dữ liệu." : "No data.";
  const first = points[0] as readonly [number, number];
  const last = points[points.length - 1] as readonly [number, number];
  const path =
    pathAtEnd === undefined
      ? ""
      : vi
        ? ` Lộ trình đến mục tiêu: ${formatValue(pathAtEnd, unit)}.`
        : ` The path to the target: ${formatValue(pathAtEnd, unit)}.`;
  if (points.length === 1)
    return vi
      ? `Một số đo, ngày ${formatDate(first[0] * 1000)}: ${formatValue(first[1], unit)}.${path}`
      : `One reading, on ${formatDate(first[0] * 1000)}: ${formatValue(first[1], unit)}.${path}`;
  const values = points.map((p) => p[1]);
  const min = formatValue(Math.min(...values), unit);
  const max = formatValue(Math.max(...values), unit);
  const from = formatDate(first[0] * 1000);
  const to = formatDate(last[0] * 1000);
  return vi
    ? `Từ ${from} đến ${to}: từ ${formatValue(first[1], unit)} đến ${formatValue(last[1], unit)} (thấp nhất ${min}, cao nhất ${max}).${path}`
    : `From ${from} to ${to}: from ${formatValue(first[1], unit)} to ${formatValue(last[1], unit)} (lowest ${min}, highest ${max}).${path}`;
}

/** The chart; it is drawn once per set of points (wrap it in a keyed `Show` to redraw). */
export function TrendChart(props: {
  points: ReadonlyArray<readonly [number, number]>;
  /** The path's value at each point's x, when the chart shows a target. */
  path?: ReadonlyArray<number | null> | undefined;
  /** What is measured, with its unit: the chart's name. */
  label: string;
  unit?: string | undefined;
  /** The path line's name in the key. */
  pathLabel?: string;
  height?: number;
  testid?: string;
}) {
  let host!: HTMLDivElement;
  let chart: uPlot | undefined;
  const description = createMemo(() => {
    const end = props.path?.[props.path.length - 1];
    return describeTrend(props.points, props.unit, end ?? undefined);
  });
  let disposed = false;
  let observer: ResizeObserver | undefined;
  // uPlot is loaded with the first chart opened: the map's first paint does not wait for it (and a
  // test DOM without matchMedia, which uPlot reads on load, still gets the text twin).
  onMount(async () => {
    let UPlot: typeof uPlot;
    try {
      UPlot = (await import("uplot")).default;
    } catch {
      return;
    }
    if (disposed) return;
    const single = props.points.length === 1;
    const series: uPlot.Series[] = [
      {},
      {
        label: props.label,
        stroke: ACTUAL_COLOUR,
        width: 2,
        fill: "rgba(15,76,129,0.10)",
        // A lone reading has no line to draw: its point is the chart.
        points: { show: single || props.points.length <= 60, size: single ? 8 : 4, fill: ACTUAL_COLOUR },
        value: (_u, v) => (v == null ? "—" : formatNumber(v)),
      },
    ];
    if (props.path)
      series.push({
        label: props.pathLabel ?? "",
        stroke: PATH_COLOUR,
        width: 2,
        dash: [6, 4],
        points: { show: false },
        value: (_u, v) => (v == null ? "—" : formatNumber(v)),
      });
    const width = Math.max(200, Math.floor(host.clientWidth || 300));
    try {
      chart = new UPlot(
        {
          width,
          height: props.height ?? 120,
          legend: { show: false },
          cursor: { show: false },
          select: { show: false, left: 0, top: 0, width: 0, height: 0 },
          scales: {
            x: {
              time: true,
              // One reading: half a day either side, so the point stands in the middle of a day.
              range: (_u, min, max) => (min === max ? [min - 43_200, max + 43_200] : [min, max]),
            },
          },
          tzDate: provinceDate,
          axes: [
            {
              size: 22,
              font: "10px system-ui",
              gap: 2,
              ticks: { show: false },
              values: (_u, splits, _axis, _space, increment) => timeTicks(splits, increment),
            },
            {
              size: 40,
              font: "10px system-ui",
              gap: 2,
              ticks: { show: false },
              values: (_u, splits) => splits.map((s) => formatNumber(s)),
            },
          ],
          series,
        },
        chartData(props.points, props.path),
        host,
      );
    } catch {
      // No canvas (a test's DOM): the text twin still says everything the chart would.
    }
    if (typeof ResizeObserver !== "undefined") {
      observer = new ResizeObserver(() => {
        const w = Math.floor(host.clientWidth);
        if (chart && w > 0 && Math.abs(w - chart.width) > 4) chart.setSize({ width: w, height: chart.height });
      });
      observer.observe(host);
    }
  });
  onCleanup(() => {
    disposed = true;
    observer?.disconnect();
    chart?.destroy();
  });
  return (
    <figure class="trend-chart" data-testid={props.testid ?? "trend-chart"} data-points={props.points.length}>
      <div ref={host} class="trend-canvas" role="img" aria-label={`${props.label}. ${description()}`} />
      <figcaption class="sr-only" data-testid="trend-text">
        {description()}
      </figcaption>
    </figure>
  );
}
