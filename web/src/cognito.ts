/**
 * Sign-in through the Cognito user pool's hosted UI, as an OAuth 2.0 public client: the
 * authorization-code grant with PKCE (RFC 7636, S256) and no client secret, run by oidc-client-ts
 * (state, verifier and challenge, the code and refresh exchanges, revocation). This module gives
 * it Cognito's endpoints and one storage slot, maps its failures to stable codes, and reads the
 * ID token the way the API does.
 *
 * The dashboard keeps the ID token, not the access token: only the ID token carries the
 * `custom:provinces` attribute and names the client as `aud`, which is what API Gateway's JWT
 * authorizer, the API and the live socket check (packages/api/src/auth/cognito.ts).
 */
import { type Principal, ROLES, type Role } from "@ioc/core";
import {
  ErrorResponse,
  ErrorTimeout,
  type IdTokenClaims,
  OidcClient,
  type SigninResponse,
  type StateStore,
} from "oidc-client-ts";

/** Where the dashboard's Cognito client lives. */
export interface CognitoConfig {
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  clientId: string;
  /** Where Cognito sends users back: the dashboard's root, one of the client's callback URLs. */
  redirectUri: string;
  /** The ID token's expected `iss`, when the build knows the pool. */
  issuer?: string;
}

/** A Cognito sign-in as the session keeps it: the ID token to send and how to renew it. */
export interface CognitoSignIn {
  /** The ID token, sent as `Authorization: Bearer …` and as the live socket's `?token=`. */
  token: string;
  /** When the ID token expires (epoch ms, by this browser's clock). */
  expiresAt: number;
  /** When it was obtained (epoch ms), so the refresh can be timed within its lifetime. */
  obtainedAt: number;
  refreshToken: string;
  user: Principal;
}

/** Why a sign-in step failed; stable codes the sign-in screen words. */
export type CognitoErrorCode =
  /** The callback carries no state, or a state this tab did not start. */
  | "state-mismatch"
  /** The callback is not one Cognito sends (no code, no error). */
  | "invalid-callback"
  /** Cognito answered the authorization request with an error (`?error=`). */
  | "authorization-denied"
  /** The token endpoint refused the code or the refresh token (`invalid_grant` …). */
  | "token-rejected"
  /** The token endpoint could not be reached. */
  | "network"
  /** The token endpoint answered something that is not a usable ID token. */
  | "invalid-token"
  /** The ID token grants no dashboard role, or a malformed provinces list. */
  | "no-role";

/** A failed sign-in step. */
export class CognitoError extends Error {
  constructor(
    readonly code: CognitoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CognitoError";
  }
}

/**
 * What the hosted-UI flow needs from the browser; tests pass fakes. (The library calls the
 * global `fetch` and `crypto`; tests stub the global `fetch`.)
 */
export interface CognitoDeps {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  now: () => number;
}

/** The key of the sign-in this tab started and has not finished (the library's state: verifier, return path). */
export const PENDING_KEY = "ioc.cognito.pending";
const SCOPES = "openid email profile";
const ENV_PLACEHOLDER = /^\{\{.*\}\}$/;

/**
 * The hosted-UI settings the build carries (`VITE_COGNITO_DOMAIN`, `VITE_COGNITO_CLIENT_ID`,
 * and for the issuer check `VITE_COGNITO_REGION`, `VITE_COGNITO_USER_POOL_ID`), or undefined when
 * it carries none: the local build, which signs in against the local issuer instead.
 */
export function cognitoConfigFromEnv(env: Record<string, unknown>, origin: string): CognitoConfig | undefined {
  const value = (name: string): string | undefined => {
    const raw = env[name];
    // An SST placeholder left unreplaced is as good as no value.
    return typeof raw === "string" && raw.trim() !== "" && !ENV_PLACEHOLDER.test(raw) ? raw.trim() : undefined;
  };
  const domain = value("VITE_COGNITO_DOMAIN");
  const clientId = value("VITE_COGNITO_CLIENT_ID");
  if (!domain || !clientId) return undefined;
  const region = value("VITE_COGNITO_REGION");
  const poolId = value("VITE_COGNITO_USER_POOL_ID");
  return {
    domain: domain.replace(/\/+$/, ""),
    clientId,
    redirectUri: `${origin}/`,
    ...(region && poolId ? { issuer: `https://cognito-idp.${region}.amazonaws.com/${poolId}` } : {}),
  };
}

