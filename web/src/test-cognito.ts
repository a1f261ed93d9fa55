/**
 * Test support: a fake of the Cognito hosted UI's HTTP endpoints (`/oauth2/authorize` as a
 * function, `/oauth2/token` and `/oauth2/revoke` behind a `fetch`), strict where Cognito is: a
 * code is good once, for its redirect URI and client, and only with the verifier whose S256
 * challenge (computed here with node:crypto, independently of the code under test) it was issued for.
 */
import { createHash } from "node:crypto";
import { PENDING_KEY } from "./cognito.js";

/** The fake's settings. */
export const FAKE_POOL = {
  domain: "https://ioc-test.auth.ap-southeast-1.amazoncognito.com",
  clientId: "dashboard-client-id",
  redirectUri: "http://localhost:3000/",
  issuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Test",
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned JWT with `claims` (the dashboard reads tokens, it does not verify them). */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", kid: "k1" })}.${b64url(claims)}.c2lnbmF0dXJl`;
}

/** A recorded request to the fake. */
export interface FakeRequest {
  url: string;
  method: string;
  contentType: string | null;
  form: Record<string, string>;
}

/** The fake: a `fetch`, the authorize step, and what it saw. */
export function createFakeCognito(options: {
  now: () => number;
  lifetimeSeconds?: number;
  claims?: Record<string, unknown>;
}) {
  const lifetime = options.lifetimeSeconds ?? 3600;
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const refreshTokens = new Set<string>();
  const requests: FakeRequest[] = [];
  let serial = 0;
  let offline = false;
  let claims: Record<string, unknown> = {
    sub: "3b7f0c2e-0000-4000-8000-000000000001",
    "cognito:username": "3b7f0c2e-0000-4000-8000-000000000001",
    "cognito:groups": ["ops"],
    "custom:provinces": "45,48",
    email: "lan@example.gov.vn",
    name: "Trần Thị Lan",
    ...options.claims,
  };

  const idToken = () => {
    const iat = Math.floor(options.now() / 1000);
    serial += 1;
    return fakeJwt({
      iss: FAKE_POOL.issuer,
      aud: FAKE_POOL.clientId,
      token_use: "id",
      iat,
      exp: iat + lifetime,
      jti: `id-${serial}`,
      ...claims,
    });
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (offline) throw new TypeError("Failed to fetch");
    const url = String(input);
    const headers = new Headers(init?.headers);
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? "")));
    requests.push({ url, method: init?.method ?? "GET", contentType: headers.get("content-type"), form });
    if (init?.method !== "POST" || headers.get("content-type") !== "application/x-www-form-urlencoded") {
      return json(400, { error: "invalid_request" });
    }
    if (url === `${FAKE_POOL.domain}/oauth2/revoke`) {
      refreshTokens.delete(form.token ?? "");
      return new Response(null, { status: 200 });
    }
    if (url !== `${FAKE_POOL.domain}/oauth2/token`) return json(404, { error: "not_found" });
    if (form.client_id !== FAKE_POOL.clientId) return json(400, { error: "invalid_client" });
    if (form.grant_type === "authorization_code") {
      const issued = codes.get(form.code ?? "");
      codes.delete(form.code ?? "");
      const challenge = s256(form.code_verifier ?? "");
      if (!issued || issued.redirectUri !== form.redirect_uri || issued.challenge !== challenge) {
        return json(400, { error: "invalid_grant" });
      }
      const refreshToken = `refresh-${serial + 1}`;
      refreshTokens.add(refreshToken);
      return json(200, {
        id_token: idToken(),
        access_token: fakeJwt({ token_use: "access", client_id: FAKE_POOL.clientId }),
        refresh_token: refreshToken,
        expires_in: lifetime,
        token_type: "Bearer",
      });
    }
    if (form.grant_type === "refresh_token") {
      if (!refreshTokens.has(form.refresh_token ?? "")) return json(400, { error: "invalid_grant" });
      // Cognito answers no new refresh token unless rotation is on.
      return json(200, {
        id_token: idToken(),
        access_token: fakeJwt({ token_use: "access", client_id: FAKE_POOL.clientId }),
        expires_in: lifetime,
        token_type: "Bearer",
      });
    }
    return json(400, { error: "unsupported_grant_type" });
  };

  return {
    fetch,
    requests,
    /** The user signs in on the hosted UI: answers the URL Cognito redirects the browser to. */
    authorize(authorizeUrl: string): string {
      const url = new URL(authorizeUrl);
      const q = url.searchParams;
      if (`${url.origin}${url.pathname}` !== `${FAKE_POOL.domain}/oauth2/authorize`) throw new Error("not authorize");
      if (q.get("response_type") !== "code" || q.get("code_challenge_method") !== "S256") throw new Error("bad flow");
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, {
        challenge: q.get("code_challenge") ?? "",
        redirectUri: q.get("redirect_uri") ?? "",
        clientId: q.get("client_id") ?? "",
      });
      return `${q.get("redirect_uri")}?${new URLSearchParams({ code, state: q.get("state") ?? "" })}`;
    },
    /** Ends every refresh token, as an administrator's global sign-out would. */
    revokeAll: () => refreshTokens.clear(),
    setOffline: (value: boolean) => {
      offline = value;
    },
    setClaims: (next: Record<string, unknown>) => {
      claims = { ...claims, ...next };
    },
    tokenRequests: () => requests.filter((r) => r.url.endsWith("/oauth2/token")),
  };
}

/** An in-memory Storage. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** The S256 challenge of a verifier, by node:crypto: base64url(SHA-256(ASCII(verifier))). */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

type StorageLike = Pick<Storage, "getItem" | "setItem">;

/** The sign-in a tab has pending, read from the library's stored state: its state, verifier and return path. */
export function pendingOf(storage: StorageLike): { state: string; verifier: string; returnTo: unknown } | undefined {
  const slot = JSON.parse(storage.getItem(PENDING_KEY) ?? "null") as { id: string; state: string } | null;
  if (!slot) return undefined;
  const state = JSON.parse(slot.state) as { code_verifier: string; data: unknown };
  return { state: slot.id, verifier: state.code_verifier, returnTo: state.data };
}

/** Rewrites the pending sign-in's code verifier, as a tab holding another verifier would. */
export function replaceVerifier(storage: StorageLike, verifier: string): void {
  const slot = JSON.parse(storage.getItem(PENDING_KEY) ?? "null") as { id: string; state: string };
  const state = { ...JSON.parse(slot.state), code_verifier: verifier };
  storage.setItem(PENDING_KEY, JSON.stringify({ id: slot.id, state: JSON.stringify(state) }));
}
