import { type Commune, generateDemoProvince } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { diffRegistry } from "./registry-diff.js";

const communes = generateDemoProvince().communes.slice(0, 5);

describe("diffRegistry", () => {
  it("reports added, removed and changed communes field by field", () => {
    const [a, b, c, d, e] = communes as [Commune, Commune, Commune, Commune, Commune];
    const renamed: Commune = { ...b, name: `${b.name} Mới`, population: b.population + 1 };
    const reshaped: Commune = {
      ...c,
      areaKm2: c.areaKm2 * 1.1,
      geometry: { type: "Polygon", coordinates: [[...(c.geometry.coordinates[0] ?? [])].reverse()] },
    };
    const slightlyDifferentArea: Commune = { ...d, areaKm2: d.areaKm2 * 1.0001 };
    const added: Commune = { ...e, code: "99999", name: "Xã Mới" };
    const diff = diffRegistry([a, b, c, d, e], [added, reshaped, renamed, a, slightlyDifferentArea]);
    expect(diff.added.map((x) => x.code)).toEqual(["99999"]);
    expect(diff.removed.map((x) => x.code)).toEqual([e.code]);
    expect(diff.changed.map((x) => [x.code, x.fields])).toEqual([
      [b.code, ["name", "population"]],
      [c.code, ["areaKm2", "geometry"]],
    ]);
    expect(diff.unchanged).toBe(2);
    expect(diffRegistry(communes, communes)).toEqual({ added: [], removed: [], changed: [], unchanged: 5 });
  });
});
