/**
 * Who may do what (ARCHITECTURE.md): every dashboard user has one role and a set of provinces.
 * The server enforces these; the UI only hides what the server would refuse.
 */

/** Dashboard roles. */
export type Role = "leader" | "ops" | "planner" | "admin";
/** Every role, in display order. */
export const ROLES: readonly Role[] = ["leader", "ops", "planner", "admin"];

/** A signed-in dashboard user, as the API sees them after verifying their token. */
export interface Principal {
  subject: string;
  username: string;
  role: Role;
  /** Province codes the user may see; "*" means every province. */
  provinces: string[];
}

/** Things a role may be allowed to do. */
export type Permission =
  | "read"
  | "alerts:write"
  | "gaps:read"
  | "gaps:export"
  | "scenarios:write"
  | "rules:write"
  | "targets:write"
  | "sources:write"
  /** Search and export the audit trail (admins of the province). */
  | "audit:read"
  /** List dead letters and replay them through the processor. */
  | "deadletters:write"
  /** Preview and import commune boundaries. */
  | "boundaries:write"
  /** List the users of the sign-in issuer, with their role and provinces. */
  | "users:read";

const GRANTS: Record<Role, readonly Permission[]> = {
  leader: ["read", "gaps:read"],
  ops: ["read", "alerts:write"],
  planner: ["read", "gaps:read", "gaps:export", "scenarios:write"],
  admin: [
    "read",
    "alerts:write",
    "gaps:read",
    "gaps:export",
    "scenarios:write",
    "rules:write",
    "targets:write",
    "sources:write",
    "audit:read",
    "deadletters:write",
    "boundaries:write",
    "users:read",
  ],
};

/** True when `principal` holds `permission`, and, when given, may see `province`. */
export function can(principal: Principal, permission: Permission, province?: string): boolean {
  if (!GRANTS[principal.role].includes(permission)) return false;
  return province === undefined || principal.provinces.includes("*") || principal.provinces.includes(province);
}

/** The permissions of a role (for the UI to hide what the server would refuse). */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
