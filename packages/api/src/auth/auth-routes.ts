/**
 * Identity routes: `POST /v1/auth/login` and `GET /.well-known/jwks.json` exist only where the
 * built-in local issuer runs (Cognito signs users in on AWS); `GET /v1/me` exists everywhere.
 */

import { jwksRoute, type jwksSchema, loginRequestSchema, loginRoute, meRoute } from "@ioc/contract";
import { type AuditStore, NATIONAL_AUDIT_CHAIN } from "@ioc/core";
import type { JwtVerifier, LocalIssuer } from "@ioc/identity";
import type { z } from "zod";
import { recordAudit } from "../audit-recorder.js";
import { OpenAPIHono } from "../openapi-hono.js";
import { problem } from "../problem.js";
import { parseJsonOrProblem, parseOrProblem } from "../validation.js";
import { type AuthEnv, requireUser } from "./require-user.js";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle.js";

/** What the identity routes need: a verifier, and the issuer when this runtime signs tokens. */
export interface AuthDeps {
  verifier: JwtVerifier;
  issuer?: LocalIssuer;
  /** Failed sign-ins per user and per address; one with default limits is made when omitted. */
  throttle?: SignInThrottle;
}

/** The client's address: the node server's socket (local runtime), else one shared bucket. */
function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

const invalidCredentials = () =>
  problem("invalid-credentials", {
    detail: "the username or the password is wrong", // One wording for an unknown user and a wrong password: which one it was is not said.
  });

type JwksBody = z.output<typeof jwksSchema>;

/** A sign-in is recorded in each chain of the user's provinces ("*": the national chain). */
function signInChains(provinces: readonly string[]): string[] {
  return provinces.includes("*") || provinces.length === 0 ? [NATIONAL_AUDIT_CHAIN] : [...provinces];
}

function signInFacts(province: string | undefined, username: string) {
  return {
    province: province ?? NATIONAL_AUDIT_CHAIN,
    action: province ? "auth.sign-in" : "auth.sign-in-failed",
    objectType: "user",
    objectId: username,
  };
}

/** The identity routes, mounted at the root. */
export function authRoutes(auth: AuthDeps, clock: () => number = Date.now, audit?: AuditStore) {
  const app = new OpenAPIHono<AuthEnv>();
  const throttle = auth.throttle ?? createSignInThrottle({ clock });

  app.openapi({ ...meRoute, middleware: [requireUser({ verifier: auth.verifier })] }, (c) =>
    c.json(c.get("principal"), 200),
  );

  const issuer = auth.issuer;
  if (issuer) {
    app.openapi(loginRoute, async (c) => {
      // One code for unparseable JSON on every route: `malformed-json`, as ingest has always said.
      const body = parseJsonOrProblem(await c.req.text());
      const { username, password } = parseOrProblem(loginRequestSchema, body, "body");
      const address = clientAddress(c.env);
      // Checked before the password: while throttled the right password is refused too.
      const verdict = throttle.check(username, address);
      if (!verdict.allowed) {
        const wait = verdict.retryAfterSeconds;
        throw problem("too-many-sign-ins", {
          detail: `Đăng nhập sai quá nhiều lần; thử lại sau ${wait} giây. Too many failed sign-ins; try again in ${wait} s.`,
          headers: { "retry-after": String(wait) },
          extensions: { retryAfterSeconds: wait },
        });
      }
      const issued = await issuer.login(username, password);
      if (!issued) {
        throttle.fail(username, address);
        // The name typed is recorded (it may be nobody's), in the chain of no single province.
        await recordAudit({ audit, clock }, c, { username, role: "anonymous" }, signInFacts(undefined, username));
        throw invalidCredentials();
      }
      for (const province of signInChains(issued.user.provinces))
        await recordAudit({ audit, clock }, c, issued.user, signInFacts(province, username));
      throttle.succeed(username);
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
