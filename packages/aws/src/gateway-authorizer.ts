/**
 * The HTTP API's reader authorizer (issue 14 item 4): a Lambda authorizer for the read routes that
 * admits a dashboard user's Cognito ID token or a wall device's token (ES256, the product's key),
 * where API Gateway's own JWT authorizer knows one issuer only. The app verifies the token again
 * for role and provinces; this is the gate in front of it.
 */
import { createJwtVerifier, DEVICE_AUDIENCE, DEVICE_ISSUER, type JwtVerifier, TokenError } from "@ioc/identity";
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from "aws-lambda";
import { createLocalJWKSet, type JWK } from "jose";

/** Verifies device tokens with the public half of the product's device key (no secret needed). */
export function createDeviceTokenVerifier(publicJwk: JWK, clock: () => number): JwtVerifier {
  return createJwtVerifier({
    jwks: createLocalJWKSet({ keys: [{ ...publicJwk, alg: "ES256", use: "sig" }] }),
    issuer: DEVICE_ISSUER,
    audience: DEVICE_AUDIENCE,
    algorithms: ["ES256"],
    clock,
  });
}

/** What the authorizer passes on to the integration (`requestContext.authorizer.lambda`). */
export interface ReaderContext {
  username: string;
  role: string;
}

/** Builds the authorizer: a bearer token that `verifier` accepts is admitted, anything else refused. */
export function createGatewayAuthorizer(deps: {
  verifier: JwtVerifier;
  logger: { info(message: string, ...extra: unknown[]): void };
}) {
  return async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<ReaderContext>> => {
    const header = event.headers?.authorization ?? event.headers?.Authorization ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    try {
      const principal = await deps.verifier.verify(token);
      return { isAuthorized: true, context: { username: principal.username, role: principal.role } };
    } catch (error) {
      // A bad token is a refusal (403 from the gateway); anything else (JWKS unreachable) fails loudly.
      if (!(error instanceof TokenError)) throw error;
      deps.logger.info("reader refused", { code: error.code, route: event.routeKey });
      return { isAuthorized: false, context: { username: "", role: "" } };
    }
  };
}
