/**
 * Dashboard identity through `app.request`: 401 and 403 as problem+json, the open routes staying
 * open, province scope on the registry, and every role against every permission.
 */
import { can, type Permission, type Principal, ROLES, type Role } from "@ioc/core";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { ProblemError, problemResponse } from "../problem.js";
import { type AuthEnv, assertCan, requireUser } from "./require-user.js";
import { AUTH_TEST_NOW, createAuthTestApp } from "./test-auth.js";

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;
let t: TestApp;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createAuthTestApp();
  for (const role of ROLES) {
    const issued = await t.issuer.login(role, "demo");
    if (!issued) throw new Error(`no demo user ${role}`);
    tokens[role] = issued.token;
  }
});

const get = (path: string, token?: string) =>
  t.app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { code: string; status: number; detail: string };
}

describe("requireUser on the dashboard routes", () => {
  it("answers 401 unauthorized with a Bearer challenge when no token is sent", async () => {
    const response = await get("/v1/communes");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="ioc-dashboard"');
    expect(await problem(response)).toMatchObject({ code: "unauthorized", status: 401 });
    expect((await get("/v1/communes/00001")).status).toBe(401);
  });

  it("answers 401 with error=invalid_token for a garbage or foreign-key token, without internals", async () => {
    const other = await createAuthTestApp();
    const foreign = (await other.issuer.login("leader", "demo"))?.token;
    for (const token of ["garbage", foreign]) {
      const response = await get("/v1/communes", token);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="ioc-dashboard", error="invalid_token"');
      expect((await problem(response)).detail).toBe("the sign-in token is not valid here");
    }
  });

  it("refuses its own token once expired", async () => {
    let now = AUTH_TEST_NOW;
    const app = await createAuthTestApp({ now: () => now });
    const token = (await app.issuer.login("leader", "demo"))?.token as string;
    expect((await app.app.request("/v1/communes", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    now += 3600_000 + 31_000;
    const response = await app.app.request("/v1/communes", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect((await problem(response)).detail).toMatch(/expired/);
  });

  it("lets a signed-in user read their province, and answers 403 forbidden for another one", async () => {
    expect((await get("/v1/communes", tokens.leader)).status).toBe(200);
    expect((await get("/v1/communes?province=99&format=geojson", tokens.planner)).status).toBe(200);
    const response = await get("/v1/communes?province=01", tokens.leader);
    expect(response.status).toBe(403);
    expect(await problem(response)).toMatchObject({
      code: "forbidden",
      detail: "the leader role may not read in province 01",
    });
    expect((await get("/v1/communes/00001?province=01", tokens.admin)).status).toBe(403);
  });

  it("keeps ingest, health, the OpenAPI document and the docs open", async () => {
    expect((await get("/health")).status).toBe(200);
    expect((await get("/v1/openapi.json")).status).toBe(200);
    expect((await get("/v1/docs")).status).toBe(200);
    // Ingest has its own per-source keys: a missing one is its own 401, not the dashboard's.
    const ingest = await t.app.request("/v1/readings", { method: "POST", body: "{}" });
    expect(ingest.status).toBe(401);
    expect(ingest.headers.get("www-authenticate")).toContain("ioc-ingest");
  });
});

describe("GET /v1/me", () => {
  it("returns the principal, or 401", async () => {
    const response = await get("/v1/me", tokens.planner);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      subject: "local:planner",
      username: "planner",
      role: "planner",
      provinces: ["99"],
    });
    expect((await get("/v1/me")).status).toBe(401);
  });
});

// The contract's grants (ARCHITECTURE.md, "Roles"), written out so a change to core is noticed.
const GRANTED: Record<Role, Permission[]> = {
  leader: ["read", "gaps:read"],
  ops: ["read", "alerts:write"],
  planner: ["read", "gaps:read", "gaps:export", "scenarios:write"],
  admin: [
    "read",
    "alerts:write",
    "gaps:read",
    "gaps:export",
    "scenarios:write",
    "rules:write",
    "targets:write",
    "sources:write",
  ],
};
const PERMISSIONS: Permission[] = [
  "read",
  "alerts:write",
  "gaps:read",
  "gaps:export",
  "scenarios:write",
  "rules:write",
  "targets:write",
  "sources:write",
];

describe("every role against every permission", () => {
  const guarded = (permission: Permission, province: string) => {
    const app = new Hono<AuthEnv>();
    app.get("/x", requireUser({ verifier: t.verifier, permission, province: () => province }), (c) =>
      c.text(c.get("principal").role),
    );
    app.onError((error) =>
      error instanceof ProblemError ? problemResponse(error) : new Response("boom", { status: 500 }),
    );
    return app;
  };

  for (const role of ROLES) {
    it(`${role}: the middleware and assertCan agree with can() and with the contract`, async () => {
      const principal: Principal = { subject: role, username: role, role, provinces: ["99"] };
      for (const permission of PERMISSIONS) {
        const allowed = GRANTED[role].includes(permission);
        expect(can(principal, permission, "99"), `${role} ${permission}`).toBe(allowed);
        const own = await guarded(permission, "99").request("/x", {
          headers: { authorization: `Bearer ${tokens[role]}` },
        });
        expect(own.status, `${role} ${permission} in 99`).toBe(allowed ? 200 : 403);
        // Outside the user's provinces nothing is allowed.
        const elsewhere = await guarded(permission, "01").request("/x", {
          headers: { authorization: `Bearer ${tokens[role]}` },
        });
        expect(elsewhere.status, `${role} ${permission} in 01`).toBe(403);
        if (allowed) expect(() => assertCan(principal, permission, "99")).not.toThrow();
        else expect(() => assertCan(principal, permission, "99")).toThrow(ProblemError);
      }
    });
  }

  it("a principal scoped to every province may act in any of them", () => {
    const admin: Principal = { subject: "a", username: "a", role: "admin", provinces: ["*"] };
    expect(() => assertCan(admin, "rules:write", "01")).not.toThrow();
    expect(() => assertCan({ ...admin, provinces: [] }, "read", "99")).toThrow(ProblemError);
  });
});
