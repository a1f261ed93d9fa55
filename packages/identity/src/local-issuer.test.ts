/**
 * The local issuer: demo users sign in with their password only, the hashes never hold the
 * password, and the JWKS it publishes verifies the tokens it signs.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { createJwtVerifier } from "./jwt-verifier.js";
import { createLocalIssuer, demoUsers } from "./local-issuer.js";
import { hashPassword, verifyPassword } from "./passwords.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");

describe("passwords", () => {
  it("hashes with a random salt, verifies the right password only, and never matches a malformed hash", async () => {
    const [a, b] = [await hashPassword("demo"), await hashPassword("demo")];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain("demo");
    expect(await verifyPassword("demo", a)).toBe(true);
    expect(await verifyPassword("Demo", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
    expect(await verifyPassword("demo", "demo")).toBe(false);
    expect(await verifyPassword("demo", "scrypt$x$8$1$c2FsdA==$a2V5")).toBe(false);
  });
});

describe("createLocalIssuer", () => {
  it("has one demo user per role, scoped to province 99, holding hashes only", async () => {
    const users = await demoUsers("s3cret");
    expect(users.map((u) => [u.username, u.role, u.provinces])).toEqual([
      ["leader", "leader", ["99"]],
      ["ops", "ops", ["99"]],
      ["planner", "planner", ["99"]],
      ["admin", "admin", ["99"]],
    ]);
    expect(JSON.stringify(users)).not.toContain("s3cret");
  });

  it("signs a demo user in with the right password, and its JWKS verifies the token", async () => {
    const issuer = await createLocalIssuer({ users: await demoUsers("demo"), clock: () => NOW, ttlSeconds: 600 });
    const issued = await issuer.login("ops", "demo");
    if (!issued) throw new Error("login failed");
    expect(issued.expiresAt).toBe(NOW + 600_000);
    expect(issued.user).toEqual({ subject: "local:ops", username: "ops", role: "ops", provinces: ["99"] });
    // Cognito's claim names, so the verifier reads local and Cognito tokens alike.
    expect(decodeJwt(issued.token)).toMatchObject({
      sub: "local:ops",
      "cognito:username": "ops",
      "cognito:groups": ["ops"],
      "custom:provinces": "99",
      iss: issuer.issuer,
      aud: issuer.audience,
    });
    expect(decodeProtectedHeader(issued.token)).toMatchObject({ alg: "ES256", kid: issuer.jwks.keys[0]?.kid });
    // Only the public half is published.
    expect(issuer.jwks.keys[0]).not.toHaveProperty("d");

    // Verified from the published JSON alone, as a remote verifier would.
    const published = JSON.parse(JSON.stringify(issuer.jwks));
    const verifier = createJwtVerifier({
      jwks: createLocalJWKSet(published),
      issuer: issuer.issuer,
      audience: issuer.audience,
      clock: () => NOW,
    });
    expect(await verifier.verify(issued.token)).toEqual(issued.user);
  });

  it("refuses a wrong password and an unknown user alike", async () => {
    const issuer = await createLocalIssuer({ users: await demoUsers("demo"), clock: () => NOW });
    expect(await issuer.login("leader", "wrong")).toBeUndefined();
    expect(await issuer.login("leader", "")).toBeUndefined();
    expect(await issuer.login("nobody", "demo")).toBeUndefined();
  });

  it("makes a new key each start, so another issuer's tokens do not verify", async () => {
    const users = await demoUsers("demo");
    const first = await createLocalIssuer({ users, clock: () => NOW });
    const second = await createLocalIssuer({ users, clock: () => NOW });
    const token = (await first.issue({ subject: "s", username: "x", role: "admin", provinces: ["*"] })).token;
    const verifier = createJwtVerifier({ jwks: second.keys, issuer: second.issuer, clock: () => NOW });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: "token-invalid" });
  });
});
