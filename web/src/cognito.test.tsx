/**
 * The hosted-UI flow's pieces: PKCE against RFC 7636's own example, the URLs Cognito is sent to,
 * refusal of callbacks this tab did not start, and the token endpoint's requests and errors
 * against a fake of Cognito's endpoints. (A .tsx file: the web project collects `*.test.tsx`.)
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  beginSignIn,
  CognitoError,
  callbackParams,
  cognitoConfigFromEnv,
  completeSignIn,
  logoutUrl,
  PENDING_KEY,
  principalFromIdClaims,
  refreshSignIn,
  withoutCallbackParams,
} from "./cognito.js";
import {
  createFakeCognito,
  FAKE_POOL,
  fakeJwt,
  memoryStorage,
  pendingOf,
  replaceVerifier,
  s256,
} from "./test-cognito.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const config = { ...FAKE_POOL };

// RFC 7636 Appendix B: this verifier's S256 challenge is this.
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

afterEach(() => {
  vi.unstubAllGlobals();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: unknown) => (error instanceof CognitoError ? error.code : `unexpected: ${String(error)}`),
  );
}

/** The flow's dependencies; oidc-client-ts calls the global fetch, so `fetchImpl` stands in for it. */
function deps(fetchImpl: typeof fetch) {
  const storage = memoryStorage();
  const fetchMock = vi.fn(fetchImpl);
  vi.stubGlobal("fetch", fetchMock);
  return { storage, fetch: fetchMock, now: () => NOW };
}

/** Starts a sign-in and lets the fake hosted UI answer it; returns the callback's parameters. */
async function signInAtHostedUi(fake: ReturnType<typeof createFakeCognito>, d: ReturnType<typeof deps>) {
  const url = await beginSignIn(config, d, "/?view=planning");
  return new URL(fake.authorize(url)).searchParams;
}

/** A pending sign-in in `d`'s tab; answers the state its callback must carry. */
async function pendingState(d: ReturnType<typeof deps>): Promise<string> {
  await beginSignIn(config, d, "/");
  return pendingOf(d.storage)?.state ?? "";
}

