/**
 * `POST /v1/auth/login`, `GET /.well-known/jwks.json` and their OpenAPI entries, through
 * `app.request`.
 */

import { createJwtVerifier } from "@ioc/identity";
import { createLocalJWKSet } from "jose";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { createTestApp } from "../test-fakes.js";
import { createAuthTestApp } from "./test-auth.js";

const login = (app: Awaited<ReturnType<typeof createAuthTestApp>>["app"], body: unknown, raw?: string) =>
  app.request("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });

describe("POST /v1/auth/login", () => {
  it("signs a demo user in: a token, its expiry, and the user; never cached", async () => {
    const t = await createAuthTestApp();
    const response = await login(t.app, { username: "leader", password: "demo" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; expiresAt: number; user: unknown };
    expect(body.user).toEqual({ subject: "local:leader", username: "leader", role: "leader", provinces: ["99"] });
    expect(body.expiresAt).toBe(t.clock() + 3600_000);
    const me = await t.app.request("/v1/me", { headers: { authorization: `Bearer ${body.token}` } });
    expect(await me.json()).toEqual(body.user);
  });

  it("answers 401 invalid-credentials for a wrong password or an unknown user, with the same words", async () => {
    const t = await createAuthTestApp();
    const details = [];
    for (const body of [
      { username: "leader", password: "nope" },
      { username: "mallory", password: "demo" },
    ]) {
      const response = await login(t.app, body);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe("invalid-credentials");
      details.push(problem.detail);
    }
    expect(details[0]).toBe(details[1]);
  });

  it("answers 400 for malformed JSON or a body that is not {username, password}", async () => {
    const t = await createAuthTestApp();
    const malformed = await login(t.app, undefined, "{");
    expect(malformed.status).toBe(400);
    // The same code as every other route's unparseable JSON.
    expect(((await malformed.json()) as { code: string }).code).toBe("malformed-json");
    for (const body of [
      {},
      { username: "ops" },
      { username: "", password: "demo" },
      { username: "ops", password: "demo", role: "admin" },
    ]) {
      const response = await login(t.app, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe("invalid-request");
    }
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes the public key that verifies the issuer's tokens", async () => {
    const t = await createAuthTestApp();
    const response = await t.app.request("/.well-known/jwks.json");
    expect(response.status).toBe(200);
    const jwks = await response.json();
    const verifier = createJwtVerifier({ jwks: createLocalJWKSet(jwks), issuer: t.issuer.issuer, clock: t.clock });
    const issued = await t.issuer.login("admin", "demo");
    expect((await verifier.verify(issued?.token)).role).toBe("admin");
  });
});

describe("without a local issuer, or without auth", () => {
  it("has no login route where Cognito signs users in", async () => {
    const t = await createAuthTestApp();
    const app = createApp({
      ...t.deps,
      clock: t.clock,
      logger: { info() {}, error() {} },
      defaultProvince: "99",
      auth: { verifier: t.verifier },
    });
    expect((await app.request("/v1/auth/login", { method: "POST", body: "{}" })).status).toBe(404);
    expect((await app.request("/.well-known/jwks.json")).status).toBe(404);
    expect((await app.request("/v1/communes")).status).toBe(401);
  });

  it("leaves the registry open to tests that build the app without auth", async () => {
    const t = await createTestApp();
    expect((await t.app.request("/v1/communes")).status).toBe(200);
  });
});

describe("the OpenAPI document", () => {
  it("lists the identity routes and marks the registry as needing a dashboard token", async () => {
    const t = await createAuthTestApp();
    const doc = (await (await t.app.request("/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { scheme: string; bearerFormat?: string }> };
    };
    expect(doc.components.securitySchemes.dashboardToken).toMatchObject({ scheme: "bearer", bearerFormat: "JWT" });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/auth/login", "/v1/me", "/.well-known/jwks.json"]),
    );
    expect(doc.paths["/v1/communes"]?.get?.security).toEqual([{ dashboardToken: [] }]);
    expect(Object.keys(doc.paths["/v1/communes"]?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(["401", "403"]),
    );
    expect(doc.paths["/v1/readings"]?.post?.security).toEqual([{ sourceKey: [] }]);
  });
});
