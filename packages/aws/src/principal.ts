/**
 * Who is on the other end of a live connection, read from the claims of a verified sign-in token
 * the way docs/API-CONTRACT.md fixes it for every runtime: the role from `custom:role` or else
 * the first dashboard role among `cognito:groups`, the provinces from `custom:provinces`.
 */
import { can, type Principal, ROLES, type Role } from "@ioc/core";

/** The token claim listing a user's provinces: comma-separated 2-digit codes, `*` for all. */
export const PROVINCES_CLAIM = "custom:provinces";
/** The token claim that may name the role explicitly. */
export const ROLE_CLAIM = "custom:role";

/** True when `principal` may watch `province`'s live feed (every role may read). */
export function canWatchProvince(principal: Principal, province: string): boolean {
  return can(principal, "read", province);
}

/** Reads the provinces claim; anything malformed grants nothing, so a typo never widens access. */
export function parseProvincesClaim(claim: unknown): string[] {
  if (typeof claim !== "string") return [];
  const codes = claim.split(",").map((code) => code.trim());
  return codes.every((code) => code === "*" || /^\d{2}$/.test(code)) ? codes : [];
}

/** The role a token grants (the same reading as packages/api/src/auth/claims.ts), or undefined. */
export function roleFromClaims(claims: Record<string, unknown>): Role | undefined {
  const isRole = (value: unknown): value is Role =>
    typeof value === "string" && (ROLES as readonly string[]).includes(value);
  // An explicit role that is not one is refused, not silently replaced by a group's.
  if (claims[ROLE_CLAIM] !== undefined) return isRole(claims[ROLE_CLAIM]) ? claims[ROLE_CLAIM] : undefined;
  const groups = claims["cognito:groups"];
  return Array.isArray(groups) ? groups.find(isRole) : undefined;
}

/** The principal of verified claims, or undefined when they grant no dashboard role. */
export function principalFromClaims(claims: Record<string, unknown> & { sub: string }): Principal | undefined {
  const role = roleFromClaims(claims);
  if (!role) return undefined;
  const username = claims["cognito:username"] ?? claims.username;
  return {
    subject: claims.sub,
    username: typeof username === "string" ? username : claims.sub,
    role,
    provinces: parseProvincesClaim(claims[PROVINCES_CLAIM]),
  };
}
