/**
 * Verifies the sign-in token a dashboard presents when it opens the live socket (`?token=`): a
 * Cognito-issued JWT, checked with `jose` against the user pool's published keys. The keys are
 * injected, so tests sign with a locally generated key and production fetches the pool's JWKS.
 */
import type { Principal } from "@ioc/core";
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { principalFromClaims } from "./principal.js";

/** Why a token was refused; stable codes for logs, never sent to the client. */
export type LiveAuthErrorCode = "token-missing" | "token-expired" | "token-invalid" | "wrong-client" | "no-role";

/** A refused token. */
export class LiveAuthError extends Error {
  constructor(
    readonly code: LiveAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LiveAuthError";
  }
}

/** Turns a token into a principal, or throws a LiveAuthError. */
export interface TokenVerifier {
  verify(token: string | undefined): Promise<Principal>;
}

/** Options of the Cognito verifier. */
export interface CognitoVerifierOptions {
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` */
  issuer: string;
  /** The dashboard's user pool client id: ID tokens carry it as `aud`, access tokens as `client_id`. */
  clientId: string;
  /** Where signing keys come from (`cognitoJwks(issuer)` in production). */
  keys: JWTVerifyGetKey;
  clock: () => number;
  /** Allowed clock skew between Cognito and us. */
  clockToleranceSeconds?: number;
}

/** The issuer URL of a Cognito user pool. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The user pool's signing keys, fetched once per container and cached by `jose`. */
export function cognitoJwks(issuer: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
}

/** A verifier of Cognito ID and access tokens issued to the dashboard's client. */
export function createCognitoTokenVerifier(options: CognitoVerifierOptions): TokenVerifier {
  return {
    async verify(token) {
      if (!token) throw new LiveAuthError("token-missing", "no token was presented");
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          // Cognito signs with RS256 only; pinning it refuses `alg` downgrades.
          algorithms: ["RS256"],
          currentDate: new Date(options.clock()),
          clockTolerance: options.clockToleranceSeconds ?? 30,
          // A token without an expiry would be valid forever.
          requiredClaims: ["exp", "sub"],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new LiveAuthError("token-expired", "the token has expired", { cause: error });
        }
        throw new LiveAuthError("token-invalid", "the token failed verification", { cause: error });
      }
      if (payload.token_use !== "id" && payload.token_use !== "access") {
        throw new LiveAuthError("token-invalid", "the token is neither an ID nor an access token");
      }
      // A token from the same pool but for another app client must not open the dashboard's feed.
      const audience = payload.token_use === "id" ? payload.aud : payload.client_id;
      const forUs = Array.isArray(audience) ? audience.includes(options.clientId) : audience === options.clientId;
      if (!forUs) throw new LiveAuthError("wrong-client", "the token was issued to another client");
      if (typeof payload.sub !== "string") throw new LiveAuthError("token-invalid", "the token has no subject");
      const principal = principalFromClaims({ ...payload, sub: payload.sub });
      if (!principal) throw new LiveAuthError("no-role", "the token grants no dashboard role");
      return principal;
    },
  };
}
