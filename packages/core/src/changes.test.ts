import { describe, expect, it } from "vitest";
import type { Alert } from "./alerts.js";
import { computeChanges, lastHourMeans, median } from "./changes.js";
import { findMetric, type MetricDefinition } from "./metrics.js";

const m4g = findMetric("net.coverage_4g") as MetricDefinition;
const bts = findMetric("net.bts_down") as MetricDefinition;
const apps = findMetric("gov.online_applications") as MetricDefinition;
const NOW = Date.UTC(2026, 11, 1, 5);
const FROM = NOW - 86_400_000;

const alert = (id: string, over: Partial<Alert>): Alert => ({
  id,
  ruleId: "bts-down",
  severity: "critical",
  status: "open",
  province: "99",
  commune: "99001",
  metric: "net.bts_down",
  message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
  openedAt: NOW - 3_600_000,
  lastSeenAt: NOW,
  occurrences: 1,
  escalated: false,
  history: [],
  ...over,
});

describe("what changed", () => {
  it("ranks indicator and commune moves by size across units, telling good news from bad", () => {
    const changes = computeChanges({
      since: "day",
      from: FROM,
      to: NOW,
      metrics: [m4g, bts, apps],
      kpisBefore: new Map([
        ["net.coverage_4g", 90],
        ["net.bts_down", 2],
        ["gov.online_applications", 1000],
      ]),
      kpisNow: new Map([
        ["net.coverage_4g", 92],
        ["net.bts_down", 2],
        ["gov.online_applications", 1100],
      ]),
      communes: [
        { code: "99001", name: "Hòa Vang" },
        { code: "99002", name: "Phước Sơn" },
      ],
      communesBefore: new Map([
        ["99001", new Map([["net.coverage_4g", 80]])],
        ["99002", new Map([["net.bts_down", 0]])],
      ]),
      communesNow: new Map([
        ["99001", new Map([["net.coverage_4g", 75]])],
        ["99002", new Map([["net.bts_down", 3]])],
      ]),
      alerts: [
        alert("a", {}),
        alert("b", { status: "resolved", openedAt: NOW - 3 * 86_400_000, resolvedAt: NOW - 60_000 }),
        alert("c", { openedAt: NOW - 5 * 86_400_000 }),
      ],
    });
    // +100 applications on 1,000 is 10 %, +2 points of 4G is 2 %; the unmoved BTS count is left out.
    expect(changes.kpis.map((k) => [k.metric, k.delta, k.better])).toEqual([
      ["gov.online_applications", 100, true],
      ["net.coverage_4g", 2, true],
    ]);
    expect(changes.communes.map((c) => [c.name, c.metric, c.delta, c.better])).toEqual([
      ["Phước Sơn", "net.bts_down", 3, false],
      ["Hòa Vang", "net.coverage_4g", -5, false],
    ]);
    expect(changes.alerts.opened.map((a) => a.id)).toEqual(["a"]);
    expect(changes.alerts.resolved.map((a) => [a.id, a.at])).toEqual([["b", NOW - 60_000]]);
  });

  it("reads a commune's value of a day from its last hour with readings", () => {
    expect(
      lastHourMeans({
        "99001": { "3": [2, 150, 70, 80], "9": [1, 90, 90, 90] },
        "99002": { "1": [0, 0, 0, 0] },
      }),
    ).toEqual(new Map([["99001", 90]]));
  });

  it("takes medians", () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