/** The hosted UI's sign-out URL: ends Cognito's own session, then returns to the dashboard. */
export function logoutUrl(config: CognitoConfig): string {
  return `${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri })}`;
}

/**
 * The OIDC client (oidc-client-ts) for one pool. Cognito's endpoints are given as static
 * metadata, so no discovery document is fetched; user info is not loaded (the ID token carries
 * every claim the dashboard reads). The pending sign-in lives in `storage` under one key.
 */
export function oidcClient(config: CognitoConfig, storage: CognitoDeps["storage"]): OidcClient {
  const authority = config.issuer ?? config.domain;
  return new OidcClient({
    authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    response_type: "code",
    scope: SCOPES,
    // A public client: client_id in the form, no secret.
    client_authentication: "client_secret_post",
    loadUserInfo: false,
    // Bounds every call, so a sign-out that waits for the revocation cannot hang.
    requestTimeoutInSeconds: 10,
    metadata: {
      issuer: authority,
      authorization_endpoint: `${config.domain}/oauth2/authorize`,
      token_endpoint: `${config.domain}/oauth2/token`,
      revocation_endpoint: `${config.domain}/oauth2/revoke`,
      userinfo_endpoint: `${config.domain}/oauth2/userInfo`,
    },
    stateStore: pendingStore(storage),
  });
}

/**
 * The library's state store as one slot in this tab's storage: the sign-in this tab started, no
 * other. A read under any other state (a forged or stale callback) empties it, so a pending
 * sign-in is used up whatever the outcome and cannot be replayed with the right state later —
 * the library's own store would keep it until it goes stale. sessionStorage, not the library's
 * default localStorage: a sign-in started in another tab is not finished in this one.
 */