describe("PKCE", () => {
  it("checks S256 challenges the way RFC 7636 Appendix B computes them", () => {
    // The fake's check, against which the library's verifier and challenge are tested below.
    expect(s256(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it("makes RFC 7636 verifiers (43-128 unreserved characters), a new one each time", async () => {
    const d = deps(vi.fn());
    await beginSignIn(config, d);
    const a = pendingOf(d.storage)?.verifier ?? "";
    await beginSignIn(config, d);
    const b = pendingOf(d.storage)?.verifier ?? "";
    expect(a).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(a).not.toBe(b);
  });
});

describe("hosted-UI URLs", () => {
  it("asks for a code with PKCE S256, the three scopes, the client and the dashboard's root", async () => {
    const d = deps(vi.fn());
    const url = new URL(await beginSignIn(config, d));
    const pending = pendingOf(d.storage);
    expect(`${url.origin}${url.pathname}`).toBe(`${FAKE_POOL.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: FAKE_POOL.clientId,
      redirect_uri: "http://localhost:3000/",
      scope: "openid email profile",
      state: pending?.state,
      code_challenge: s256(pending?.verifier ?? ""),
      code_challenge_method: "S256",
    });
    // No discovery document fetched: Cognito's endpoints are given as static metadata.
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it("signs out at Cognito and comes back to the dashboard's root", () => {
    const url = new URL(logoutUrl(config));
    expect(`${url.origin}${url.pathname}`).toBe(`${FAKE_POOL.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: FAKE_POOL.clientId,
      logout_uri: "http://localhost:3000/",
    });
  });

  it("keeps a fresh state and verifier in this tab, and sends the verifier's challenge", async () => {
    const d = deps(vi.fn());
    const url = new URL(await beginSignIn(config, d, "/?view=planning&scenario=s1"));
    const pending = pendingOf(d.storage);
    // The library's state: 32 hex digits of a random UUIDv4 (122 random bits).
    expect(pending?.state).toMatch(/^[0-9a-f]{32}$/);
    expect(url.searchParams.get("state")).toBe(pending?.state);
    expect(url.searchParams.get("code_challenge")).toBe(s256(pending?.verifier ?? ""));
    expect(pending?.returnTo).toBe("/?view=planning&scenario=s1");
    const first = pending?.state;
    // Never another origin, whatever a caller passes.
    await beginSignIn(config, d, "//evil.example/");
    expect(pendingOf(d.storage)?.returnTo).toBe("/");
    expect(pendingOf(d.storage)?.state).not.toBe(first);
  });

  it("recognizes Cognito's callback on the dashboard's root, and strips it from the address", () => {
    expect(callbackParams("http://localhost:3000/?code=c&state=s", config)?.get("code")).toBe("c");
    expect(callbackParams("http://localhost:3000/?error=access_denied&state=s", config)).toBeDefined();
    expect(callbackParams("http://localhost:3000/?view=planning", config)).toBeUndefined();
    expect(callbackParams("http://localhost:3000/?code=c", config)).toBeUndefined();
    expect(callbackParams("http://localhost:3000/other?code=c&state=s", config)).toBeUndefined();
    expect(withoutCallbackParams("http://localhost:3000/?code=c&state=s&wall=1#x")).toBe("/?wall=1#x");
  });

  it("reads the settings from the build, and none from the local build or SST's placeholders", () => {
    expect(cognitoConfigFromEnv({}, "https://d1.cloudfront.net")).toBeUndefined();
    expect(
      cognitoConfigFromEnv(
        { VITE_COGNITO_DOMAIN: "{{ VITE_COGNITO_DOMAIN }}", VITE_COGNITO_CLIENT_ID: "c" },
        "https://d1.cloudfront.net",
      ),
    ).toBeUndefined();
    expect(
      cognitoConfigFromEnv(
        {
          VITE_COGNITO_DOMAIN: `${FAKE_POOL.domain}/`,
          VITE_COGNITO_CLIENT_ID: "c",
          VITE_COGNITO_REGION: "ap-southeast-1",
          VITE_COGNITO_USER_POOL_ID: "ap-southeast-1_Test",
        },
        "https://d1.cloudfront.net",
      ),
    ).toEqual({
      domain: FAKE_POOL.domain,
      clientId: "c",
      redirectUri: "https://d1.cloudfront.net/",
      issuer: FAKE_POOL.issuer,
    });
  });
});

describe("completeSignIn", () => {
  it("exchanges the code with the verifier in a form POST to the token endpoint", async () => {
    const fake = createFakeCognito({ now: () => NOW });
    const d = deps(fake.fetch);
    const params = await signInAtHostedUi(fake, d);
    const verifier = pendingOf(d.storage)?.verifier;
    const { signIn, returnTo } = await completeSignIn(config, params, d);

    expect(fake.requests).toEqual([
      {
        url: `${FAKE_POOL.domain}/oauth2/token`,
        method: "POST",
        contentType: "application/x-www-form-urlencoded",
        form: {
          grant_type: "authorization_code",
          client_id: FAKE_POOL.clientId,
          code: params.get("code"),
          redirect_uri: "http://localhost:3000/",
          code_verifier: verifier,
        },
      },
    ]);
    expect(returnTo).toBe("/?view=planning");
    expect(signIn).toMatchObject({
      expiresAt: NOW + 3600_000,
      obtainedAt: NOW,
      refreshToken: expect.stringMatching(/^refresh-/),
      user: {
        subject: "3b7f0c2e-0000-4000-8000-000000000001",
        username: "Trần Thị Lan",
        role: "ops",
        provinces: ["45", "48"],
      },
    });
    // The ID token is the one kept, for the API and the live socket.
    expect(JSON.parse(atob(signIn.token.split(".")[1] as string)).token_use).toBe("id");
    // Used once: the pending sign-in is gone.
    expect(d.storage.getItem(PENDING_KEY)).toBeNull();
  });

  it("refuses a callback with a wrong or missing state: no request, nothing kept", async () => {
    for (const tamper of [
      (p: URLSearchParams) => p.set("state", "forged"),
      (p: URLSearchParams) => p.delete("state"),
    ]) {
      const fake = createFakeCognito({ now: () => NOW });
      const d = deps(fake.fetch);
      const params = await signInAtHostedUi(fake, d);
      tamper(params);
      expect(await codeOf(completeSignIn(config, params, d))).toBe("state-mismatch");
      expect(d.fetch).not.toHaveBeenCalled();
      // Nothing stored, and the pending sign-in cannot be replayed with the right state later.
      expect([...d.storage.items.keys()]).toEqual([]);
    }
  });

  it("refuses a callback this tab never started", async () => {
    const fake = createFakeCognito({ now: () => NOW });
    const d = deps(fake.fetch);
    const params = new URLSearchParams({ code: "stolen", state: "whatever" });
    expect(await codeOf(completeSignIn(config, params, d))).toBe("state-mismatch");
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it("reports Cognito's own refusal without calling the token endpoint", async () => {
    const fake = createFakeCognito({ now: () => NOW });
    const d = deps(fake.fetch);
    const state = (await signInAtHostedUi(fake, d)).get("state") ?? "";
    const params = new URLSearchParams({ error: "access_denied", error_description: "denied", state });
    expect(await codeOf(completeSignIn(config, params, d))).toBe("authorization-denied");
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it("maps the token endpoint's failures: a refused code, the network, a token the API would refuse", async () => {
    // A code used twice: Cognito answers invalid_grant.
    const fake = createFakeCognito({ now: () => NOW });
    const d = deps(fake.fetch);
    const params = await signInAtHostedUi(fake, d);
    const pending = d.storage.getItem(PENDING_KEY) ?? "";
    await completeSignIn(config, params, d);
    d.storage.setItem(PENDING_KEY, pending);
    expect(await codeOf(completeSignIn(config, params, d))).toBe("token-rejected");

    // A verifier that does not match the challenge.
    const d2 = deps(fake.fetch);
    const params2 = await signInAtHostedUi(fake, d2);
    replaceVerifier(d2.storage, RFC_VERIFIER);
    expect(await codeOf(completeSignIn(config, params2, d2))).toBe("token-rejected");

    const offline = deps(async () => {
      throw new TypeError("Failed to fetch");
    });
    const offlineState = await pendingState(offline);
    expect(await codeOf(completeSignIn(config, new URLSearchParams({ code: "c", state: offlineState }), offline))).toBe(
      "network",
    );

    const answering = async (body: unknown, status = 200) => {
      // Cognito answers JSON, errors included; the library refuses other content types.
      const d3 = deps(async () => Response.json(body, { status }));
      const state = await pendingState(d3);
      return codeOf(completeSignIn(config, new URLSearchParams({ code: "c", state }), d3));
    };
    const idToken = (claims: Record<string, unknown>) =>
      fakeJwt({
        sub: "s",
        iss: FAKE_POOL.issuer,
        aud: FAKE_POOL.clientId,
        token_use: "id",
        iat: 1,
        exp: 3601,
        ...claims,
      });
    expect(await answering({ error: "invalid_client" }, 400)).toBe("token-rejected");
    expect(await answering("<html>", 502)).toBe("token-rejected");
    // An HTML error page from a proxy in between.
    const html = deps(async () => new Response("<html>", { status: 502, headers: { "content-type": "text/html" } }));
    const htmlState = await pendingState(html);
    expect(await codeOf(completeSignIn(config, new URLSearchParams({ code: "c", state: htmlState }), html))).toBe(
      "token-rejected",
    );
    expect(await answering({ access_token: "a", refresh_token: "r", expires_in: 3600 })).toBe("invalid-token");
    expect(await answering({ id_token: "garbage", refresh_token: "r", expires_in: 3600 })).toBe("invalid-token");
    const other = idToken({ aud: "another-client", "cognito:groups": ["ops"] });
    expect(await answering({ id_token: other, refresh_token: "r", expires_in: 3600 })).toBe("invalid-token");
    const access = idToken({ token_use: "access", "cognito:groups": ["ops"] });
    expect(await answering({ id_token: access, refresh_token: "r", expires_in: 3600 })).toBe("invalid-token");
    const foreign = idToken({
      iss: "https://cognito-idp.ap-southeast-1.amazonaws.com/other",
      "cognito:groups": ["ops"],
    });
    expect(await answering({ id_token: foreign, refresh_token: "r", expires_in: 3600 })).toBe("invalid-token");
    const roleless = idToken({ "cognito:groups": ["staff"] });
    expect(await answering({ id_token: roleless, refresh_token: "r", expires_in: 3600 })).toBe("no-role");
    const good = idToken({ "cognito:groups": ["leader"], "custom:provinces": "45" });
    expect(await answering({ id_token: good, refresh_token: "r", expires_in: 3600 })).toBe("resolved");
  });

  it("times the token by its own lifetime, not by the browser's clock against its exp", async () => {
    // The browser's clock is a day ahead of Cognito's: exp is in the browser's past.
    const d = deps(async () =>
      Response.json({
        id_token: fakeJwt({
          sub: "s",
          iss: FAKE_POOL.issuer,
          aud: FAKE_POOL.clientId,
          token_use: "id",
          iat: NOW / 1000 - 86_400,
          exp: NOW / 1000 - 86_400 + 3600,
          "cognito:groups": ["ops"],
        }),
        refresh_token: "r",
        expires_in: 3600,
      }),
    );
    const state = await pendingState(d);
    const { signIn } = await completeSignIn(config, new URLSearchParams({ code: "c", state }), d);
    expect(signIn.expiresAt).toBe(NOW + 3600_000);
  });
});

describe("refreshSignIn", () => {
  it("renews with the refresh token and keeps it when Cognito sends none back", async () => {
    let now = NOW;
    const fake = createFakeCognito({ now: () => now });
    const d = { ...deps(fake.fetch), now: () => now };
    const { signIn } = await completeSignIn(config, await signInAtHostedUi(fake, d), d);
    now += 55 * 60_000;
    const renewed = await refreshSignIn(config, signIn, d);
    expect(fake.requests.at(-1)).toMatchObject({
      url: `${FAKE_POOL.domain}/oauth2/token`,
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      form: { grant_type: "refresh_token", client_id: FAKE_POOL.clientId, refresh_token: signIn.refreshToken },
    });
    expect(renewed.token).not.toBe(signIn.token);
    expect(renewed.refreshToken).toBe(signIn.refreshToken);
    expect(renewed.expiresAt).toBe(now + 3600_000);

    fake.revokeAll();
    expect(await codeOf(refreshSignIn(config, signIn, d))).toBe("token-rejected");
  });
});

describe("principalFromIdClaims", () => {
  it("reads the role as the API does: custom:role, else the first group naming a role", () => {
    const base = { sub: "s", email: "a@example.gov.vn" };
    expect(principalFromIdClaims({ ...base, "cognito:groups": ["staff", "planner", "ops"] }).role).toBe("planner");
    expect(principalFromIdClaims({ ...base, "custom:role": "leader", "cognito:groups": ["ops"] }).role).toBe("leader");
    expect(() => principalFromIdClaims({ ...base, "custom:role": "root", "cognito:groups": ["ops"] })).toThrow(
      CognitoError,
    );
    expect(() => principalFromIdClaims({ ...base })).toThrow(CognitoError);
  });

  it("reads provinces strictly, and shows the person's name or e-mail, never the generated username", () => {
    const base = { sub: "uuid-1", "cognito:username": "uuid-1", "cognito:groups": ["ops"] };
    expect(principalFromIdClaims({ ...base, "custom:provinces": " 45 , 48 " }).provinces).toEqual(["45", "48"]);
    expect(principalFromIdClaims({ ...base, "custom:provinces": "*" }).provinces).toEqual(["*"]);
    expect(principalFromIdClaims(base).provinces).toEqual([]);
    expect(() => principalFromIdClaims({ ...base, "custom:provinces": "45;48" })).toThrow(/2-digit/);
    expect(principalFromIdClaims({ ...base, email: "b@example.gov.vn" }).username).toBe("b@example.gov.vn");
    expect(principalFromIdClaims(base).username).toBe("uuid-1");
  });
});
