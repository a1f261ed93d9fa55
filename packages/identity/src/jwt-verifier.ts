/**
 * Verifies dashboard sign-in tokens (JWTs) against a JWKS and maps their claims to a `Principal`.
 * The same verifier serves every entry point: on AWS the HTTP API and the live socket's `$connect`
 * both check Cognito ID tokens with it (`createCognitoVerifier`, cognito.ts); locally it checks
 * the built-in issuer's tokens (`issuer.keys`). Which keys is an entry point's choice.
 */
import type { Principal } from "@ioc/core";
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { ClaimsError, principalFromClaims } from "./claims.js";

/** Why a token was refused. Stable codes for logs and for the 401's wording. */
export type TokenErrorCode = "token-missing" | "token-expired" | "token-invalid" | "unknown-role" | "invalid-claims";

/** A refused dashboard token. */
export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TokenError";
  }
}

/** Turns a bearer token into a principal, or throws a TokenError. */
export interface JwtVerifier {
  verify(token: string | undefined): Promise<Principal>;
}

/** Options of the verifier. */
export interface JwtVerifierOptions {
  /** Where signing keys come from: jose's `createRemoteJWKSet` (Cognito) or `createLocalJWKSet`. */
  jwks: JWTVerifyGetKey;
  /** The expected `iss`: Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`, or the local issuer's. */
  issuer: string;
  /** The expected `aud` (Cognito ID tokens: the app client id); not checked when omitted. */
  audience?: string;
  /** Time source, so tests control expiry. */
  clock?: () => number;
  /** Clock skew allowed between the issuer and us. */
  clockToleranceSeconds?: number;
  /** Signature algorithms accepted; RS256 (Cognito) and ES256 (the local issuer) by default. */
  algorithms?: readonly string[];
  /**
   * Require `token_use: "id"` (Cognito). Whether required or not, a token that declares another
   * use is refused: only Cognito's ID token carries `aud` and the `custom:provinces` claim, so an
   * access token would stand for a user without provinces.
   */
  requireIdToken?: boolean;
}

// The contract allows exactly these; pinning them refuses `alg: none` and HMAC confusion.
const ALGORITHMS = ["RS256", "ES256"] as const;

/** Builds a verifier of dashboard JWTs. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const clock = options.clock ?? Date.now;
  const tolerance = options.clockToleranceSeconds ?? 30;
  return {
    async verify(token) {
      if (!token) throw new TokenError("token-missing", "no token was presented");
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, options.jwks, {
          issuer: options.issuer,
          ...(options.audience === undefined ? {} : { audience: options.audience }),
          algorithms: [...(options.algorithms ?? ALGORITHMS)],
          currentDate: new Date(clock()),
          clockTolerance: tolerance,
          // A token without an expiry would be valid forever.
          requiredClaims: ["exp", "sub"],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          throw new TokenError("token-expired", "the token has expired", { cause: error });
        throw new TokenError("token-invalid", "the token failed verification", { cause: error });
      }
      const use = payload.token_use;
      if ((use !== undefined || options.requireIdToken) && use !== "id") {
        throw new TokenError("token-invalid", `a ${String(use ?? "untyped")} token is not a dashboard ID token`);
      }
      try {
        return principalFromClaims(payload);
      } catch (error) {
        if (error instanceof ClaimsError) throw new TokenError(error.code, error.message, { cause: error });
        throw error;
      }
    },
  };
}
