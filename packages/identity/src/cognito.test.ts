/**
 * The Cognito verifier accepts exactly the token the dashboard sends after the hosted-UI sign-in
 * (an RS256 ID token for the dashboard's client) and refuses the pool's other tokens.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { cognitoIssuer, createCognitoVerifier } from "./cognito.js";
import { type JwtVerifier, TokenError } from "./jwt-verifier.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const ISSUER = cognitoIssuer("ap-southeast-1", "ap-southeast-1_AbCdEf123");
const CLIENT_ID = "5r2k3example0dashboardclient";

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let rs256: Keys;
let es256: Keys;
let verifier: JwtVerifier;

beforeAll(async () => {
  rs256 = await generateKeyPair("RS256");
  es256 = await generateKeyPair("ES256");
  const jwks = createLocalJWKSet({
    keys: [
      { ...(await exportJWK(rs256.publicKey)), kid: "rs", alg: "RS256", use: "sig" },
      { ...(await exportJWK(es256.publicKey)), kid: "es", alg: "ES256", use: "sig" },
    ],
  });
  verifier = createCognitoVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks, clock: () => NOW });
});

const iat = Math.floor(NOW / 1000) - 60;

/** An ID token as Cognito's token endpoint returns it after an authorization-code sign-in. */
const idTokenClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  sub: "7c1e5a80-1234-4cde-9f00-0123456789ab",
  iss: ISSUER,
  aud: CLIENT_ID,
  token_use: "id",
  auth_time: iat,
  email: "lan@example.gov.vn",
  email_verified: true,
  name: "Trần Thị Lan",
  "cognito:username": "7c1e5a80-1234-4cde-9f00-0123456789ab",
  "cognito:groups": ["planner"],
  "custom:provinces": "45,48",
  at_hash: "x",
  ...overrides,
});

/** The access token of the same sign-in: `client_id`, no `aud`, no custom attributes. */
const accessTokenClaims = (): JWTPayload => ({
  sub: "7c1e5a80-1234-4cde-9f00-0123456789ab",
  iss: ISSUER,
  client_id: CLIENT_ID,
  token_use: "access",
  scope: "openid email profile",
  username: "7c1e5a80-1234-4cde-9f00-0123456789ab",
  "cognito:groups": ["planner"],
});

const sign = (claims: JWTPayload, key: Keys = rs256, alg = "RS256", kid = "rs") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(key.privateKey);

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof TokenError ? error.code : `unexpected ${String(error)}`),
  );

describe("createCognitoVerifier", () => {
  it("names the user pool's issuer", () => {
    expect(ISSUER).toBe("https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_AbCdEf123");
  });

  it("accepts the dashboard's ID token: role from its groups, provinces from custom:provinces", async () => {
    expect(await verifier.verify(await sign(idTokenClaims()))).toEqual({
      subject: "7c1e5a80-1234-4cde-9f00-0123456789ab",
      username: "7c1e5a80-1234-4cde-9f00-0123456789ab",
      role: "planner",
      provinces: ["45", "48"],
    });
  });

  it("refuses the access token of the same sign-in, which carries no provinces", async () => {
    expect(await codeOf(verifier.verify(await sign(accessTokenClaims())))).toBe("token-invalid");
    // Even one that names the client as `aud` too.
    expect(await codeOf(verifier.verify(await sign({ ...accessTokenClaims(), aud: CLIENT_ID })))).toBe("token-invalid");
  });

  it("refuses an ID token without token_use, for another client, or from another pool", async () => {
    const { token_use: _use, ...untyped } = idTokenClaims();
    expect(await codeOf(verifier.verify(await sign(untyped)))).toBe("token-invalid");
    expect(await codeOf(verifier.verify(await sign(idTokenClaims({ aud: "another-client" }))))).toBe("token-invalid");
    const otherPool = cognitoIssuer("ap-southeast-1", "ap-southeast-1_Other");
    expect(await codeOf(verifier.verify(await sign(idTokenClaims({ iss: otherPool }))))).toBe("token-invalid");
  });

  it("accepts RS256 only, as Cognito signs", async () => {
    expect(await codeOf(verifier.verify(await sign(idTokenClaims(), es256, "ES256", "es")))).toBe("token-invalid");
  });

  it("refuses an ID token whose groups name no dashboard role", async () => {
    expect(await codeOf(verifier.verify(await sign(idTokenClaims({ "cognito:groups": ["staff"] }))))).toBe(
      "unknown-role",
    );
  });
});
