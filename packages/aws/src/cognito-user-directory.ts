/**
 * The Cognito user pool as a `UserDirectory` (issue 13 item 1): on AWS the administration screen
 * lists the pool's users, and they are changed in Cognito (console or `aws cognito-idp`), never
 * through the API. The mapping is the one tokens get (packages/identity/src/claims.ts): the role
 * from the user's role group, the provinces from `custom:provinces`, comma-separated, `*` for all.
 *
 * The adapter takes a port shaped like the SDK's ListUsers and ListUsersInGroup outputs, so it is
 * tested with a fake and the entry point fills it with `CognitoIdentityProviderClient.send`. Group
 * membership comes from one ListUsersInGroup walk per role group (four), not one call per user.
 */
import { type DirectoryUser, ROLES, type Role, type UserDirectory } from "@ioc/core";
import { CLAIMS } from "@ioc/identity";

/** A user as Cognito's ListUsers and ListUsersInGroup return it. */
export interface CognitoUserRecord {
  Username?: string;
  Attributes?: Array<{ Name?: string; Value?: string }>;
  UserCreateDate?: Date;
  Enabled?: boolean;
  UserStatus?: string;
}

/** The two Cognito calls the directory makes (input and output as the SDK has them). */
export interface CognitoUserPoolPort {
  listUsers(input: {
    UserPoolId: string;
    PaginationToken?: string;
  }): Promise<{ Users?: CognitoUserRecord[]; PaginationToken?: string }>;
  listUsersInGroup(input: {
    UserPoolId: string;
    GroupName: string;
    NextToken?: string;
  }): Promise<{ Users?: CognitoUserRecord[]; NextToken?: string }>;
}

/** Options of the directory. */
export interface CognitoUserDirectoryOptions {
  pool: CognitoUserPoolPort;
  userPoolId: string;
}

const PROVINCES_ATTRIBUTE = CLAIMS.provinces;

/** The provinces of `custom:provinces`; a malformed list grants nothing, as the claims mapping refuses it. */
export function provincesOfAttribute(value: string | undefined): string[] {
  if (!value) return [];
  const codes = value
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  return codes.every((c) => c === "*" || /^\d{2}$/.test(c)) ? codes : [];
}

/** Lists the pool's users with their role group and provinces. */
export function createCognitoUserDirectory(options: CognitoUserDirectoryOptions): UserDirectory {
  const { pool, userPoolId } = options;
  return {
    kind: "cognito",
    async list() {
      const records: CognitoUserRecord[] = [];
      let token: string | undefined;
      do {
        const page = await pool.listUsers({ UserPoolId: userPoolId, ...(token ? { PaginationToken: token } : {}) });
        records.push(...(page.Users ?? []));
        token = page.PaginationToken;
      } while (token);

      // A user in several role groups takes the first in ROLES order, so the answer is stable;
      // the pool should give each user exactly one (infra/Auth.ts).
      const roleOf = new Map<string, Role>();
      for (const role of ROLES) {
        let next: string | undefined;
        do {
          const page = await pool.listUsersInGroup({
            UserPoolId: userPoolId,
            GroupName: role,
            ...(next ? { NextToken: next } : {}),
          });
          for (const u of page.Users ?? []) if (u.Username && !roleOf.has(u.Username)) roleOf.set(u.Username, role);
          next = page.NextToken;
        } while (next);
      }

      return records
        .filter((r): r is CognitoUserRecord & { Username: string } => typeof r.Username === "string")
        .map((r): DirectoryUser => {
          const role = roleOf.get(r.Username);
          const provinces = r.Attributes?.find((a) => a.Name === PROVINCES_ATTRIBUTE)?.Value;
          return {
            username: r.Username,
            ...(role ? { role } : {}),
            provinces: provincesOfAttribute(provinces),
            enabled: r.Enabled !== false,
            ...(r.UserStatus ? { status: r.UserStatus } : {}),
            ...(r.UserCreateDate ? { createdAt: r.UserCreateDate.getTime() } : {}),
          };
        });
    },
  };
}
