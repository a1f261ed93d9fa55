import { describe, expect, it } from "vitest";
import { readFilters, writeFilters } from "./PlanningView.js";

describe("planning filters in the share link", () => {
  it("round-trips every filter through the address, and drops the ones set to any", () => {
    const params = new URLSearchParams("view=planning&scenario=s1");
    writeFilters(params, { terrain: "mountainous", border: "true", disadvantaged: "false", minPopulation: 5000 });
    expect(readFilters(`?${params}`)).toEqual({
      terrain: "mountainous",
      border: "true",
      disadvantaged: "false",
      minPopulation: 5000,
    });
    expect(params.get("scenario")).toBe("s1");
    writeFilters(params, { terrain: "", border: "", disadvantaged: "", minPopulation: undefined });
    expect(params.toString()).toBe("view=planning&scenario=s1");
  });

  it("ignores values it does not know", () => {
    expect(readFilters("?terrain=moon&border=maybe&minPopulation=-3")).toEqual({
      terrain: "",
      border: "",
      disadvantaged: "",
      minPopulation: undefined,
    });
  });
});
