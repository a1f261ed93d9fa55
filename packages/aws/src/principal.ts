/**
 * Who is on the other end of a live connection, as the sign-in token says. Every dashboard role is
 * scoped to provinces (ARCHITECTURE.md), so a principal carries both.
 */

/** The dashboard roles; each is a Cognito group of the same name. */
export const DASHBOARD_ROLES = ["leader", "ops", "planner", "admin"] as const;
/** One dashboard role. */
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

/** The token claim listing a user's provinces: comma-separated 2-digit codes, or `*` for all. */
export const PROVINCES_CLAIM = "custom:provinces";

/** A signed-in dashboard user. */
export interface Principal {
  subject: string;
  roles: DashboardRole[];
  /** The provinces the user may watch; `"all"` only when the claim says `*`. */
  provinces: "all" | string[];
}

/** True when `principal` may watch `province`'s live feed. */
export function canWatchProvince(principal: Principal, province: string): boolean {
  if (principal.roles.length === 0) return false;
  return principal.provinces === "all" || principal.provinces.includes(province);
}

/** Reads the provinces claim; anything malformed grants nothing, so a typo never widens access. */
export function parseProvincesClaim(claim: unknown): "all" | string[] {
  if (typeof claim !== "string") return [];
  if (claim.trim() === "*") return "all";
  const codes = claim.split(",").map((code) => code.trim());
  return codes.every((code) => /^\d{2}$/.test(code)) ? codes : [];
}

/** The dashboard roles among a token's groups; unknown groups are ignored. */
export function rolesFromGroups(groups: unknown): DashboardRole[] {
  if (!Array.isArray(groups)) return [];
  return DASHBOARD_ROLES.filter((role) => groups.includes(role));
}
