import { beforeAll, describe, expect, it } from "vitest";
import { Auth } from "./Auth.js";
import { LIVE_THROTTLE, Realtime } from "./Realtime.js";
import { Storage } from "./Storage.js";
import {
  environmentOf,
  functionProps,
  logicalIdOf,
  permissionsOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod", [Storage, Auth, Realtime]);
});

describe("Realtime", () => {
  it("is a WebSocket API with $connect, $disconnect and $default, each on its own function", () => {
    const template = synth.template(Realtime);
    const api = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Api"));
    expect(api.map((a) => a.Properties.ProtocolType)).toEqual(["WEBSOCKET"]);
    const integrations = resourcesOf(template, "AWS::ApiGatewayV2::Integration");
    const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const expected = { $connect: "LiveConnect", $disconnect: "LiveDisconnect", $default: "LiveMessage" };
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, fnPrefix] of Object.entries(expected)) {
      const route = routes.find((r) => r.RouteKey === key);
      // A route's target is `integrations/<ref to its integration>`.
      const integration = Object.entries(integrations).find(([id]) => JSON.stringify(route?.Target).includes(id));
      expect(integration, `${key} integration`).toBeDefined();
      const fnId = logicalIdOf(template, "AWS::Lambda::Function", fnPrefix);
      expect(JSON.stringify(integration?.[1].Properties.IntegrationUri), key).toContain(fnId);
    }
  });

  it("admits connections in $connect, which verifies the Cognito token itself", () => {
    const template = synth.template(Realtime);
    const connect = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).find(
      (r) => r.Properties.RouteKey === "$connect",
    );
    // No gateway authorizer: the function reads ?token=, checks it against the pool's keys and
    // answers 401/403, which refuses the upgrade.
    expect(connect?.Properties.AuthorizationType).toBe("NONE");
    const fn = functionProps(template, "LiveConnect");
    const variables = environmentOf(template, "LiveConnect");
    expect(JSON.stringify(variables.USER_POOL_ID)).toMatch(/prod-ioc-Auth:ExportsOutputRefUsers[0-9A-F]+/);
    expect(JSON.stringify(variables.USER_POOL_CLIENT_ID)).toMatch(/ExportsOutputRefUsersDashboard/);
    expect(JSON.stringify(variables.CONNECTIONS_TABLE)).toContain("ConnectionsTable");
    expect(fn).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
  });

  it("throttles inbound messages on its stage", () => {
    const stages = Object.values(resourcesOf(synth.template(Realtime), "AWS::ApiGatewayV2::Stage"));
    expect(stages.map((s) => s.Properties.DefaultRouteSettings)).toEqual([
      expect.objectContaining({
        ThrottlingRateLimit: LIVE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: LIVE_THROTTLE.burstLimit,
      }),
    ]);
  });

  it("lets its route functions manage only this API's connections", () => {
    const template = synth.template(Realtime);
    const apiId = Object.keys(resourcesOf(template, "AWS::ApiGatewayV2::Api"))[0] as string;
    for (const fn of ["LiveConnect", "LiveDisconnect", "LiveMessage"]) {
      const manage = permissionsOf(template, fn).statements.filter((s) =>
        JSON.stringify(s.Action).includes("execute-api"),
      );
      for (const statement of manage) {
        expect(statement.Action, fn).toBe("execute-api:ManageConnections");
        const resource = JSON.stringify(statement.Resource);
        expect(resource, fn).toContain(apiId);
        expect(resource, fn).toContain("/@connections/*");
      }
    }
  });
});
