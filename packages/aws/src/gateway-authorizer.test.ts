import { DEVICE_AUDIENCE, DEVICE_ISSUER, type JwtVerifier, TokenError } from "@ioc/identity";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { createDeviceTokenVerifier, createGatewayAuthorizer } from "./gateway-authorizer.js";

const request = (authorization?: string) =>
  ({
    routeKey: "GET /v1/communes",
    headers: authorization ? { authorization } : {},
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

describe("the reader authorizer", () => {
  it("admits a token the verifier accepts and passes who it is on", async () => {
    const verifier: JwtVerifier = {
      verify: vi.fn(async () => ({ subject: "s", username: "wall-1", role: "leader" as const, provinces: ["48"] })),
    };
    const authorize = createGatewayAuthorizer({ verifier, logger: { info: vi.fn() } });
    await expect(authorize(request("Bearer abc.def.ghi"))).resolves.toEqual({
      isAuthorized: true,
      context: { username: "wall-1", role: "leader" },
    });
    expect(verifier.verify).toHaveBeenCalledWith("abc.def.ghi");
  });

  it("refuses a missing or bad token, and fails loudly on anything else", async () => {
    const refusing: JwtVerifier = {
      verify: async (token) => {
        if (token === "boom") throw new Error("JWKS unreachable");
        throw new TokenError(token ? "token-invalid" : "token-missing", "no");
      },
    };
    const authorize = createGatewayAuthorizer({ verifier: refusing, logger: { info: vi.fn() } });
    expect((await authorize(request())).isAuthorized).toBe(false);
    expect((await authorize(request("Bearer nope"))).isAuthorized).toBe(false);
    await expect(authorize(request("Bearer boom"))).rejects.toThrow(/JWKS/);
  });
});

describe("the device token verifier", () => {
  it("accepts a device token signed with the private half and refuses another key's", async () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    const mine = await generateKeyPair("ES256", { extractable: true });
    const other = await generateKeyPair("ES256", { extractable: true });
    const sign = (key: CryptoKey) =>
      new SignJWT({ "cognito:username": "device:d_1", "cognito:groups": ["leader"], "custom:provinces": "48" })
        .setProtectedHeader({ alg: "ES256" })
        .setSubject("d_1")
        .setIssuer(DEVICE_ISSUER)
        .setAudience(DEVICE_AUDIENCE)
        .setIssuedAt(now / 1000)
        .setExpirationTime(now / 1000 + 300)
        .sign(key);
    const verifier = createDeviceTokenVerifier(await exportJWK(mine.publicKey), () => now);
    await expect(verifier.verify(await sign(mine.privateKey))).resolves.toMatchObject({
      role: "leader",
      provinces: ["48"],
    });
    await expect(verifier.verify(await sign(other.privateKey))).rejects.toBeInstanceOf(TokenError);
  });
});
