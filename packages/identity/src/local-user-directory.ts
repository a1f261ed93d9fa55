/**
 * The local issuer's users as a `UserDirectory` (issue 13 item 1): what an admin lists in the
 * dashboard locally. The list is the runtime's start-up configuration, so it is read-only here
 * like Cognito's is for the API; only names, roles and provinces leave, never a password hash.
 */
import type { UserDirectory } from "@ioc/core";
import type { LocalUser } from "./local-issuer.js";

/** A read-only directory of the local issuer's users. */
export function createLocalUserDirectory(users: readonly LocalUser[]): UserDirectory {
  const listed = users.map((u) => ({ username: u.username, role: u.role, provinces: [...u.provinces], enabled: true }));
  return {
    kind: "local",
    async list() {
      return listed.map((u) => ({ ...u, provinces: [...u.provinces] }));
    },
  };
}
