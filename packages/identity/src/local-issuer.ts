/**
 * The local runtime's stand-in for Cognito: signs dashboard tokens for a few demo users with an
 * ES256 key pair made at start, and publishes the public half as a JWKS. Its tokens carry
 * Cognito's claim names, so the one verifier reads both. A restart makes a new key, which signs
 * everyone out: acceptable for a development runtime, and nothing secret is ever written to disk.
 */
import { type Principal, ROLES, type Role } from "@ioc/core";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWTVerifyGetKey, SignJWT } from "jose";
import { claimsFromPrincipal } from "./claims.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/** A user the local issuer knows: a password hash, never the password. */
export interface LocalUser {
  username: string;
  passwordHash: string;
  role: Role;
  provinces: string[];
}

/** A signed token and what it says. */
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: Principal;
}

/** Options of the issuer. */
export interface LocalIssuerOptions {
  users: readonly LocalUser[];
  clock: () => number;
  /** Token lifetime; a working day by default, so a demo is not interrupted. */
  ttlSeconds?: number;
  /** The `iss` of its tokens. */
  issuer?: string;
  /** The `aud` of its tokens. */
  audience?: string;
}

/** The local issuer. */
export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public keys, as `GET /.well-known/jwks.json` serves them. */
  readonly jwks: JSONWebKeySet;
  /** The same keys for `createJwtVerifier({ jwks })`. */
  readonly keys: JWTVerifyGetKey;
  /** A token for a known user with the right password; undefined otherwise (which is not said). */
  login(username: string, password: string): Promise<IssuedToken | undefined>;
  /** A token for any principal: for tools and tests that need a user the demo does not have. */
  issue(principal: Principal): Promise<IssuedToken>;
}

/** The demo province every demo user is scoped to. */
export const DEMO_PROVINCE = "99";

/** The demo users: one per role, named after it, all with `password`, all scoped to one province. */
export async function demoUsers(password: string, province = DEMO_PROVINCE): Promise<LocalUser[]> {
  return Promise.all(
    ROLES.map(async (role) => ({
      username: role,
      role,
      provinces: [province],
      passwordHash: await hashPassword(password),
    })),
  );
}

/** Starts an issuer with a fresh ES256 key pair. */
export async function createLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const issuer = options.issuer ?? "urn:ioc:local-issuer";
  const audience = options.audience ?? "ioc-dashboard";
  const ttlSeconds = options.ttlSeconds ?? 8 * 3600;
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const kid = `local-${options.clock().toString(36)}`;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }] };
  const users = new Map(options.users.map((u) => [u.username, u]));
  // An unknown username still costs one scrypt, so response time does not reveal which names exist.
  const decoy = await hashPassword(`decoy-${kid}`);

  const issue = async (principal: Principal): Promise<IssuedToken> => {
    const issuedAt = Math.floor(options.clock() / 1000);
    const expiresAtSeconds = issuedAt + ttlSeconds;
    const token = await new SignJWT(claimsFromPrincipal(principal))
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(principal.subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .sign(privateKey);
    return { token, expiresAt: expiresAtSeconds * 1000, user: principal };
  };

  return {
    issuer,
    audience,
    jwks,
    keys: createLocalJWKSet(jwks),
    issue,
    async login(username, password) {
      const user = users.get(username);
      const matches = await verifyPassword(password, user?.passwordHash ?? decoy);
      if (!user || !matches) return undefined;
      return issue({
        subject: `local:${user.username}`,
        username: user.username,
        role: user.role,
        provinces: user.provinces,
      });
    },
  };
}
