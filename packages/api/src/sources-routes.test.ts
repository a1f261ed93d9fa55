/**
 * Source and key administration through `app.request`: an admin adds a source, its key ingests,
 * rotation and revocation stop the old key at once, and the answers never carry a stored secret.
 */
import { generateDemoProvince, type Role } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp } from "./auth/test-auth.js";

const commune = generateDemoProvince().communes[0]?.code as string;

async function setup() {
  const t = await createAuthTestApp();
  const token = async (role: Role, provinces: string[]) =>
    (await t.issuer.issue({ subject: `t:${role}:${provinces}`, username: role, role, provinces })).token;
  const admin = await token("admin", ["99"]);
  const call = (method: string, path: string, body?: unknown, bearer = admin) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const ingest = (key: string, id = "r1") =>
    t.app.request("/v1/readings", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        readings: [
          { id, commune, metric: "net.coverage_4g", value: 90, observedAt: new Date(AUTH_TEST_NOW).toISOString() },
        ],
      }),
    });
  return { t, token, call, ingest };
}

const NEW_SOURCE = { id: "telco-b", name: "Nhà mạng B", metricPrefixes: ["net."], cadenceSeconds: 300 };

describe("source administration", () => {
  it("adds a source, issues a key once, and stops it on rotation and revocation", async () => {
    const { t, call, ingest } = await setup();
    const created = await call("POST", "/v1/sources?province=99", NEW_SOURCE);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: "telco-b", provinceCode: "99", enabled: true, keys: [] });

    const issued = await call("POST", "/v1/sources/telco-b/keys?province=99");
    expect(issued.status).toBe(201);
    expect(issued.headers.get("cache-control")).toBe("no-store");
    const { key, record } = (await issued.json()) as { key: string; record: { keyId: string } };
    expect((await ingest(key)).status).toBe(202);

    const listed = await call("GET", "/v1/sources?province=99");
    const text = await listed.text();
    expect(text).not.toContain(key);
    expect(text).not.toContain("keyHash");
    const list = JSON.parse(text) as { sources: Array<{ id: string; keys: Array<Record<string, unknown>> }> };
    expect(list.sources.find((s) => s.id === "telco-b")?.keys).toEqual([
      {
        keyId: record.keyId,
        status: "active",
        createdAt: new Date(AUTH_TEST_NOW).toISOString(),
        lastUsedAt: new Date(AUTH_TEST_NOW).toISOString(),
        revokedAt: null,
      },
    ]);

    const rotated = await call("POST", `/v1/sources/telco-b/keys/${record.keyId}/rotate?province=99`);
    expect(rotated.status).toBe(201);
    const next = (await rotated.json()) as { key: string; revokedKeyId: string };
    expect(next.revokedKeyId).toBe(record.keyId);
    expect((await ingest(key, "r2")).status).toBe(401);
    expect((await ingest(next.key, "r3")).status).toBe(202);
    // Rotating a revoked key is refused: it would mint a key nobody asked to replace.
    expect((await call("POST", `/v1/sources/telco-b/keys/${record.keyId}/rotate?province=99`)).status).toBe(409);

    const nextId = [...t.keys.values()].find((k) => k.status === "active")?.keyId as string;
    const revoked = await call("DELETE", `/v1/sources/telco-b/keys/${nextId}?province=99`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ keyId: nextId, status: "revoked" });
    const refused = await ingest(next.key, "r4");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");

    // Each change is in the province's audit trail, in order, by the admin; no secret in it.
    const trail = t.audit.chains.get("99") ?? [];
    expect(trail.map((r) => `${r.action} ${r.objectType}/${r.objectId} ${r.actor}`)).toEqual([
      "source.put source/telco-b admin",
      `key.create key/telco-b/${record.keyId} admin`,
      `key.create key/telco-b/${nextId} admin`,
      `key.revoke key/telco-b/${record.keyId} admin`,
      `key.revoke key/telco-b/${nextId} admin`,
    ]);
    expect(JSON.stringify(trail)).not.toContain(key);
    expect(JSON.stringify(trail)).not.toContain(next.key);
  });

  it("edits scope and cadence, and a disabled source's keys are refused until re-enabled", async () => {
    const { call, ingest } = await setup();
    await call("POST", "/v1/sources?province=99", NEW_SOURCE);
    const { key } = (await (await call("POST", "/v1/sources/telco-b/keys?province=99")).json()) as { key: string };
    const patched = await call("PATCH", "/v1/sources/telco-b?province=99", {
      metricPrefixes: ["net.", "gov."],
      cadenceSeconds: 3600,
    });
    expect(await patched.json()).toMatchObject({ metricPrefixes: ["net.", "gov."], cadenceSeconds: 3600 });
    await call("PATCH", "/v1/sources/telco-b?province=99", { enabled: false });
    expect((await ingest(key, "d1")).status).toBe(401);
    await call("PATCH", "/v1/sources/telco-b?province=99", { enabled: true });
    expect((await ingest(key, "d2")).status).toBe(202);
  });

  it("answers bad input with a located problem and stores nothing", async () => {
    const { t, call } = await setup();
    const cases: Array<[unknown, string]> = [
      [{ ...NEW_SOURCE, id: "Bad Id" }, "body id"],
      [{ ...NEW_SOURCE, cadenceSeconds: 0 }, "body cadenceSeconds"],
      [{ ...NEW_SOURCE, metricPrefixes: ["net.", "nope."] }, "body metricPrefixes.1"],
      [{ ...NEW_SOURCE, secret: "x" }, "body"],
      ["{not json", "the body is not valid JSON"],
    ];
    for (const [body, where] of cases) {
      const response = await call("POST", "/v1/sources?province=99", body);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(((await response.json()) as { detail: string }).detail).toContain(where);
    }
    expect(t.sources.size).toBe(0);
    expect(t.audit.chains.size).toBe(0);
    await call("POST", "/v1/sources?province=99", NEW_SOURCE);
    const patch = await call("PATCH", "/v1/sources/telco-b?province=99", { cadenceSeconds: -5 });
    expect(patch.status).toBe(400);
    expect(t.sources.get("telco-b")?.cadenceSeconds).toBe(300);
    expect((await call("POST", "/v1/sources?province=99", NEW_SOURCE)).status).toBe(409);
  });

  it("hides another province's sources: listed apart, and their ids answer 404", async () => {
    const { t, token, call } = await setup();
    const national = await token("admin", ["99", "48"]);
    expect((await call("POST", "/v1/sources?province=48", { ...NEW_SOURCE, id: "telco-48" }, national)).status).toBe(
      201,
    );
    const home = (await (await call("GET", "/v1/sources?province=99")).json()) as { sources: unknown[] };
    expect(home.sources).toEqual([]);
    const foreign = await call("POST", "/v1/sources/telco-48/keys?province=99");
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { code: string }).code).toBe("source-not-found");
    expect((await call("GET", "/v1/sources?province=48")).status).toBe(403);
    expect(t.keys.size).toBe(0);
  });
});
