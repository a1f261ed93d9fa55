/**
 * Verifies the sign-in token a dashboard presents when it opens the live socket (`?token=`): the
 * Cognito ID token, checked by the very verifier the HTTP API uses (`@ioc/api`'s
 * `createCognitoVerifier`), so a token the API accepts opens the socket and one it refuses does
 * not. The keys are injected: tests sign with a local key, production fetches the pool's JWKS.
 */
import { createCognitoVerifier, type JwtVerifier } from "@ioc/api";
import type { JWTVerifyGetKey } from "jose";

export { cognitoIssuer, cognitoJwks, TokenError, type TokenErrorCode } from "@ioc/api";

/** Turns a token into a principal, or throws a `TokenError`. */
export type TokenVerifier = JwtVerifier;

/** Options of the live socket's verifier. */
export interface CognitoTokenVerifierOptions {
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` */
  issuer: string;
  /** The dashboard's user pool client id, the ID token's `aud`. */
  clientId: string;
  /** Where signing keys come from (`cognitoJwks(issuer)` in production). */
  keys: JWTVerifyGetKey;
  clock: () => number;
  /** Allowed clock skew between Cognito and us. */
  clockToleranceSeconds?: number;
}

/** A verifier of Cognito ID tokens issued to the dashboard's client. */
export function createCognitoTokenVerifier(options: CognitoTokenVerifierOptions): TokenVerifier {
  return createCognitoVerifier({
    issuer: options.issuer,
    clientId: options.clientId,
    jwks: options.keys,
    clock: options.clock,
    clockToleranceSeconds: options.clockToleranceSeconds,
  });
}
