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
