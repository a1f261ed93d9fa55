import { PROVINCES_CLAIM } from "@ioc/aws";
import { ROLES } from "@ioc/core";
import { getStack } from "sst/constructs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Auth, hostedUiDomainPrefix, signInCallbackUrls } from "./Auth.js";
import { deployConfig } from "./config.js";
import { Storage } from "./Storage.js";
import { permissionsOf, resourcesOf, type Synthesized, synthesize } from "./test-support.js";

let prod: Synthesized;
let dev: Synthesized;
let unconfigured: Synthesized;
let unconfiguredWarnings: unknown[];

beforeAll(async () => {
  // As a province's .env.prod would set them.
  vi.stubEnv("IOC_DASHBOARD_URL", "https://ioc.quangnam.example.gov.vn");
  prod = await synthesize("prod", [Storage, Auth]);
  vi.stubEnv("IOC_DASHBOARD_URL", "");
  dev = await synthesize("dev-alice", [Storage, Auth]);
  unconfigured = await synthesize("staging", [Storage, Auth]);
  // Read from the stack's metadata rather than `Annotations.fromStack`, which synthesizes the
  // app a second time, and SST's unique-id check refuses a second pass over its constructs
  // (the Storage tables this app now holds for the sign-in trigger).
  unconfiguredWarnings = getStack(Auth)
    .node.metadata.filter((m) => m.type === "aws:cdk:warning")
    .filter((m) => /IOC_DASHBOARD_URL/.test(String(m.data)));
  vi.unstubAllEnvs();
});

afterEach(() => vi.unstubAllEnvs());

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

  it("gives the dashboard a public client that cannot write a user's provinces", () => {
    const client = only(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPoolClient"));
    expect(client.Properties.GenerateSecret).toBe(false);
    expect((client.Properties.ExplicitAuthFlows as string[]).sort()).toEqual([
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_USER_SRP_AUTH",
    ]);
    expect(client.Properties.PreventUserExistenceErrors).toBe("ENABLED");
    expect(client.Properties.WriteAttributes).toEqual(["name"]);
    // Short-lived tokens, a refresh token for a working day, and sign-out that revokes it.
    expect(client.Properties).toMatchObject({
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "minutes" },
      EnableTokenRevocation: true,
    });
  });

  it("lets the dashboard sign in through the hosted UI with the code grant only, back to its own address", () => {
    const client = only(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPoolClient"));
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthFlows).toEqual(["code"]);
    expect((client.Properties.AllowedOAuthScopes as string[]).sort()).toEqual(["email", "openid", "profile"]);
    expect(client.Properties.SupportedIdentityProviders).toEqual(["COGNITO"]);
    // Exactly the redirect_uri the dashboard sends: its origin and "/", nothing on loopback.
    expect(client.Properties.CallbackURLs).toEqual(["https://ioc.quangnam.example.gov.vn/"]);
    expect(client.Properties.LogoutURLs).toEqual(["https://ioc.quangnam.example.gov.vn/"]);
  });

  it("admits the local dashboard as a callback on disposable stages only", () => {
    const client = only(resourcesOf(dev.template(Auth), "AWS::Cognito::UserPoolClient"));
    expect(client.Properties.CallbackURLs).toEqual(["http://localhost:3000/", "http://localhost:5173/"]);
    expect(client.Properties.LogoutURLs).toEqual(client.Properties.CallbackURLs);
    expect(signInCallbackUrls("dev-alice", "https://ioc.example.gov.vn")).toEqual([
      "https://ioc.example.gov.vn/",
      "http://localhost:3000/",
      "http://localhost:5173/",
    ]);
  });

  it("warns when a protected stage does not say where its dashboard is, and signs in nowhere else", () => {
    const client = only(resourcesOf(unconfigured.template(Auth), "AWS::Cognito::UserPoolClient"));
    expect(client.Properties.CallbackURLs).toEqual(["http://localhost:3000/"]);
    expect(unconfiguredWarnings).toHaveLength(1);
  });

  it("gives the pool a hosted-UI domain named after app and stage, or as configured", () => {
    const domain = only(resourcesOf(prod.template(Auth), "AWS::Cognito::UserPoolDomain"));
    expect(domain.Properties.Domain).toBe("ioc-prod");
    expect(JSON.stringify(domain.Properties.UserPoolId)).toMatch(/"Ref":"Users[0-9A-F]+"/);
    expect(only(resourcesOf(dev.template(Auth), "AWS::Cognito::UserPoolDomain")).Properties.Domain).toBe(
      "ioc-dev-alice",
    );
    expect(prod.template(Auth).toJSON().Outputs?.SignInUrl?.Value).toBe(
      "https://ioc-prod.auth.ap-southeast-1.amazoncognito.com",
    );
    expect(hostedUiDomainPrefix("IOC", "Dev_Lan.Nguyen")).toBe("ioc-dev-lan-nguyen");
    expect(hostedUiDomainPrefix("ioc", "aws-test")).toBe("ioc-test");
    expect(hostedUiDomainPrefix("ioc", "x".repeat(80))).toHaveLength(63);
  });
});

