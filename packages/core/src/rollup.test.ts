import { describe, expect, it } from "vitest";
import { generateDemoProvince } from "./demo-province.js";
import { computeKpis, mergeRollup } from "./kpis.js";
import { latestByCommune } from "./latest-values.js";

describe("mergeRollup", () => {
  const province = generateDemoProvince();
  const commune = province.communes[0]?.code as string;
  const day = Date.parse("2026-11-21T17:00:00Z");
  const kpisOf = (v: number) =>
    computeKpis(
      province.communes,
      latestByCommune([{ province: "99", metric: "net.coverage_4g", values: { [commune]: { v, t: day, k: "k" } } }]),
      new Date(day),
    ).filter((k) => k.metric === "net.coverage_4g");

  it("replaces only the indicators recomputed, and is unchanged when they are equal", () => {
    const first = mergeRollup(undefined, "99", day, kpisOf(90));
    expect(first.changed).toBe(true);
    expect(first.next.kpis["net.coverage_4g"]?.value).toBe(90);
    expect(mergeRollup(first.next, "99", day, kpisOf(90)).changed).toBe(false);
    const [coverage] = kpisOf(70);
    if (!coverage) throw new Error("no coverage indicator");
    const other = { ...first.next, kpis: { ...first.next.kpis, "x.other": { ...coverage, metric: "x.other" } } };
    const second = mergeRollup(other, "99", day, kpisOf(80)).next;
    expect(second.kpis["net.coverage_4g"]?.value).toBe(80);
    expect(second.kpis["x.other"]).toBeDefined();
  });
});
