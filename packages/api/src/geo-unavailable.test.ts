/**
 * The app as the API Lambda builds it, without the geometry engine (`ApiDeps.geo`): the boundary
 * and tile routes answer a plain 503 problem and store nothing (the gateway sends them to the Geo
 * function, which is given the engine), the OpenAPI document still lists them, and the registry
 * is still served.
 */
import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

describe("an app without the geometry engine (the API Lambda)", () => {
  it("answers 503 geometry-unavailable for tiles and boundary imports, writes nothing, and still documents them", async () => {
    const t = await createAuthTestApp({ extra: { geo: undefined } });
    const bearer = async (role: "admin" | "leader") =>
      `Bearer ${(await t.issuer.issue({ subject: `t:${role}`, username: `${role}-99`, role, provinces: ["99"] })).token}`;
    const before = await t.deps.registry.getProvince("99");
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { code: "99001", name: "Xã Một", population: 1000 },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [108, 15],
                [108.1, 15],
                [108.1, 15.1],
                [108, 15],
              ],
            ],
          },
        },
      ],
    });
    const admin = await bearer("admin");
    for (const path of ["/v1/boundaries/preview?province=99", "/v1/boundaries/import?province=99&token=x"]) {
      const response = await t.app.request(path, {
        method: "POST",
        headers: { authorization: admin, "content-type": "application/geo+json" },
        body: file,
      });
      expect(response.status, path).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await response.json()) as { type: string; detail: string };
      expect(problem.type).toContain("geometry-unavailable");
      expect(problem.detail).toContain("Geo function");
    }
    expect(await t.deps.registry.getProvince("99")).toEqual(before);

    const leader = { headers: { authorization: await bearer("leader") } };
    // Signed out is still refused first; signed in, a tile is not cut here.
    expect((await t.app.request("/v1/communes/tiles/7/101/56")).status).toBe(401);
    const tile = await t.app.request("/v1/communes/tiles/7/101/56", leader);
    expect(tile.status).toBe(503);
    expect(((await tile.json()) as { type: string }).type).toContain("geometry-unavailable");

    // The registry itself is served here (the boundaries as GeoJSON, without cutting tiles).
    const registry = await t.app.request("/v1/communes?province=99&format=geojson", leader);
    expect(registry.status).toBe(200);
    expect(((await registry.json()) as { features: unknown[] }).features.length).toBeGreaterThan(0);

    const document = (await (await t.app.request("/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/v1/boundaries/preview", "/v1/boundaries/import", "/v1/communes/tiles/{z}/{x}/{y}"]),
    );
  });
});