function pendingStore(storage: CognitoDeps["storage"]): StateStore {
  const read = (): { id: string; state: string } | undefined => {
    try {
      const pending = JSON.parse(storage.getItem(PENDING_KEY) ?? "null") as { id?: unknown; state?: unknown } | null;
      return pending && typeof pending.id === "string" && typeof pending.state === "string"
        ? { id: pending.id, state: pending.state }
        : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    set: async (id, state) => storage.setItem(PENDING_KEY, JSON.stringify({ id, state })),
    get: async (id) => (read()?.id === id ? (read()?.state ?? null) : null),
    remove: async (id) => {
      const pending = read();
      storage.removeItem(PENDING_KEY);
      return pending?.id === id ? pending.state : null;
    },
    getAllKeys: async () => {
      const pending = read();
      return pending ? [pending.id] : [];
    },
  };
}

/**
 * Starts a sign-in: the library keeps a new state and PKCE (S256) code verifier in this tab's
 * storage; answers the authorization URL to navigate to. `returnTo` (a path of this site) is
 * where the user lands after.
 */
export async function beginSignIn(
  config: CognitoConfig,
  deps: Pick<CognitoDeps, "storage">,
  returnTo = "/",
): Promise<string> {
  const request = await oidcClient(config, deps.storage).createSigninRequest({ state: safeReturnPath(returnTo) });
  return request.url;
}

/** The OAuth parameters of a URL Cognito redirected to, or undefined when it is not such a URL. */
export function callbackParams(url: string, config: CognitoConfig): URLSearchParams | undefined {
  const parsed = new URL(url);
  const redirect = new URL(config.redirectUri);
  if (parsed.origin !== redirect.origin || parsed.pathname !== redirect.pathname) return undefined;
  const params = parsed.searchParams;
  return params.has("state") && (params.has("code") || params.has("error")) ? params : undefined;
}

const OAUTH_PARAMS = ["code", "state", "error", "error_description", "error_uri"];

/** `url` without the OAuth parameters, as a path for `history.replaceState`: the code leaves the address bar. */
export function withoutCallbackParams(url: string): string {
  const parsed = new URL(url);
  for (const name of OAUTH_PARAMS) parsed.searchParams.delete(name);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/**
 * Finishes a sign-in from the callback's parameters: the state must be the one this tab stored
 * (else nothing is exchanged and nothing stored), then the library exchanges the code, with the
 * verifier, for tokens. The pending sign-in is used up either way. Answers the sign-in and the
 * return path.
 */
export async function completeSignIn(
  config: CognitoConfig,
  params: URLSearchParams,
  deps: CognitoDeps,
): Promise<{ signIn: CognitoSignIn; returnTo: string }> {
  const store = pendingStore(deps.storage);
  const state = params.get("state");
  // A callback this tab did not start (a forged link, a stale tab) is refused before any request,
  // and empties the slot.
  if (!state || (await store.get(state)) === null) {
    await store.remove(state ?? "");
    throw new CognitoError("state-mismatch", "the sign-in callback's state is not the one this tab sent");
  }
  const error = params.get("error");
  if (error) {
    await store.remove(state);
    throw new CognitoError("authorization-denied", `${error}: ${params.get("error_description") ?? ""}`.trim());
  }
  if (!params.get("code")) {
    await store.remove(state);
    throw new CognitoError("invalid-callback", "the sign-in callback carries no code");
  }
  let response: SigninResponse;
  try {
    response = await oidcClient(config, deps.storage).processSigninResponse(`${config.redirectUri}?${params}`);
  } catch (cause) {
    throw libraryError(cause);
  }
  const signIn = signInFrom(config, response, deps);
  return { signIn, returnTo: safeReturnPath(response.userState) };
}

/** Renews a sign-in with its refresh token; Cognito answers new ID and access tokens. */
export async function refreshSignIn(
  config: CognitoConfig,
  signIn: Pick<CognitoSignIn, "refreshToken" | "token">,
  deps: Pick<CognitoDeps, "storage" | "now">,
): Promise<CognitoSignIn> {
  let response: SigninResponse;
  try {
    response = await oidcClient(config, deps.storage).useRefreshToken({
      state: {
        refresh_token: signIn.refreshToken,
        // The library checks the new ID token names the same user as this one.
        id_token: signIn.token,
        session_state: null,
        scope: SCOPES,
        profile: {} as IdTokenClaims,
      },
    });
  } catch (cause) {
    throw libraryError(cause);
  }
  return signInFrom(config, response, deps, signIn.refreshToken);
}

/** Revokes a refresh token (the client allows revocation); best effort, it never throws. */
export async function revokeRefreshToken(
  config: CognitoConfig,
  refreshToken: string,
  deps: Pick<CognitoDeps, "storage">,
): Promise<void> {
  try {
    await oidcClient(config, deps.storage).revokeToken(refreshToken, "refresh_token");
  } catch {
    // The token expires on its own within its validity; sign-out goes on regardless.
  }
}

/** The library's failure as a sign-in step's stable code. */
function libraryError(cause: unknown): CognitoError {
  if (cause instanceof ErrorResponse) {
    return new CognitoError("token-rejected", `the token endpoint refused the request: ${cause.error}`, { cause });
  }
  if (cause instanceof TypeError || cause instanceof ErrorTimeout) {
    return new CognitoError("network", "the sign-in service could not be reached", { cause });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  // jwt-decode's InvalidTokenError, or the library's own ID-token checks (a missing `sub` …).
  if ((cause instanceof Error && cause.name === "InvalidTokenError") || /id[ _]token/i.test(message)) {
    return new CognitoError("invalid-token", "the token endpoint answered no usable ID token", { cause });
  }
  // An answer that is not an OAuth one (an HTML error page, a 5xx without a body).
  return new CognitoError("token-rejected", `the token endpoint refused the request: ${message}`, { cause });
}

function signInFrom(
  config: CognitoConfig,
  response: Pick<SigninResponse, "id_token" | "refresh_token" | "expires_in">,
  deps: Pick<CognitoDeps, "now">,
  previousRefreshToken?: string,
): CognitoSignIn {
  const idToken = response.id_token;
  // The refresh grant answers no refresh token unless rotation is on; the old one stays valid.
  const refreshToken = response.refresh_token || previousRefreshToken;
  if (typeof idToken !== "string" || !refreshToken) {
    throw new CognitoError("invalid-token", "the token endpoint answered no ID token or refresh token");
  }
  const claims = idTokenClaims(idToken, config);
  const obtainedAt = deps.now();
  // The token's lifetime by its own clock (exp − iat), counted from now by ours: a browser whose
  // clock is off still refreshes in time. expires_in is the access token's and, as the library
  // gives it back, already counted down by the browser's clock: only a fallback.
  const lifetimeSeconds =
    typeof claims.iat === "number" && typeof claims.exp === "number" ? claims.exp - claims.iat : Number.NaN;
  const seconds = Number.isFinite(lifetimeSeconds) ? lifetimeSeconds : (response.expires_in ?? Number.NaN);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CognitoError("invalid-token", "the ID token's lifetime is unknown");
  }
  return {
    token: idToken,
    expiresAt: obtainedAt + seconds * 1000,
    obtainedAt,
    refreshToken,
    user: principalFromIdClaims(claims),
  };
}

/**
 * The claims of an ID token received straight from the token endpoint over TLS. Its signature is
 * the servers' to check (OpenID Connect Core §3.1.3.7 lets a client rely on TLS here); the
 * dashboard checks it is an ID token meant for it, so it never keeps one the API would refuse.
 */
export function idTokenClaims(idToken: string, config: Pick<CognitoConfig, "clientId" | "issuer">) {
  let claims: Record<string, unknown>;
  try {
    const payload = idToken.split(".")[1] ?? "";
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new CognitoError("invalid-token", "the ID token cannot be read", { cause: error });
  }
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.token_use !== "id" || !audience.includes(config.clientId)) {
    throw new CognitoError("invalid-token", "the token is not an ID token for the dashboard");
  }
  if (config.issuer && claims.iss !== config.issuer) {
    throw new CognitoError("invalid-token", "the ID token comes from another user pool");
  }
  return claims;
}

const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as string[]).includes(value);

