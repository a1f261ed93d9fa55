import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { cognitoIssuer, createCognitoVerifier } from "./cognito.js";
import { TokenError, type JwtVerifier as TokenVerifier } from "./jwt-verifier.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const issuer = cognitoIssuer("ap-southeast-1", "ap-southeast-1_TestPool");
const clientId = "dashboard-client";

let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let verifier: TokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  verifier = createCognitoVerifier({
    issuer,
    clientId,
    jwks: createLocalJWKSet({ keys: [jwk] }),
    clock: () => NOW,
  });
});

/** A token shaped like Cognito's, signed by `key`. */
function token(claims: JWTPayload, options: { key?: CryptoKey; expiresAt?: number; kid?: string } = {}) {
  return new SignJWT({
    sub: "user-1",
    token_use: "id",
    aud: clientId,
    "cognito:groups": ["ops"],
    "custom:provinces": "99,45",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "k1" })
    .setIssuer(issuer)
    .setIssuedAt(Math.floor(NOW / 1000) - 60)
    .setExpirationTime(options.expiresAt ?? Math.floor(NOW / 1000) + 3600)
    .sign(options.key ?? signingKey);
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).code;
};

// The HTTP API and the live socket's $connect verify with this one verifier; these cases pin what
// the live socket in particular relies on (they lived in packages/aws beside a wrapper, now gone).
describe("the Cognito token verifier", () => {
  it("turns a valid ID token into a principal with its roles and provinces", async () => {
    expect(
      await verifier.verify(await token({ "cognito:username": "lan", "cognito:groups": ["staff", "ops", "planner"] })),
    ).toEqual({ subject: "user-1", username: "lan", role: "ops", provinces: ["99", "45"] });
  });

  it("refuses an access token, even one issued to the dashboard's client: it carries no provinces", async () => {
    const access = await token({ token_use: "access", aud: undefined, client_id: clientId });
    expect(await refusal(verifier.verify(access))).toBe("token-invalid");
  });

  it("keeps `*` (every province), reads a missing claim as none and refuses a malformed one", async () => {
    expect((await verifier.verify(await token({ "custom:provinces": "*" }))).provinces).toEqual(["*"]);
    expect((await verifier.verify(await token({ "custom:provinces": undefined }))).provinces).toEqual([]);
    expect(await refusal(verifier.verify(await token({ "custom:provinces": "99,4x" })))).toBe("invalid-claims");
  });

  it("refuses a missing, expired, foreign or tampered token", async () => {
    expect(await refusal(verifier.verify(undefined))).toBe("token-missing");
    expect(await refusal(verifier.verify(await token({}, { expiresAt: Math.floor(NOW / 1000) - 120 })))).toBe(
      "token-expired",
    );
    expect(await refusal(verifier.verify(await token({}, { key: strangerKey })))).toBe("token-invalid");
    expect(await refusal(verifier.verify(await token({ aud: "another-client" })))).toBe("token-invalid");
    expect(await refusal(verifier.verify(await token({ token_use: "refresh" })))).toBe("token-invalid");
    expect(await refusal(verifier.verify(await token({ "cognito:groups": ["citizens"] })))).toBe("unknown-role");
    const forever = await new SignJWT({ sub: "u", token_use: "id", aud: clientId, "cognito:groups": ["ops"] })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .sign(signingKey);
    expect(await refusal(verifier.verify(forever))).toBe("token-invalid");
    const good = await token({});
    const [header, , signature] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "admin", token_use: "id", aud: clientId })).toString("base64url");
    expect(await refusal(verifier.verify(`${header}.${forged}.${signature}`))).toBe("token-invalid");
  });

  it("refuses another issuer and an unsigned token", async () => {
    const other = await new SignJWT({ sub: "u", token_use: "id", aud: clientId })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer("https://cognito-idp.ap-southeast-1.amazonaws.com/another-pool")
      .setExpirationTime(Math.floor(NOW / 1000) + 60)
      .sign(signingKey);
    expect(await refusal(verifier.verify(other))).toBe("token-invalid");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({ sub: "u", iss: issuer, token_use: "id", aud: clientId, exp: Math.floor(NOW / 1000) + 60 }),
    ).toString("base64url")}.`;
    expect(await refusal(verifier.verify(unsigned))).toBe("token-invalid");
  });
});
