import { describe, expect, it } from "vitest";
import {
  type CognitoUserPoolPort,
  type CognitoUserRecord,
  createCognitoUserDirectory,
} from "./cognito-user-directory.js";

const user = (name: string, provinces?: string, extra: Partial<CognitoUserRecord> = {}): CognitoUserRecord => ({
  Username: name,
  Attributes: [
    { Name: "email", Value: `${name}@example.vn` },
    ...(provinces === undefined ? [] : [{ Name: "custom:provinces", Value: provinces }]),
  ],
  Enabled: true,
  UserStatus: "CONFIRMED",
  UserCreateDate: new Date("2026-11-01T00:00:00Z"),
  ...extra,
});

/** A fake pool: users in pages of two, groups in pages of one, and a record of every call. */
function fakePool(users: CognitoUserRecord[], groups: Record<string, string[]>) {
  const calls: string[] = [];
  const pool: CognitoUserPoolPort = {
    async listUsers({ UserPoolId, PaginationToken }) {
      expect(UserPoolId).toBe("ap-southeast-1_pool");
      calls.push(`listUsers ${PaginationToken ?? ""}`);
      const from = Number(PaginationToken ?? 0);
      const next = from + 2 < users.length ? String(from + 2) : undefined;
      return { Users: users.slice(from, from + 2), ...(next ? { PaginationToken: next } : {}) };
    },
    async listUsersInGroup({ GroupName, NextToken }) {
      calls.push(`listUsersInGroup ${GroupName} ${NextToken ?? ""}`);
      const names = groups[GroupName] ?? [];
      const from = Number(NextToken ?? 0);
      const found = users.filter((u) => u.Username === names[from]);
      return { Users: found, ...(from + 1 < names.length ? { NextToken: String(from + 1) } : {}) };
    },
  };
  return { pool, calls };
}

describe("the Cognito user directory", () => {
  it("lists every page of users with the role of their group and the provinces of custom:provinces", async () => {
    const users = [
      user("lan", "48"),
      user("minh", "48,99"),
      user("quoc", "*"),
      user("tam", "4x"),
      user("vy", undefined, { Enabled: false, UserStatus: "FORCE_CHANGE_PASSWORD" }),
    ];
    const { pool, calls } = fakePool(users, { admin: ["lan", "quoc"], ops: ["minh", "quoc"], leader: ["vy"] });
    const directory = createCognitoUserDirectory({ pool, userPoolId: "ap-southeast-1_pool" });
    expect(directory.kind).toBe("cognito");
    const listed = await directory.list();
    expect(listed).toEqual([
      {
        username: "lan",
        role: "admin",
        provinces: ["48"],
        enabled: true,
        status: "CONFIRMED",
        createdAt: Date.parse("2026-11-01T00:00:00Z"),
      },
      expect.objectContaining({ username: "minh", role: "ops", provinces: ["48", "99"] }),
      // In two role groups: the first in ROLES order (leader, ops, planner, admin).
      expect.objectContaining({ username: "quoc", role: "ops", provinces: ["*"] }),
      // A malformed province list grants nothing, as a token with it would be refused; no group, no role.
      expect.objectContaining({ username: "tam", provinces: [] }),
      expect.objectContaining({ username: "vy", role: "leader", enabled: false, status: "FORCE_CHANGE_PASSWORD" }),
    ]);
    expect(listed.find((u) => u.username === "tam")?.role).toBeUndefined();
    // Three pages of users, then each role group walked page by page: no call per user.
    expect(calls.filter((c) => c.startsWith("listUsers "))).toEqual(["listUsers ", "listUsers 2", "listUsers 4"]);
    expect(calls.filter((c) => c.startsWith("listUsersInGroup")).length).toBe(1 + 2 + 1 + 2);
    // Nothing of the attributes beyond role and provinces leaves the adapter (no e-mail).
    expect(JSON.stringify(listed)).not.toContain("@example.vn");
  });
});
