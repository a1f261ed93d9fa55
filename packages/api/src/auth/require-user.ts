/**
 * Dashboard routes are for signed-in users: `requireUser` reads `Authorization: Bearer <JWT>`,
 * verifies it, checks the role (and the province, when the route names one) and puts the
 * principal on the context; handlers that decide per record call `assertCan`. Failures are
 * ProblemErrors, so `app.onError` answers them as problem+json like every other error.
 */
import { can, type Permission, type Principal } from "@ioc/core";
import { type JwtVerifier, TokenError, type TokenErrorCode } from "@ioc/identity";
import type { Context, MiddlewareHandler } from "hono";
import { type ProblemError, problem } from "../problem.js";

/** Context variables set by `requireUser`: `c.get("principal")`. */
export interface AuthVariables {
  principal: Principal;
}
/** The Hono environment of routes behind `requireUser`. */
export interface AuthEnv {
  Variables: AuthVariables;
}

/** Options of `requireUser`. */
export interface RequireUserOptions {
  verifier: JwtVerifier;
  /** What the route needs; any signed-in user passes when omitted. */
  permission?: Permission;
  /** The province the request is about, checked against the user's scope; none when omitted. */
  province?: (c: Context) => string | undefined;
  /** The realm named in `WWW-Authenticate`. */
  realm?: string;
}

const DEFAULTS = { realm: "ioc-dashboard" } satisfies Partial<RequireUserOptions>;

// Said to the client instead of the verifier's own message, which may quote library internals.
const REFUSALS: Record<TokenErrorCode, string> = {
  "token-missing": "send the sign-in token as 'Authorization: Bearer <token>'",
  "token-expired": "the sign-in token has expired; sign in again",
  "token-invalid": "the sign-in token is not valid here",
  "unknown-role": "the sign-in token grants no dashboard role",
  "invalid-claims": "the sign-in token's claims are malformed",
};

function unauthorized(realm: string, code: TokenErrorCode, cause?: unknown): ProblemError {
  // RFC 6750 §3: no error attribute when no token was sent, `invalid_token` otherwise.
  const challenge =
    code === "token-missing" ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="invalid_token"`;
  return problem("unauthorized", { detail: REFUSALS[code], cause, headers: { "www-authenticate": challenge } });
}

/** Throws the 403 problem unless `principal` may do `permission` (in `province`, when given). */
export function assertCan(principal: Principal, permission: Permission, province?: string): void {
  if (can(principal, permission, province)) return;
  const where = province === undefined ? "" : ` in province ${province}`;
  throw problem("forbidden", { detail: `the ${principal.role} role may not ${permission}${where}` });
}

/** Middleware: a verified user with the permission, or a 401/403 problem. */
export function requireUser(options: RequireUserOptions): MiddlewareHandler<AuthEnv> {
  const { verifier, permission, province, realm } = { ...DEFAULTS, ...options };
  return async function requireUserMiddleware(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    let principal: Principal;
    try {
      principal = await verifier.verify(match?.[1]);
    } catch (error) {
      if (error instanceof TokenError) throw unauthorized(realm, error.code, error);
      throw error;
    }
    if (permission) assertCan(principal, permission, province?.(c));
    c.set("principal", principal);
    await next();
  };
}
