import { PROVINCES_CLAIM } from "@ioc/aws";
import { ROLES } from "@ioc/core";
import { beforeAll, describe, expect, it } from "vitest";
import { Auth } from "./Auth.js";
import { resourcesOf, type Synthesized, synthesize } from "./test-support.js";

let prod: Synthesized;
let dev: Synthesized;

beforeAll(async () => {
  prod = await synthesize("prod", [Auth]);
  dev = await synthesize("dev-alice", [Auth]);
});

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0] as T;
};

describe("Auth", () => {
  it("has a user pool where only administrators create users, with a provinces attribute", () => {
    const pool = only(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPool"));
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.Properties.Schema).toContainEqual(
      expect.objectContaining({
        Name: PROVINCES_CLAIM.replace("custom:", ""),
        AttributeDataType: "String",
        Mutable: true,
      }),
    );
    expect(pool.Properties.Policies).toMatchObject({ PasswordPolicy: { MinimumLength: 12 } });
    expect(pool.Properties.MfaConfiguration).toBe("OPTIONAL");
  });

  it("has one group per dashboard role", () => {
    const groups = Object.values(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPoolGroup")).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
    expect([...ROLES].sort()).toEqual(["admin", "leader", "ops", "planner"]);
  });

  it("gives the dashboard a public SRP client that cannot write a user's provinces", () => {
    const client = only(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPoolClient"));
    expect(client.Properties.GenerateSecret).toBe(false);
    expect((client.Properties.ExplicitAuthFlows as string[]).sort()).toEqual([
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_USER_SRP_AUTH",
    ]);
    expect(client.Properties.PreventUserExistenceErrors).toBe("ENABLED");
    expect(client.Properties.WriteAttributes).toEqual(["name"]);
  });

  it("retains and protects the pool outside disposable stages", () => {
    const prodPool = Object.values(prod.template(Auth).findResources("AWS::Cognito::UserPool"))[0];
    const devPool = Object.values(dev.template(Auth).findResources("AWS::Cognito::UserPool"))[0];
    expect(prodPool).toMatchObject({ DeletionPolicy: "Retain", Properties: { DeletionProtection: "ACTIVE" } });
    expect(devPool).toMatchObject({ DeletionPolicy: "Delete", Properties: { DeletionProtection: "INACTIVE" } });
  });
});
