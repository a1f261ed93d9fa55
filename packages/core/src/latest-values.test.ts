import { describe, expect, it } from "vitest";
import {
  changedEntries,
  type LatestPanel,
  latestByCommune,
  mergeLatestPanel,
  type PanelReading,
  panelsToLatest,
} from "./latest-values.js";

const T = Date.parse("2026-11-22T08:00:00Z");
const r = (commune: string, value: number, observedAt: number, readingKey = `s/${value}`): PanelReading => ({
  commune,
  value,
  observedAt,
  readingKey,
});

describe("mergeLatestPanel", () => {
  it("keeps the newest value per commune, the reading key breaking ties, in any order", () => {
    const readings = [r("a", 1, T), r("a", 2, T + 1), r("b", 3, T, "s/x"), r("b", 4, T, "s/y")];
    const forward = mergeLatestPanel(undefined, "99", "m", readings).next;
    const backward = mergeLatestPanel(undefined, "99", "m", [...readings].reverse()).next;
    expect(forward).toEqual(backward);
    expect(forward.values).toEqual({ a: { v: 2, t: T + 1, k: "s/2" }, b: { v: 4, t: T, k: "s/y" } });
  });

  it("is unchanged by older or repeated readings", () => {
    const panel = mergeLatestPanel(undefined, "99", "m", [r("a", 2, T + 1)]).next;
    expect(mergeLatestPanel(panel, "99", "m", [r("a", 1, T), r("a", 2, T + 1)]).changed).toBe(false);
  });
});

describe("panel views", () => {
  const panel: LatestPanel = {
    province: "99",
    metric: "m",
    values: { a: { v: 1, t: T + 5, k: "k1" }, b: { v: 2, t: T, k: "k2" } },
  };

  it("lists the communes a change replaced, oldest observation first", () => {
    expect(changedEntries(undefined, panel.values).map(([c]) => c)).toEqual(["b", "a"]);
    expect(changedEntries({ b: { v: 2, t: T, k: "k2" } }, panel.values).map(([c]) => c)).toEqual(["a"]);
  });

  it("flattens panels to latest values and regroups them per commune", () => {
    expect(panelsToLatest([panel])).toContainEqual({
      province: "99",
      commune: "a",
      metric: "m",
      value: 1,
      observedAt: T + 5,
      readingKey: "k1",
    });
    expect(latestByCommune([panel]).get("b")?.get("m")).toEqual({ value: 2, observedAt: T });
  });
});
