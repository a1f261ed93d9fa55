/**
 * Sign-in through the Cognito user pool's hosted UI, as an OAuth 2.0 public client: the
 * authorization-code grant with PKCE (RFC 7636, S256), no client secret and no SDK; Web Crypto
 * makes the verifier and its challenge, `fetch` talks to the token endpoint.
 *
 * The dashboard keeps the ID token, not the access token: only the ID token carries the
 * `custom:provinces` attribute and names the client as `aud`, which is what API Gateway's JWT
 * authorizer, the API and the live socket check (packages/api/src/auth/cognito.ts).
 */
import { type Principal, ROLES, type Role } from "@ioc/core";

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

/** What the hosted-UI flow needs from the browser; tests pass fakes. */
export interface CognitoDeps {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  fetch: typeof fetch;
  crypto: Pick<Crypto, "getRandomValues" | "subtle">;
  now: () => number;
}

/** The key of the sign-in this tab started and has not finished (state, verifier, return path). */
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

/** Bytes as unpadded base64url (RFC 4648 §5). */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A fresh PKCE code verifier: 32 random bytes, 43 base64url characters (RFC 7636 §4.1). */
export function createCodeVerifier(crypto: Pick<Crypto, "getRandomValues">): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string, subtle: SubtleCrypto): Promise<string> {
  return base64url(new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
}

/** The hosted UI's authorization URL for one sign-in. */
export function authorizeUrl(config: CognitoConfig, params: { state: string; challenge: string }): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: SCOPES,
    state: params.state,
    code_challenge: params.challenge,
    code_challenge_method: "S256",
  });
  return `${config.domain}/oauth2/authorize?${query}`;
}

/** The hosted UI's sign-out URL: ends Cognito's own session, then returns to the dashboard. */
export function logoutUrl(config: CognitoConfig): string {
  return `${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri })}`;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

/**
 * Starts a sign-in: keeps a new state and code verifier in this tab's storage and answers the
 * authorization URL to navigate to. `returnTo` (a path of this site) is where the user lands after.
 */
export async function beginSignIn(
  config: CognitoConfig,
  deps: Pick<CognitoDeps, "storage" | "crypto">,
  returnTo = "/",
): Promise<string> {
  const verifier = createCodeVerifier(deps.crypto);
  const state = base64url(deps.crypto.getRandomValues(new Uint8Array(16)));
  const pending: PendingSignIn = { state, verifier, returnTo: safeReturnPath(returnTo) };
  deps.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  return authorizeUrl(config, { state, challenge: await codeChallenge(verifier, deps.crypto.subtle) });
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
 * (else nothing is exchanged and nothing stored), then the code is exchanged, with the verifier,
 * for tokens. The pending sign-in is used up either way. Answers the sign-in and the return path.
 */
export async function completeSignIn(
  config: CognitoConfig,
  params: URLSearchParams,
  deps: CognitoDeps,
): Promise<{ signIn: CognitoSignIn; returnTo: string }> {
  const pending = takePending(deps.storage);
  const state = params.get("state");
  // A callback this tab did not start (a forged link, a stale tab) is refused before any request.
  if (!pending || !state || state !== pending.state) {
    throw new CognitoError("state-mismatch", "the sign-in callback's state is not the one this tab sent");
  }
  const error = params.get("error");
  if (error) {
    throw new CognitoError("authorization-denied", `${error}: ${params.get("error_description") ?? ""}`.trim());
  }
  const code = params.get("code");
  if (!code) throw new CognitoError("invalid-callback", "the sign-in callback carries no code");
  const signIn = await tokenRequest(
    config,
    {
      grant_type: "authorization_code",
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    },
    deps,
  );
  return { signIn, returnTo: pending.returnTo };
}

/** Renews a sign-in with its refresh token; Cognito answers new ID and access tokens. */
export async function refreshSignIn(
  config: CognitoConfig,
  signIn: Pick<CognitoSignIn, "refreshToken">,
  deps: Pick<CognitoDeps, "fetch" | "now">,
): Promise<CognitoSignIn> {
  return tokenRequest(
    config,
    { grant_type: "refresh_token", client_id: config.clientId, refresh_token: signIn.refreshToken },
    deps,
    signIn.refreshToken,
  );
}

/** Revokes a refresh token (the client allows revocation); best effort, it never throws. */
export async function revokeRefreshToken(
  config: CognitoConfig,
  refreshToken: string,
  deps: Pick<CognitoDeps, "fetch">,
): Promise<void> {
  try {
    await deps.fetch(`${config.domain}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken, client_id: config.clientId }),
      // The page navigates to Cognito's sign-out right after; the request must outlive it.
      keepalive: true,
    });
  } catch {
    // The token expires on its own within its validity; sign-out goes on regardless.
  }
}

async function tokenRequest(
  config: CognitoConfig,
  form: Record<string, string>,
  deps: Pick<CognitoDeps, "fetch" | "now">,
  previousRefreshToken?: string,
): Promise<CognitoSignIn> {
  let response: Response;
  try {
    response = await deps.fetch(`${config.domain}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form),
    });
  } catch (error) {
    throw new CognitoError("network", "the sign-in service could not be reached", { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) {
    const oauthError = typeof body?.error === "string" ? body.error : `HTTP ${response.status}`;
    throw new CognitoError("token-rejected", `the token endpoint refused the request: ${oauthError}`);
  }
  const idToken = body?.id_token;
  // The refresh grant answers no refresh token unless rotation is on; the old one stays valid.
  const refreshToken = typeof body?.refresh_token === "string" ? body.refresh_token : previousRefreshToken;
  if (typeof idToken !== "string" || !refreshToken) {
    throw new CognitoError("invalid-token", "the token endpoint answered no ID token or refresh token");
  }
  const claims = idTokenClaims(idToken, config);
  const obtainedAt = deps.now();
  // The token's lifetime by its own clock (exp − iat), counted from now by ours: a browser whose
  // clock is off still refreshes in time.
  const lifetimeSeconds =
    typeof claims.iat === "number" && typeof claims.exp === "number" ? claims.exp - claims.iat : Number.NaN;
  const expiresIn = typeof body?.expires_in === "number" ? body.expires_in : Number.POSITIVE_INFINITY;
  const seconds = Math.min(Number.isFinite(lifetimeSeconds) ? lifetimeSeconds : expiresIn, expiresIn);
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

function takePending(storage: CognitoDeps["storage"]): PendingSignIn | undefined {
  const raw = storage.getItem(PENDING_KEY);
  // Used up now, whatever the outcome: a code or state is never good twice.
  storage.removeItem(PENDING_KEY);
  try {
    const pending = JSON.parse(raw ?? "null") as PendingSignIn | null;
    return pending && typeof pending.state === "string" && typeof pending.verifier === "string"
      ? { ...pending, returnTo: safeReturnPath(pending.returnTo) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A path of this site, never another origin (`//evil.example` or `https://…`). */
function safeReturnPath(path: unknown): string {
  return typeof path === "string" && path.startsWith("/") && !path.startsWith("//") && !path.includes("\\")
    ? path
    : "/";
}
