/**
 * Identity routes: `POST /v1/auth/login` and `GET /.well-known/jwks.json` exist only where the
 * built-in local issuer runs (Cognito signs users in on AWS); `GET /v1/me` exists everywhere.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { jwksRoute, type jwksSchema, loginRequestSchema, loginRoute, meRoute } from "@ioc/contract";
import type { JwtVerifier, LocalIssuer } from "@ioc/identity";
import type { z } from "zod";
import { problem } from "../problem.js";
import { parseJsonOrProblem, parseOrProblem } from "../validation.js";
import { type AuthEnv, requireUser } from "./require-user.js";

/** What the identity routes need: a verifier, and the issuer when this runtime signs tokens. */
export interface AuthDeps {
  verifier: JwtVerifier;
  issuer?: LocalIssuer;
}

const invalidCredentials = () =>
  problem("invalid-credentials", {
    detail: "the username or the password is wrong", // One wording for an unknown user and a wrong password: which one it was is not said.
  });

type JwksBody = z.output<typeof jwksSchema>;

/** The identity routes, mounted at the root. */
export function authRoutes(auth: AuthDeps) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi({ ...meRoute, middleware: [requireUser({ verifier: auth.verifier })] }, (c) =>
    c.json(c.get("principal"), 200),
  );

  const issuer = auth.issuer;
  if (issuer) {
    app.openapi(loginRoute, async (c) => {
      // One code for unparseable JSON on every route: `malformed-json`, as ingest has always said.
      const body = parseJsonOrProblem(await c.req.text());
      const { username, password } = parseOrProblem(loginRequestSchema, body, "body");
      const issued = await issuer.login(username, password);
      if (!issued) throw invalidCredentials();
      // A token is a credential: no cache may keep it.
      c.header("cache-control", "no-store");
      return c.json(issued);
    });
    app.openapi(jwksRoute, (c) => {
      c.header("cache-control", "public, max-age=300");
      // jose types `kty` as optional on any JWK; a published public key always has one.
      return c.json(issuer.jwks as JwksBody, 200);
    });
  }
  return app;
}
