/**
 * Wall devices on AWS (issue 14 item 4), synthesized offline: enrolment and token renewal are
 * public routes; reads go through the reader authorizer, which knows the devices' public key;
 * writes stay behind Cognito's JWT authorizer; the private key is a secret only the API reads;
 * the live socket's `$connect` checks device tokens too.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Api, READ_ROUTE, READER_CACHE } from "./Api.js";
import { Auth } from "./Auth.js";
import { deployConfig } from "./config.js";
import { Realtime } from "./Realtime.js";
import { Storage } from "./Storage.js";
import {
  actionsOf,
  environmentOf,
  logicalIdOf,
  permissionsOf,
  policyStatements,
  resourcesOf,
  type Synthesized,
  synthesize,
} from "./test-support.js";

const PUBLIC_JWK = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};
let synth: Synthesized;

beforeAll(async () => {
  vi.stubEnv("IOC_DEVICE_PUBLIC_JWK", JSON.stringify(PUBLIC_JWK));
  synth = await synthesize("prod", [Storage, Auth, Api, Realtime]);
});
afterAll(() => vi.unstubAllEnvs());

const routes = () =>
  new Map(
    Object.values(resourcesOf(synth.template(Api), "AWS::ApiGatewayV2::Route")).map((r) => [
      r.Properties.RouteKey as string,
      r.Properties,
    ]),
  );

describe("wall devices", () => {
  it("enrol and renew their token on public routes; register, list and revoke stay signed-in", () => {
    for (const key of ["POST /v1/devices/enrol", "POST /v1/devices/token"]) {
      expect(routes().get(key)?.AuthorizationType, key).toBe("NONE");
    }
    // POST /v1/devices and DELETE /v1/devices/{id} fall to $default: Cognito's JWT authorizer.
    expect(routes().get("$default")?.AuthorizationType).toBe("JWT");
    expect(routes().has("POST /v1/devices")).toBe(false);
    // GET /v1/devices is a read, behind the reader authorizer (the app then requires admin).
    expect(routes().get(READ_ROUTE)?.AuthorizationType).toBe("CUSTOM");
  });

  it("read through a Lambda authorizer that knows the devices' public key and Cognito's pool, with simple answers cached 60 s", () => {
    const template = synth.template(Api);
    const authorizers = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Authorizer"));
    const reader = authorizers.find((a) => a.Properties.AuthorizerType === "REQUEST");
    expect(reader?.Properties).toMatchObject({
      IdentitySource: ["$request.header.Authorization"],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: "2.0",
      AuthorizerResultTtlInSeconds: READER_CACHE.toSeconds(),
    });
    expect(READER_CACHE.toSeconds()).toBeLessThan(300);
    const authorizerId = logicalIdOf(template, "AWS::Lambda::Function", "ReaderAuthorizer");
    expect(JSON.stringify(reader?.Properties.AuthorizerUri)).toContain(authorizerId);
    for (const [key, route] of routes()) {
      if (route.AuthorizationType === "CUSTOM") {
        expect(key, key).toMatch(/^GET /);
        expect(JSON.stringify(route.AuthorizerId), key).toContain(
          Object.keys(resourcesOf(template, "AWS::ApiGatewayV2::Authorizer")).find(
            (id) => resourcesOf(template, "AWS::ApiGatewayV2::Authorizer")[id] === reader,
          ),
        );
      }
    }
    const variables = environmentOf(template, "ReaderAuthorizer");
    expect(JSON.parse(variables.DEVICE_PUBLIC_JWK as string)).toEqual(PUBLIC_JWK);
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(["USER_POOL_ID", "USER_POOL_CLIENT_ID"]));
    // It verifies with keys it has: no table, no secret.
    const { statements } = permissionsOf(template, "ReaderAuthorizer");
    expect(statements.flatMap(actionsOf).filter((a) => /^(dynamodb|secretsmanager):/.test(a))).toEqual([]);
  });

  it("keep their signing key in Secrets Manager, readable by the admin function alone", () => {
    const template = synth.template(Api);
    const secretId = logicalIdOf(template, "AWS::SecretsManager::Secret", "DeviceSigningKey");
    // The admin function enrols walls and renews their tokens; every other function only verifies.
    expect(environmentOf(template, "AdminFunction").DEVICE_SIGNING_SECRET_ARN).toEqual({ Ref: secretId });
    const { statements } = permissionsOf(template, "AdminFunction");
    const reads = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("secretsmanager:")));
    expect(reads.map((s) => [actionsOf(s), s.Resource])).toEqual([
      [["secretsmanager:GetSecretValue"], { Ref: secretId }],
    ]);
    // No other policy in any stack names the secret, and no function but the admin one gets its ARN.
    for (const t of synth.all()) {
      for (const s of policyStatements(t)) {
        if (JSON.stringify(s.Resource).includes("DeviceSigningKey")) expect(s.policy).toMatch(/^AdminFunction/);
      }
      for (const [id, fn] of Object.entries(resourcesOf(t, "AWS::Lambda::Function"))) {
        if (id.startsWith("AdminFunction")) continue;
        expect(JSON.stringify(fn.Properties.Environment ?? {}), id).not.toContain("DeviceSigningKey");
      }
    }
    // The private half is nowhere in the templates: only its public half is configured.
    expect(JSON.stringify(synth.all().map((t) => t.toJSON()))).not.toMatch(/\\"d\\":/);
  });

  it("connect to the live socket with their token: $connect knows the public key", () => {
    const variables = environmentOf(synth.template(Realtime), "LiveConnect");
    expect(JSON.parse(variables.DEVICE_PUBLIC_JWK as string)).toEqual(PUBLIC_JWK);
    expect(JSON.stringify(variables)).not.toContain("DeviceSigningKey");
  });

  it("take only the public half of the key as configuration", () => {
    expect(
      deployConfig({ IOC_DEVICE_PUBLIC_JWK: JSON.stringify({ ...PUBLIC_JWK, kid: "wall-2026" }) }).devicePublicJwk,
    ).toBe(JSON.stringify({ ...PUBLIC_JWK, kid: "wall-2026" }));
    expect(() => deployConfig({ IOC_DEVICE_PUBLIC_JWK: JSON.stringify({ ...PUBLIC_JWK, d: "secret" }) })).toThrow(
      /private key/,
    );
    expect(() => deployConfig({ IOC_DEVICE_PUBLIC_JWK: "{not json" })).toThrow(/not JSON/);
    expect(() => deployConfig({ IOC_DEVICE_PUBLIC_JWK: JSON.stringify({ kty: "RSA", n: "x", e: "AQAB" }) })).toThrow(
      /P-256/,
    );
  });
});
