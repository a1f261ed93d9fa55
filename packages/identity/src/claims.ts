/**
 * The claims a dashboard token carries, and the `Principal` they stand for. Cognito and the local
 * issuer use the same names (docs/API-CONTRACT.md), so one mapping serves both runtimes:
 * `sub`; `cognito:username` (or `username`); the role from `custom:role` or the user's groups
 * (`cognito:groups`); the provinces from `custom:provinces`, comma-separated, `*` for all.
 */
import { type Principal, ROLES, type Role } from "@ioc/core";
import type { JWTPayload } from "jose";

/** Claim names shared by Cognito ID tokens and local tokens. */
export const CLAIMS = {
  username: "cognito:username",
  groups: "cognito:groups",
  role: "custom:role",
  provinces: "custom:provinces",
} as const;

/** Why claims do not make a principal; the verifier turns these into token errors. */
export class ClaimsError extends Error {
  constructor(
    readonly code: "unknown-role" | "invalid-claims",
    message: string,
  ) {
    super(message);
    this.name = "ClaimsError";
  }
}

const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as string[]).includes(value);

function roleOf(payload: JWTPayload): Role {
  const explicit = payload[CLAIMS.role];
  if (explicit !== undefined) {
    if (!isRole(explicit)) throw new ClaimsError("unknown-role", `custom:role ${String(explicit)} is not a role`);
    return explicit;
  }
  const groups = payload[CLAIMS.groups];
  // The first group that names a role: a user pool may hold other groups (federation, tooling)
  // that must not lock a user out. Give each user exactly one role group.
  const role = Array.isArray(groups) ? groups.find(isRole) : undefined;
  if (!role) throw new ClaimsError("unknown-role", "neither custom:role nor cognito:groups names a dashboard role");
  return role;
}

function provincesOf(payload: JWTPayload): string[] {
  const claim = payload[CLAIMS.provinces];
  // No claim grants nothing (every province-scoped route then answers 403), never everything.
  if (claim === undefined) return [];
  if (typeof claim !== "string") throw new ClaimsError("invalid-claims", "custom:provinces is not a string");
  const codes = claim
    .split(",")
    .map((code) => code.trim())
    .filter((code) => code !== "");
  // A malformed list is refused rather than half-read, so a typo never widens or silently narrows access.
  if (!codes.every((code) => code === "*" || /^\d{2}$/.test(code))) {
    throw new ClaimsError("invalid-claims", "custom:provinces must be 2-digit codes or *");
  }
  return codes;
}

/** The principal a verified token's claims describe, or a ClaimsError. */
export function principalFromClaims(payload: JWTPayload): Principal {
  if (typeof payload.sub !== "string" || payload.sub === "") {
    throw new ClaimsError("invalid-claims", "the token has no subject");
  }
  const username = payload[CLAIMS.username] ?? payload.username ?? payload.sub;
  if (typeof username !== "string") throw new ClaimsError("invalid-claims", "the username claim is not a string");
  return { subject: payload.sub, username, role: roleOf(payload), provinces: provincesOf(payload) };
}

/** The claims a local token carries for a principal (Cognito's names, so one verifier reads both). */
export function claimsFromPrincipal(principal: Principal): JWTPayload {
  return {
    [CLAIMS.username]: principal.username,
    [CLAIMS.groups]: [principal.role],
    [CLAIMS.provinces]: principal.provinces.join(","),
  };
}
