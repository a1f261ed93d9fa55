/**
 * Cognito as the dashboard's issuer on AWS. The dashboard signs in through the user pool's hosted
 * UI and sends the **ID token**: it is the one Cognito token that carries the dashboard client as
 * `aud` and the user's `custom:provinces` (access tokens carry neither without a paid-tier
 * trigger). API Gateway's JWT authorizer accepts it (its audience is the client id), and the app
 * and the live socket's `$connect` both verify it with `createCognitoVerifier`, so all three agree.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { createJwtVerifier, type JwtVerifier } from "./jwt-verifier.js";

/** The issuer URL of a Cognito user pool. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The user pool's signing keys, fetched once per container and cached by `jose`. */
export function cognitoJwks(issuer: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
}

/** Options of the Cognito verifier. */
export interface CognitoVerifierOptions {
  /** `cognitoIssuer(region, userPoolId)`. */
  issuer: string;
  /** The dashboard's app client id, the ID token's `aud`. */
  clientId: string;
  /** Where signing keys come from: `cognitoJwks(issuer)` in production, a local JWKS in tests. */
  jwks: JWTVerifyGetKey;
  clock?: () => number;
  /** Clock skew allowed between Cognito and us. */
  clockToleranceSeconds?: number;
}

/** A verifier of Cognito ID tokens issued to the dashboard's client (RS256, `token_use: "id"`). */
export function createCognitoVerifier(options: CognitoVerifierOptions): JwtVerifier {
  return createJwtVerifier({
    jwks: options.jwks,
    issuer: options.issuer,
    audience: options.clientId,
    // Cognito signs with RS256 only; pinning it refuses `alg` downgrades.
    algorithms: ["RS256"],
    requireIdToken: true,
    clock: options.clock,
    clockToleranceSeconds: options.clockToleranceSeconds,
  });
}
