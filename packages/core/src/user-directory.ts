/**
 * The users of the sign-in issuer, as administrators list them (issue 13 item 1): locally the
 * built-in issuer's users, on AWS the Cognito user pool's (changed there, not here). One port so
 * the API route and the screen do not care which.
 */
import type { Role } from "./roles.js";

/** A user as listed: never a password nor its hash. */
export interface DirectoryUser {
  username: string;
  /** The dashboard role; undefined when the user is in no role group (they cannot sign in). */
  role?: Role;
  /** Province codes, `*` for every province. */
  provinces: string[];
  /** False for a user the issuer has disabled. */
  enabled: boolean;
  /** The issuer's own status word (Cognito's UserStatus, e.g. CONFIRMED), when it has one. */
  status?: string;
  /** Epoch ms the user was created, when known. */
  createdAt?: number;
}

/** Where the users come from, and whether they are changed there. */
export interface UserDirectory {
  /** `local`: the runtime's built-in issuer; `cognito`: the deployment's user pool. */
  readonly kind: "local" | "cognito";
  /** Every user, in no particular order. */
  list(): Promise<DirectoryUser[]>;
}

/** The users who can see `province` (theirs, or every province), sorted by name. */
export function usersOfProvince(users: readonly DirectoryUser[], province: string): DirectoryUser[] {
  return users
    .filter((u) => u.provinces.includes("*") || u.provinces.includes(province))
    .sort((a, b) => a.username.localeCompare(b.username));
}
