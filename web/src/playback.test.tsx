import type { KpiWithTrend } from "@ioc/client";
import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import type { DayValues, HistoryClient } from "./history-client.js";
import { kpiAsOf } from "./kpi-replay.js";
import { createPlayback } from "./playback.js";
import type { RangeKey } from "./time-range.js";

const NOW = Date.parse("2026-12-01T05:00:00Z");

/** A history whose day values are the day of the month, answered when `release()` is called. */
function fakeHistory() {
  const asked: string[] = [];
  const waiting: Array<() => void> = [];
  const history: HistoryClient = {
    provinceTrend: async () => ({ province: "99", metric: "m", resolution: "day", from: "", to: "", points: [] }),
    dayValues: ({ date, metric }) => {
      asked.push(date);
      return new Promise<DayValues>((resolve) =>
        waiting.push(() =>
          resolve({
            province: "99",
            metric,
            date,
            values: { "00001": { value: Number(date.slice(8)), source: "synthetic" } },
          }),
        ),
      );
    },
  };
  const release = async () => {
    for (const go of waiting.splice(0)) go();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { history, asked, release };
}

function setup(key: RangeKey = "7d") {
  const fake = fakeHistory();
  const timers: Array<() => void> = [];
  let resumed = 0;
  const [range] = createSignal<RangeKey>(key);
  const playback = createRoot(() =>
    createPlayback({
      history: fake.history,
      province: () => "99",
      metric: () => "net.coverage_4g",
      range,
      now: () => NOW,
      onResume: () => resumed++,
      setTimer: (run) => timers.push(run),
      clearTimer: () => undefined,
    }),
  );
  const fire = () => timers.shift()?.();
  return { ...fake, playback, fire, timers, resumed: () => resumed };
}

describe("playback", () => {
  it("opens paused on the range's first day and fetches days ahead, four at a time", async () => {
    const { playback, asked, release } = setup();
    playback.open();
    expect(playback.active()).toBe(true);
    expect(playback.playing()).toBe(false);
    expect(playback.days()).toHaveLength(7);
    expect(playback.day()).toBe("2026-11-25");
    expect(asked).toEqual(["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"]);
    expect(playback.waiting()).toBe(true);
    await release();
    expect(playback.values()?.get("00001")).toBe(25);
    expect(asked).toHaveLength(7);
  });

  it("plays a day per tick, waits for a day still on its way, and stops on the last day", async () => {
    const { playback, release, fire } = setup();
    playback.play();
    await release();
    await release();
    for (let k = 0; k < 10; k++) fire();
    expect(playback.day()).toBe("2026-12-01");
    expect(playback.playing()).toBe(false);
    expect(playback.steps()).toBe(6);
  });

  it("steps a day either way within the range, and returns to live with a refetch", async () => {
    const { playback, release, resumed } = setup();
    playback.open();
    await release();
    playback.step(-1);
    expect(playback.index()).toBe(0);
    playback.step(1);
    expect(playback.day()).toBe("2026-11-26");
    playback.seek(99);
    expect(playback.day()).toBe("2026-12-01");
    playback.close();
    expect(playback.active()).toBe(false);
    expect(resumed()).toBe(1);
  });
});

describe("a KPI as of a replayed day", () => {
  const kpi: KpiWithTrend = {
    metric: "net.coverage_4g",
    label: { vi: "Phủ sóng 4G", en: "4G coverage" },
    unit: "%",
    value: 99,
    reporting: 10,
    communes: 10,
    target: { value: 100, year: 2030 } as KpiWithTrend["target"],
    attainment: 0.99,
    status: "on-track",
    trend: { delta7d: 1 },
    lagging: [],
  };

  it("takes the day's value, its change over the week before and the status then", () => {
    const values = new Map([
      ["2026-11-20", 50],
      ["2026-11-27", 55],
    ]);
    const then = kpiAsOf(kpi, "2026-11-27", values);
    expect(then.value).toBe(55);
    expect(then.trend?.delta7d).toBe(5);
    expect(then.attainment).toBeCloseTo(0.55);
    expect(then.status).toBe("off-track");
    const none = kpiAsOf(kpi, "2026-11-10", values);
    expect(none.value).toBeUndefined();
    expect(none.status).toBe("no-data");
  });
});
