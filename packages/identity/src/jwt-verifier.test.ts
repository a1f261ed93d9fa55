/**
 * The dashboard token verifier: what it accepts, what it refuses and with which code, for local
 * tokens and for Cognito-shaped ones.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createJwtVerifier, TokenError, type TokenErrorCode } from "./jwt-verifier.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const ISSUER = "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Demo";
const CLIENT_ID = "dashboard-client";

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let es256: Keys;
let rs256: Keys;
let stranger: Keys;

const jwksOf = async (...pairs: Array<[Keys, string, string]>) =>
  createLocalJWKSet({
    keys: await Promise.all(pairs.map(async ([k, kid, alg]) => ({ ...(await exportJWK(k.publicKey)), kid, alg }))),
  });

beforeAll(async () => {
  es256 = await generateKeyPair("ES256");
  rs256 = await generateKeyPair("RS256");
  stranger = await generateKeyPair("ES256");
});

const sign = (claims: JWTPayload, options: { key?: Keys; kid?: string; alg?: string; exp?: number | null } = {}) => {
  const alg = options.alg ?? "ES256";
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid: options.kid ?? "es" })
    .setIssuedAt(Math.floor(NOW / 1000) - 60);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? Math.floor(NOW / 1000) + 3600);
  return jwt.sign((options.key ?? es256).privateKey);
};

const cognitoClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  sub: "5f1c-uuid",
  iss: ISSUER,
  aud: CLIENT_ID,
  token_use: "id",
  "cognito:username": "nguyen.van.a",
  "cognito:groups": ["ops"],
  "custom:provinces": "99, 48",
  ...overrides,
});

async function verifier(audience: string | undefined = CLIENT_ID) {
  return createJwtVerifier({
    jwks: await jwksOf([es256, "es", "ES256"], [rs256, "rs", "RS256"]),
    issuer: ISSUER,
    ...(audience ? { audience } : {}),
    clock: () => NOW,
  });
}

async function refusal(promise: Promise<unknown>): Promise<TokenErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).code;
}

describe("createJwtVerifier", () => {
  it("maps a Cognito ID token's claims to a principal (ES256 and RS256)", async () => {
    const v = await verifier();
    const expected = { subject: "5f1c-uuid", username: "nguyen.van.a", role: "ops", provinces: ["99", "48"] };
    expect(await v.verify(await sign(cognitoClaims()))).toEqual(expected);
    expect(await v.verify(await sign(cognitoClaims(), { key: rs256, kid: "rs", alg: "RS256" }))).toEqual(expected);
  });

  it("takes the role from custom:role first, else the first group naming a role", async () => {
    const v = await verifier();
    const viaRole = await v.verify(await sign(cognitoClaims({ "custom:role": "planner", "cognito:groups": ["ops"] })));
    expect(viaRole.role).toBe("planner");
    const viaGroups = await v.verify(
      await sign(cognitoClaims({ "cognito:groups": ["ap-southeast-1_Google", "leader"] })),
    );
    expect(viaGroups.role).toBe("leader");
  });

  it("reads `*` as every province, a missing claim as none, and the plain `username` of access tokens", async () => {
    const v = await verifier(undefined);
    expect((await v.verify(await sign(cognitoClaims({ "custom:provinces": "*" })))).provinces).toEqual(["*"]);
    const { "custom:provinces": _p, "cognito:username": _u, ...rest } = cognitoClaims();
    const principal = await v.verify(await sign({ ...rest, username: "tran.thi.b" }));
    expect(principal).toMatchObject({ username: "tran.thi.b", provinces: [] });
  });

  it("refuses a missing token", async () => {
    expect(await refusal((await verifier()).verify(undefined))).toBe("token-missing");
    expect(await refusal((await verifier()).verify(""))).toBe("token-missing");
  });

  it("refuses an expired token, with the clock injected", async () => {
    const token = await sign(cognitoClaims(), { exp: Math.floor(NOW / 1000) - 120 });
    expect(await refusal((await verifier()).verify(token))).toBe("token-expired");
  });

  it("refuses a token without an expiry", async () => {
    expect(await refusal((await verifier()).verify(await sign(cognitoClaims(), { exp: null })))).toBe("token-invalid");
  });

  it("refuses a token signed by another key, even one claiming a known kid", async () => {
    const v = await verifier();
    expect(await refusal(v.verify(await sign(cognitoClaims(), { key: stranger })))).toBe("token-invalid");
    expect(await refusal(v.verify(await sign(cognitoClaims(), { key: stranger, kid: "other" })))).toBe("token-invalid");
  });

  it("refuses a wrong issuer and a wrong audience", async () => {
    const v = await verifier();
    expect(await refusal(v.verify(await sign(cognitoClaims({ iss: "https://evil.example" }))))).toBe("token-invalid");
    expect(await refusal(v.verify(await sign(cognitoClaims({ aud: "another-client" }))))).toBe("token-invalid");
  });

  it("refuses a token that declares a use other than id (a Cognito access token)", async () => {
    const v = await verifier();
    expect(await refusal(v.verify(await sign(cognitoClaims({ token_use: "access" }))))).toBe("token-invalid");
    // Tokens that declare no use (the local issuer's) are read as before.
    const { token_use: _use, ...untyped } = cognitoClaims();
    expect((await v.verify(await sign(untyped))).role).toBe("ops");
  });

  it("refuses unsigned and garbage tokens", async () => {
    const v = await verifier();
    const [header, payload] = (await sign(cognitoClaims())).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    expect(await refusal(v.verify(none))).toBe("token-invalid");
    expect(await refusal(v.verify(`${header}.${payload}.AAAA`))).toBe("token-invalid");
    expect(await refusal(v.verify("not-a-jwt"))).toBe("token-invalid");
  });

  it("refuses a token without a dashboard role, or with an unknown one", async () => {
    const v = await verifier();
    const { "cognito:groups": _g, ...noGroups } = cognitoClaims();
    expect(await refusal(v.verify(await sign(noGroups)))).toBe("unknown-role");
    expect(await refusal(v.verify(await sign(cognitoClaims({ "cognito:groups": ["viewers"] }))))).toBe("unknown-role");
    expect(await refusal(v.verify(await sign(cognitoClaims({ "custom:role": "root" }))))).toBe("unknown-role");
  });

  it("refuses a malformed provinces claim rather than guessing", async () => {
    const v = await verifier();
    expect(await refusal(v.verify(await sign(cognitoClaims({ "custom:provinces": "99;48" }))))).toBe("invalid-claims");
    expect(await refusal(v.verify(await sign(cognitoClaims({ "custom:provinces": ["99"] }))))).toBe("invalid-claims");
  });
});
