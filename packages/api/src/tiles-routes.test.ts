/** The commune tile route through `app.request`: signed-in only, a tile of the province, 204 where none reaches. */
import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

/** The XYZ tile holding [lng, lat] at zoom z. */
function tileOf(lng: number, lat: number, z: number): string {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

describe("GET /v1/communes/tiles/{z}/{x}/{y}", () => {
  it("answers a signed-in user with the province's boundaries as a vector tile", async () => {
    const t = await createAuthTestApp();
    const token = (await t.issuer.login("leader", "demo"))?.token as string;
    const province = await t.deps.registry.getProvince("99");
    const at = province?.communes[0]?.labelPoint;
    if (!at) throw new Error("no demo province");
    const path = `/v1/communes/tiles/${tileOf(at[0], at[1], 7)}`;
    expect((await t.app.request(path)).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const response = await t.app.request(path, auth);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    // The layer's name and a commune code are plain strings in the protobuf.
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("communes");
    expect(text).toContain(province?.communes[0]?.code);
    expect((await t.app.request("/v1/communes/tiles/7/0/0", auth)).status).toBe(204);
    expect((await t.app.request("/v1/communes/tiles/x/0/0", auth)).status).toBe(400);
  });
});

describe("tiles cut once, cached by version and ETag", () => {
  it("tags each tile, answers 304 to its ETag, and caches a versioned URL for good", async () => {
    const t = await createAuthTestApp();
    const token = (await t.issuer.login("leader", "demo"))?.token as string;
    const auth = { authorization: `Bearer ${token}` };
    const province = await t.deps.registry.getProvince("99");
    const at = province?.communes[0]?.labelPoint;
    if (!at) throw new Error("no demo province");
    const path = `/v1/communes/tiles/${tileOf(at[0], at[1], 8)}`;
    const first = await t.app.request(path, { headers: auth });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(first.headers.get("cache-control")).toBe("private, max-age=300");
    const again = await t.app.request(path, { headers: { ...auth, "if-none-match": etag as string } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    // The registry names the version when it leaves the boundaries to the tiles; any version is the boundaries' hash.
    const { communeBoundariesVersion } = await import("@ioc/geo");
    const version = communeBoundariesVersion(province?.communes ?? []);
    const versioned = await t.app.request(`${path}?v=${version}`, { headers: auth });
    expect(versioned.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(versioned.headers.get("etag")).toBe(etag);
  }, 60_000);
});

describe("GET /v1/communes?format=geojson&boundaries=auto", () => {
  it("keeps a province's boundaries, and leaves a national-size registry's to the tiles", async () => {
    const t = await createAuthTestApp();
    const token = (await t.issuer.login("leader", "demo"))?.token as string;
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const small = await (await t.app.request("/v1/communes?format=geojson&boundaries=auto", auth)).json();
    expect(small.tiled).toBeUndefined();
    expect(small.features[0].geometry.type).toBe("Polygon");

    const province = await t.deps.registry.getProvince("99");
    if (!province) throw new Error("no demo province");
    const { COMMUNE_TILED_FROM } = await import("@ioc/contract");
    // A registry of COMMUNE_TILED_FROM communes: the demo's, repeated under new codes (a fresh app, so no cache).
    const communes = Array.from({ length: COMMUNE_TILED_FROM }, (_, i) => {
      const c = province.communes[i % province.communes.length] as (typeof province.communes)[number];
      return { ...c, code: String(90000 + i) };
    });
    const u = await createAuthTestApp();
    await u.deps.registry.putProvince({ ...province, communes });
    const uToken = (await u.issuer.login("leader", "demo"))?.token as string;
    const uAuth = { headers: { authorization: `Bearer ${uToken}` } };
    const light = await (await u.app.request("/v1/communes?format=geojson&boundaries=auto", uAuth)).json();
    expect(light.tiled).toBe(true);
    expect(light.tilesVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(light.features).toHaveLength(COMMUNE_TILED_FROM);
    const f = light.features[0];
    expect(f.geometry).toEqual({ type: "Point", coordinates: communes[0]?.labelPoint });
    expect(f.bbox).toHaveLength(4);
    expect(f.properties.name).toBe(communes[0]?.name);
    // Without boundaries=auto, every boundary as before.
    const full = await (await u.app.request("/v1/communes?format=geojson", uAuth)).json();
    expect(full.tiled).toBeUndefined();
    expect(full.features[0].geometry.type).toBe("Polygon");
  }, 60_000);
});
