/** `GET /v1/province-context`: the demo's synthetic neighbours with names; a real province's from the registry. */
import { generateDemoProvince, type Province } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { createAuthTestApp } from "./auth/test-auth.js";
import { createFakeStores } from "./test-fakes.js";

interface Context {
  province: string;
  features: Array<{
    properties: { code: string; name: string; part: string; synthetic: boolean };
    geometry: { type: string };
  }>;
}

describe("the province context", () => {
  it("gives the demo province its synthetic neighbours, each an area and a named point, to its own users only", async () => {
    const t = await createAuthTestApp();
    const token = async (provinces: string[]) =>
      (await t.issuer.issue({ subject: "t:leader", username: "leader", role: "leader", provinces })).token;
    const response = await t.app.request("/v1/province-context?province=99", {
      headers: { authorization: `Bearer ${await token(["99"])}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Context;
    const labels = body.features.filter((f) => f.properties.part === "label");
    expect(labels.map((f) => f.properties.name)).toEqual([
      "Tỉnh Bắc Sơn",
      "Tỉnh Thượng Lâm",
      "Nước láng giềng",
      "Tỉnh Nam Nguyên",
      "Tỉnh An Hải",
    ]);
    expect(labels.every((f) => f.geometry.type === "Point" && f.properties.synthetic)).toBe(true);
    expect(body.features.filter((f) => f.properties.part === "area").map((f) => f.geometry.type)).toEqual(
      Array(5).fill("MultiPolygon"),
    );
    const other = await t.app.request("/v1/province-context?province=99", {
      headers: { authorization: `Bearer ${await token(["48"])}` },
    });
    expect(other.status).toBe(403);
  });

  it("derives a real province's neighbours from the other provinces stored", async () => {
    const shift = (p: Province, code: string, name: string, dx: number): Province => ({
      code,
      name,
      synthetic: false,
      communes: p.communes.map((c) => ({
        ...c,
        code: `${code}${c.code.slice(2)}`,
        provinceCode: code,
        labelPoint: [c.labelPoint[0] + dx, c.labelPoint[1]],
        geometry: { type: "Polygon", coordinates: c.geometry.coordinates.map((r) => r.map(([x, y]) => [x + dx, y])) },
      })),
    });
    const demo = generateDemoProvince();
    const home = shift(demo, "48", "Thành phố Đà Nẵng", 0);
    const west = shift(demo, "52", "Tỉnh Gia Lai", -1.4);
    const far = shift(demo, "01", "Thành phố Hà Nội", -8);
    const fakes = createFakeStores({ provinces: [home, west, far] });
    const app = createApp({ ...fakes.deps, clock: () => 0, logger: { info() {}, error() {} }, defaultProvince: "48" });
    const body = (await (await app.request("/v1/province-context")).json()) as Context;
    expect(
      body.features.filter((f) => f.properties.part === "label").map((f) => [f.properties.code, f.properties.name]),
    ).toEqual([["52", "Tỉnh Gia Lai"]]);
  });
});
