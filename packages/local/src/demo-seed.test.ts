/**
 * The demo's synthetic past on first start (issue 12): the map's default metric is loaded first (a
 * newcomer who opens the replay while the rest loads sees a coloured map), every metric follows,
 * and a second start finds it done and writes nothing.
 */
import {
  createMemoryHistoryStore,
  DEFAULT_METRIC_KEY,
  generateDemoProvince,
  type HistoryStore,
  METRICS,
} from "@ioc/core";
import { describe, expect, it } from "vitest";
import { ensureDemoHistory } from "./demo-seed.js";

describe("ensureDemoHistory", () => {
  it("loads the map's default metric first, then every other metric; a restart loads nothing", async () => {
    // Six of the demo's communes keep the two years of values small.
    const full = generateDemoProvince({ seed: 7 });
    const province = { ...full, communes: full.communes.slice(0, 6) };
    const memory = createMemoryHistoryStore();
    const order: string[] = [];
    const history: HistoryStore = {
      ...memory,
      async importRows(...args) {
        const metric = args[2][0]?.metric;
        if (metric && order[order.length - 1] !== metric) order.push(metric);
        return memory.importRows(...args);
      },
    };
    const deps = {
      registry: {
        getProvince: async (code: string) => (code === province.code ? province : undefined),
        provincesOf: async () => new Map<string, string>(),
      },
      legacyCodes: { getMany: async () => new Map() },
      history,
    };
    const now = Date.parse("2026-12-01T03:00:00Z");
    const first = await ensureDemoHistory(deps as never, province, () => now);
    expect(first.loaded).toBe(true);
    expect(order[0]).toBe(DEFAULT_METRIC_KEY);
    expect([...order].sort()).toEqual(METRICS.map((m) => m.key).sort());
    // The default metric has a value yesterday for every commune, so the replay's map is coloured.
    const yesterday = await memory.communeDay(province.code, DEFAULT_METRIC_KEY, Date.parse("2026-11-29T17:00:00Z"));
    expect(Object.keys(yesterday)).toHaveLength(province.communes.length);
    order.length = 0;
    const again = await ensureDemoHistory(deps as never, province, () => now + 3_600_000);
    expect(again).toMatchObject({ loaded: false, rows: 0 });
    expect(order).toEqual([]);
  });
});
