/**
 * A small line chart of a commune's series, drawn by uPlot (about 50 KB, canvas, no fonts fetched).
 */
import { onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { provinceDate } from "./time-format.js";

/** A sparkline of `points` (epoch seconds, values); redrawn when the points change. */
export function Sparkline(props: { points: Array<[number, number]>; label: string; width?: number; height?: number }) {
  let host!: HTMLDivElement;
  let chart: uPlot | undefined;
  onMount(() => {
    const data: uPlot.AlignedData = [props.points.map((p) => p[0]), props.points.map((p) => p[1])];
    chart = new uPlot(
      {
        width: props.width ?? 300,
        height: props.height ?? 90,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: true } },
        // Ticks on the province's hours and days, not the screen's.
        tzDate: provinceDate,
        axes: [
          {
            show: true,
            size: 22,
            font: "10px system-ui",
            gap: 2,
            ticks: { show: false },
            // Vietnamese clock and dates (uPlot's defaults are US English, "6pm", "11/22").
            values: (_u, splits, _axis, _space, increment) =>
              splits.map((s) => {
                const d = provinceDate(s);
                return increment >= 86_400
                  ? `${d.getDate()}/${d.getMonth() + 1}`
                  : `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
              }),
          },
          { show: true, size: 34, font: "10px system-ui", gap: 2, ticks: { show: false } },
        ],
        series: [{}, { label: props.label, stroke: "#0f4c81", width: 2, fill: "rgba(15,76,129,0.12)" }],
      },
      data,
      host,
    );
  });
  onCleanup(() => chart?.destroy());
  return <div class="sparkline" ref={host} role="img" aria-label={props.label} data-testid="sparkline" />;
}
