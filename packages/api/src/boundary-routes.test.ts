/**
 * Boundary preview and import through `app.request`: a refused file lists each problem with its
 * commune and ring and says whether repair fixes it; a preview shows the difference and a token;
 * the import writes only with that token, that file and those options, and is audited.
 */
import type { Role } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

type Ring = Array<[number, number]>;
const square = (west: number, south: number, size = 0.1): Ring => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];
/** A square whose two top corners are swapped: a ring crossing itself once (a bow tie). */
const bowTie = (west: number, south: number): Ring => [
  [west, south],
  [west + 0.1, south],
  [west, south + 0.1],
  [west + 0.1, south + 0.1],
  [west, south],
];
const feature = (code: string, name: string, ring: Ring, population = 5000) => ({
  type: "Feature",
  properties: { code, name, population },
  geometry: { type: "Polygon", coordinates: [ring] },
});
const file = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
const FOUR = [
  feature("49001", "Xã Một", square(108, 15.5)),
  feature("49002", "Xã Hai", square(108.1, 15.5)),
  feature("49003", "Xã Ba", square(108, 15.6)),
  feature("49004", "Phường Bốn", square(108.1, 15.6)),
];

interface Preview {
  ok: boolean;
  token: string | null;
  counts: Record<string, number>;
  problems: Array<Record<string, unknown>>;
  repairs: Array<Record<string, unknown>>;
  diff: {
    added: Array<{ code: string }>;
    removed: Array<{ code: string }>;
    changed: Array<Record<string, unknown>>;
    unchanged: number;
  } | null;
}

async function setup() {
  const t = await createAuthTestApp();
  const token = async (role: Role, provinces: string[]) =>
    (await t.issuer.issue({ subject: `t:${role}:${provinces}`, username: `${role}-49`, role, provinces })).token;
  const admin = await token("admin", ["49"]);
  const post = (path: string, body: string, bearer = admin, type = "application/geo+json") =>
    t.app.request(path, { method: "POST", headers: { authorization: `Bearer ${bearer}`, "content-type": type }, body });
  const preview = async (body: string, query = "") => {
    const response = await post(`/v1/boundaries/preview?province=49&name=T%E1%BB%89nh%20Th%E1%BB%AD${query}`, body);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Preview;
  };
  const importFile = (body: string, tokenValue: string, query = "") =>
    post(
      `/v1/boundaries/import?province=49&name=T%E1%BB%89nh%20Th%E1%BB%AD&token=${encodeURIComponent(tokenValue)}${query}`,
      body,
    );
  return { t, token, post, preview, importFile };
}