describe("sign-in settings", () => {
  it("read the dashboard's address as an origin, https or loopback only", () => {
    expect(deployConfig({ IOC_DASHBOARD_URL: "https://ioc.example.gov.vn/" }).dashboardUrl).toBe(
      "https://ioc.example.gov.vn",
    );
    expect(deployConfig({ IOC_DASHBOARD_URL: "https://d1234abcd.cloudfront.net" }).dashboardUrl).toBe(
      "https://d1234abcd.cloudfront.net",
    );
    expect(deployConfig({ IOC_DASHBOARD_URL: "http://localhost:3000" }).dashboardUrl).toBe("http://localhost:3000");
    expect(() => deployConfig({ IOC_DASHBOARD_URL: "http://ioc.example.gov.vn" })).toThrow(/https/);
    expect(() => deployConfig({ IOC_DASHBOARD_URL: "https://ioc.example.gov.vn/dashboard" })).toThrow(/origin/);
    expect(() => deployConfig({ IOC_DASHBOARD_URL: "ioc.example.gov.vn" })).toThrow(/not a URL/);
  });

  it("accept only domain prefixes Cognito accepts", () => {
    expect(deployConfig({ IOC_AUTH_DOMAIN_PREFIX: "ioc-quangnam" }).authDomainPrefix).toBe("ioc-quangnam");
    for (const bad of ["IOC", "-ioc", "ioc-", "ioc.qn", "my-aws-ioc", "cognito-ioc", "x".repeat(64)]) {
      expect(() => deployConfig({ IOC_AUTH_DOMAIN_PREFIX: bad }), bad).toThrow(/domain prefix/);
    }
  });

  it("retains and protects the pool outside disposable stages", () => {
    const prodPool = Object.values(prod.template(Auth).findResources("AWS::Cognito::UserPool"))[0];
    const devPool = Object.values(dev.template(Auth).findResources("AWS::Cognito::UserPool"))[0];
    expect(prodPool).toMatchObject({ DeletionPolicy: "Retain", Properties: { DeletionProtection: "ACTIVE" } });
    expect(devPool).toMatchObject({ DeletionPolicy: "Delete", Properties: { DeletionProtection: "INACTIVE" } });
  });
});

describe("sign-ins in the audit trail", () => {
  it("runs the sign-in audit function as the pool's pre-token-generation trigger", () => {
    const template = prod.template(Auth);
    const pool = only(resourcesOf(template, "AWS::Cognito::UserPool"));
    const fnId = Object.keys(resourcesOf(template, "AWS::Lambda::Function")).find((id) => id.startsWith("SignInAudit"));
    expect(fnId).toBeDefined();
    expect(pool.Properties.LambdaConfig).toEqual({ PreTokenGeneration: { "Fn::GetAtt": [fnId, "Arn"] } });
    const fn = resourcesOf(template, "AWS::Lambda::Function")[fnId as string]?.Properties ?? {};
    expect(fn).toMatchObject({ Handler: "functions/sign-in-audit.handler", Timeout: 5 });
    // Cognito may invoke it, and only from this pool.
    const permissions = Object.values(resourcesOf(template, "AWS::Lambda::Permission")).filter((p) =>
      JSON.stringify(p.Properties.FunctionName).includes(fnId as string),
    );
    expect(permissions.map((p) => p.Properties.Principal)).toEqual(["cognito-idp.amazonaws.com"]);
    expect(JSON.stringify(permissions[0]?.Properties.SourceArn)).toMatch(/Users[0-9A-F]+/);
  });

  it("lets the trigger read and append to the audit partitions only, never change a record", () => {
    const { statements } = permissionsOf(prod.template(Auth), "SignInAudit");
    const dynamo = statements.filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith("dynamodb:")),
    );
    expect(
      dynamo.map((s) => [
        s.Action,
        (s.Condition as Record<string, Record<string, string[]>>)["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"],
        JSON.stringify(s.Resource).includes("ControlTable"),
      ]),
    ).toEqual([
      ["dynamodb:Query", ["AUDIT#*"], true],
      ["dynamodb:PutItem", ["AUDIT#*"], true],
    ]);
  });
});
