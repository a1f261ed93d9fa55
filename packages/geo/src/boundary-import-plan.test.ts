import { describe, expect, it } from "vitest";
import { planBoundaryImport, ringOfProblem, summariseChange } from "./boundary-import-plan.js";
import { blockOfFour } from "./test-support.js";

const none = { getProvince: async () => undefined };

describe("the boundary import plan", () => {
  it("needs a name for a province not stored, and diffs against the stored one", async () => {
    const file = blockOfFour();
    expect(await planBoundaryImport(file, none)).toMatchObject({ ok: false, reason: "name-missing", province: "49" });
    const first = await planBoundaryImport(file, none, { provinceName: " Tỉnh Thử " });
    if (!first.ok) throw new Error(first.reason);
    expect(first.province).toMatchObject({ code: "49", name: "Tỉnh Thử", synthetic: false });
    expect(first.diff.added).toHaveLength(4);

    const stored = { getProvince: async () => first.province };
    const grown = blockOfFour();
    const props = grown.features[0]?.properties as Record<string, unknown>;
    props.population = 9999;
    const second = await planBoundaryImport(grown, stored);
    if (!second.ok) throw new Error(second.reason);
    expect(second.province.name).toBe("Tỉnh Thử");
    expect(second.diff).toMatchObject({ added: [], removed: [], unchanged: 3 });
    const change = summariseChange(second.diff.changed[0] as never);
    expect(change).toMatchObject({ code: "49001", fields: ["population"], areaChangePercent: 0 });
    expect(change.verticesBefore).toBe(change.verticesAfter);
  });

  it("says whether the repair would help a refused file", async () => {
    const file = blockOfFour();
    const ring = ((file.features[3] as { geometry: unknown }).geometry as { coordinates: number[][][] })
      .coordinates[0] as number[][];
    // Swap two corners: the ring crosses itself.
    [ring[2], ring[4]] = [ring[4] as number[], ring[2] as number[]];
    const plan = await planBoundaryImport(file, none, { provinceName: "Tỉnh Thử" });
    expect(plan).toMatchObject({ ok: false, reason: "invalid", repairable: true });
  });

  it("reads the polygon and ring from a problem's path", () => {
    expect(ringOfProblem({ path: "features[3].geometry.coordinates[0][5]" }, false)).toEqual({ polygon: 0, ring: 0 });
    expect(ringOfProblem({ path: "features[3].geometry.coordinates[2][1]" }, true)).toEqual({ polygon: 2, ring: 1 });
    expect(ringOfProblem({ path: "features[3].properties.code" }, false)).toBeNull();
  });
});