describe("boundary preview and import", () => {
  it("refuses a self-crossing ring naming its commune and ring, previews it with repair, and imports it with the token", async () => {
    const { t, preview, importFile } = await setup();
    const broken = file(...FOUR.slice(0, 3), feature("49004", "Phường Bốn", bowTie(108.1, 15.6)));

    const refused = await preview(broken);
    expect(refused.ok).toBe(false);
    expect(refused.token).toBeNull();
    expect(refused.diff).toBeNull();
    expect(refused.counts.errors).toBe(1);
    expect(refused.problems[0]).toMatchObject({
      code: "self-intersection",
      severity: "error",
      featureIndex: 3,
      communeCode: "49004",
      communeName: "Phường Bốn",
      polygon: 0,
      ring: 0,
      repairFixes: true,
    });
    const first = refused.problems[0] as { position: [number, number]; message: { vi: string } };
    expect(first.position.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([108.15, 15.65]);
    expect(first.message.vi).toContain("tự cắt tại [108.15, 15.65]");

    const repaired = await preview(broken, "&repair=true");
    expect(repaired.ok).toBe(true);
    expect(repaired.counts).toMatchObject({ errors: 0, repairs: 1, added: 4, removed: 0, changed: 0, unchanged: 0 });
    expect(repaired.repairs[0]).toMatchObject({ kind: "ring-split", communeCode: "49004", polygon: 0, ring: 0 });
    expect(repaired.diff?.added.map((c) => c.code)).toEqual(["49001", "49002", "49003", "49004"]);
    const previewToken = repaired.token as string;
    expect(previewToken).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);

    // The token binds the options: the same file without repair is not what was previewed.
    const otherOptions = await importFile(broken, previewToken);
    expect(otherOptions.status).toBe(409);
    expect(((await otherOptions.json()) as { code: string }).code).toBe("boundary-token-mismatch");
    expect(await t.deps.registry.getProvince("49")).toBeUndefined();

    const imported = await importFile(broken, previewToken, "&repair=true");
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(await imported.json()).toEqual({
      province: "49",
      provinceName: "Tỉnh Thử",
      communes: 4,
      added: 4,
      removed: 0,
      changed: 0,
      unchanged: 0,
      repairs: 1,
    });
    expect((await t.deps.registry.getProvince("49"))?.communes).toHaveLength(4);
    const trail = t.audit.chains.get("49") ?? [];
    expect(trail.map((r) => [r.action, r.actor, r.objectId])).toEqual([["boundary.import", "admin-49", "49"]]);

    // The stored boundaries changed: the old preview's token no longer writes.
    const again = await importFile(broken, previewToken, "&repair=true");
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("boundary-preview-stale");
  });

  it("shows communes changed (area %, vertices) and removed, and removes only when confirmed", async () => {
    const { t, preview, importFile } = await setup();
    const first = await preview(file(...FOUR));
    expect((await importFile(file(...FOUR), first.token as string)).status).toBe(200);

    // 49002 grows by half its width; 49004 is gone from the file.
    const wider: Ring = [
      [108.1, 15.5],
      [108.25, 15.5],
      [108.25, 15.6],
      [108.1, 15.6],
      [108.1, 15.5],
    ];
    const next = file(FOUR[0], feature("49002", "Xã Hai", wider), FOUR[2]);
    const second = await preview(next);
    expect(second.counts).toMatchObject({ added: 0, removed: 1, changed: 1, unchanged: 2 });
    expect(second.diff?.removed.map((c) => c.code)).toEqual(["49004"]);
    const change = second.diff?.changed[0] as Record<string, unknown>;
    expect(change).toMatchObject({ code: "49002", name: "Xã Hai", verticesBefore: 5, verticesAfter: 5 });
    expect(change.fields).toEqual(expect.arrayContaining(["areaKm2", "geometry"]));
    expect(change.areaChangePercent).toBeCloseTo(50, 0);

    const unconfirmed = await importFile(next, second.token as string);
    expect(unconfirmed.status).toBe(409);
    expect(((await unconfirmed.json()) as { code: string }).code).toBe("boundary-removals-unconfirmed");
    expect((await t.deps.registry.getProvince("49"))?.communes).toHaveLength(4);

    const confirmed = await importFile(next, second.token as string, "&allowRemovals=true");
    expect(confirmed.status).toBe(200);
    expect((await t.deps.registry.getProvince("49"))?.communes.map((c) => c.code)).toEqual(["49001", "49002", "49003"]);

    // A different file under the token of the previewed one is refused.
    const third = await preview(file(...FOUR));
    const swapped = await importFile(next, third.token as string);
    expect(swapped.status).toBe(409);
    expect(((await swapped.json()) as { code: string }).code).toBe("boundary-token-mismatch");
  });

  it("reports a file that is not JSON as a located problem, refuses other media types, other roles and big files", async () => {
    const { token, post, preview } = await setup();
    const notJson = await preview("{ not json");
    expect(notJson.ok).toBe(false);
    expect(notJson.problems[0]).toMatchObject({ code: "invalid-json", featureIndex: null, communeCode: null });

    const csv = await post("/v1/boundaries/preview?province=49", "code,name", undefined, "text/csv");
    expect(csv.status).toBe(415);
    const leader = await post("/v1/boundaries/preview?province=49", file(...FOUR), await token("leader", ["49"]));
    expect(leader.status).toBe(403);
    const elsewhere = await post("/v1/boundaries/preview?province=48", file(...FOUR));
    expect(elsewhere.status).toBe(403);
    // Over 5 MiB: refused by the body limit before it is read (the dashboard's 64 KiB does not apply below it).
    const big = await post("/v1/boundaries/preview?province=49", " ".repeat(5 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    const medium = await preview(`${file(...FOUR)}${" ".repeat(200_000)}`);
    expect(medium.ok).toBe(true);
  });
});
