import type { AuditEntry } from "@ioc/core";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createSignInAuditTrigger } from "./sign-in-audit.js";

const event = (
  triggerSource: string,
  groups: string[],
  attributes: Record<string, string> = {},
): PreTokenGenerationTriggerEvent =>
  ({
    version: "1",
    triggerSource,
    region: "ap-southeast-1",
    userPoolId: "ap-southeast-1_Test",
    userName: "2f9c-uuid",
    callerContext: { awsSdkVersion: "x", clientId: "dashboard-client" },
    request: {
      userAttributes: { sub: "2f9c-uuid", email: "hoa@ioc.example.gov.vn", ...attributes },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: {} },
  }) as unknown as PreTokenGenerationTriggerEvent;

const recorder = () => {
  const entries: AuditEntry[] = [];
  return {
    entries,
    trigger: createSignInAuditTrigger({
      audit: {
        append: async (e) => {
          entries.push(e);
          return { ...e, seq: entries.length, prevHash: "", hash: "" };
        },
      },
      clock: () => 1_764_547_200_000,
    }),
  };
};

describe("the Cognito sign-in audit trigger", () => {
  it("records a sign-in in each chain of the user's provinces, with the role from the groups", async () => {
    const { entries, trigger } = recorder();
    const input = event("TokenGeneration_HostedAuth", ["ops"], { "custom:provinces": "48,49" });
    await expect(trigger(input)).resolves.toBe(input);
    expect(entries).toEqual([
      expect.objectContaining({ province: "48", actor: "2f9c-uuid", role: "ops", action: "auth.sign-in" }),
      expect.objectContaining({ province: "49", objectType: "user", objectId: "2f9c-uuid" }),
    ]);
    expect(entries[0]?.after).toEqual({
      via: "TokenGeneration_HostedAuth",
      clientId: "dashboard-client",
      email: "hoa@ioc.example.gov.vn",
    });
    expect(entries[0]?.at).toBe(1_764_547_200_000);
  });

  it("records an all-provinces user, and a user without a role group, in the national chain", async () => {
    const { entries, trigger } = recorder();
    await trigger(event("TokenGeneration_Authentication", ["admin"], { "custom:provinces": "*" }));
    await trigger(event("TokenGeneration_Authentication", []));
    expect(entries.map((e) => [e.province, e.role])).toEqual([
      ["00", "admin"],
      ["00", "none"],
    ]);
  });

  it("does not record a token refresh", async () => {
    const { entries, trigger } = recorder();
    await trigger(event("TokenGeneration_RefreshTokens", ["ops"], { "custom:provinces": "48" }));
    expect(entries).toEqual([]);
  });

  it("fails the sign-in when the trail cannot be written", async () => {
    const trigger = createSignInAuditTrigger({
      audit: {
        append: async () => {
          throw new Error("ProvisionedThroughputExceeded");
        },
      },
      clock: () => 0,
    });
    await expect(trigger(event("TokenGeneration_HostedAuth", ["ops"], { "custom:provinces": "48" }))).rejects.toThrow();
  });
});
