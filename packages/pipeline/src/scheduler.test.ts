import { type AlertRule, DEFAULT_ALERT_RULES, type Source } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createMemoryStateStore } from "./memory-state-store.js";
import { runScheduledChecks } from "./scheduler.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const silentSince = NOW - 3_600_000;
const source = (id: string, provinceCode: string): Source => ({
  id,
  name: id,
  provinceCode,
  metricPrefixes: [""],
  cadenceSeconds: 60,
  rateLimitPerMinute: 600,
  createdAt: silentSince,
});
const feedSilent = DEFAULT_ALERT_RULES.find((r) => r.id === "feed-silent") as AlertRule;

describe("the scheduled checks, per province", () => {
  it("judges each province's feeds by its own rules only", async () => {
    const state = createMemoryStateStore();
    // Province 48 switched the silent-feed template off; 99 keeps it; 01 has a stricter rule of 48's
    // by mistake in its list, which must not apply there.
    const byProvince: Record<string, AlertRule[]> = {
      "48": [{ ...feedSilent, province: "48", enabled: false }],
      "99": [feedSilent],
      "01": [{ ...feedSilent, id: "feed-silent-48", province: "48" }],
    };
    const report = await runScheduledChecks({
      state,
      sources: { listSources: async () => [source("a", "48"), source("b", "99"), source("c", "01")] },
      rules: { listFor: async (province) => byProvince[province] ?? [] },
      clock: () => NOW,
    });
    expect(report.silentSources).toEqual(["b"]);
    expect([...state.alerts.keys()]).toEqual(["99|feed-silent:b"]);
  });
});