/**
 * The user an ID token names, read as the API reads it (packages/api/src/auth/claims.ts): the role
 * from `custom:role` or the first dashboard role among `cognito:groups`, the provinces from
 * `custom:provinces`. The name shown is the person's, not Cognito's generated username.
 */
export function principalFromIdClaims(claims: Record<string, unknown>): Principal {
  const groups = claims["cognito:groups"];
  const explicit = claims["custom:role"];
  const role = explicit === undefined ? (Array.isArray(groups) ? groups.find(isRole) : undefined) : explicit;
  if (!isRole(role)) throw new CognitoError("no-role", "the ID token grants no dashboard role");
  const provincesClaim = claims["custom:provinces"];
  if (provincesClaim !== undefined && typeof provincesClaim !== "string") {
    throw new CognitoError("no-role", "custom:provinces is not a list");
  }
  const provinces = (provincesClaim ?? "")
    .split(",")
    .map((code) => code.trim())
    .filter((code) => code !== "");
  if (!provinces.every((code) => code === "*" || /^\d{2}$/.test(code))) {
    // The API refuses such a token outright; better said now than by a 401 on every request.
    throw new CognitoError("no-role", "custom:provinces must be 2-digit codes or *");
  }
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  const shown = [claims.name, claims.email, claims["cognito:username"], subject].find(
    (value): value is string => typeof value === "string" && value !== "",
  );
  return { subject, username: shown ?? subject, role, provinces };
}

/** A path of this site, never another origin (`//evil.example` or `https://…`). */
function safeReturnPath(path: unknown): string {
  return typeof path === "string" && path.startsWith("/") && !path.startsWith("//") && !path.includes("\\")
    ? path
    : "/";
}
