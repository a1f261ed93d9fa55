/**
 * Least privilege, proven on the synthesized policies: each function's DynamoDB access is exactly
 * what access.ts declares, the dangerous actions appear nowhere, and no statement anywhere allows
 * every action or every resource except the few AWS offers no narrower form of.
 */
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { Api } from "./Api.js";
import { Auth } from "./Auth.js";
import { declaredAccess } from "./access.js";
import { Notifications } from "./Notifications.js";
import { Processing } from "./Processing.js";
import { Realtime } from "./Realtime.js";
import {
  actionsOf,
  dynamoAccess,
  permissionsOf,
  resourcesOf,
  type Synthesized,
  synthesize,
  tableOf,
  wildcardGrants,
} from "./test-support.js";

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod");
});

/** Each function: its stack and its logical id prefix. */
const FUNCTIONS = {
  api: [Api, "ApiFunction"],
  processor: [Processing, "Processor"],
  broadcaster: [Processing, "Broadcaster"],
  scheduler: [Processing, "Scheduler"],
  liveConnect: [Realtime, "LiveConnect"],
  liveDisconnect: [Realtime, "LiveDisconnect"],
  liveMessage: [Realtime, "LiveMessage"],
  notifier: [Notifications, "Notifier"],
  admin: [Api, "AdminFunction"],
  report: [Api, "ReportFunction"],
  geo: [Api, "GeoFunction"],
  gatewayAuthorizer: [Api, "ReaderAuthorizer"],
  signInAudit: [Auth, "SignInAudit"],
} as const;

const permissions = (fn: keyof typeof FUNCTIONS) => {
  const [stack, prefix] = FUNCTIONS[fn];
  return permissionsOf(synth.template(stack), prefix);
};

/** What a stream consumer needs to read its stream, granted by the event source mapping. */
const STREAM_READ = ["DescribeStream", "GetRecords", "GetShardIterator"];

describe("least privilege", () => {
  it("gives each function exactly the DynamoDB access access.ts declares", () => {
    const streams: Record<string, Record<string, string[]>> = {
      processor: { "readings:stream": STREAM_READ, "*": ["ListStreams"] },
      broadcaster: { "state:stream": STREAM_READ, "*": ["ListStreams"] },
      notifier: { "state:stream": STREAM_READ, "*": ["ListStreams"] },
    };
    for (const fn of Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>) {
      expect(dynamoAccess(permissions(fn).statements), fn).toEqual({ ...declaredAccess(fn), ...streams[fn] });
    }
  });

  it("lets the API neither scan nor delete, and write only readings and, scoped, its few State, History and control items", () => {
    const { statements } = permissions("api");
    const all = Object.values(dynamoAccess(statements)).flat();
    for (const forbidden of [
      "Scan",
      "DeleteItem",
      "DeleteTable",
      "BatchWriteItem",
      "UpdateTable",
      "TransactWriteItems",
    ]) {
      expect(all, forbidden).not.toContain(forbidden);
    }
    const writes = statements.filter((s) =>
      actionsOf(s).some((a) => ["dynamodb:PutItem", "dynamodb:UpdateItem"].includes(a)),
    );
    const unscoped = writes.filter((s) => s.Condition === undefined);
    expect(unscoped.map((s) => [actionsOf(s), tableOf((s.Resource as unknown[])[0])])).toEqual([
      [["dynamodb:PutItem"], "readings"],
    ]);
    const scoped = writes
      .filter((s) => s.Condition !== undefined)
      .map((s) => [
        actionsOf(s).join(","),
        tableOf(s.Resource),
        (s.Condition as Record<string, Record<string, string[]>>)["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"],
      ]);
    expect(scoped).toEqual([
      ["dynamodb:PutItem", "state", ["P#*#ALERT"]],
      // A history import's day values and province months; never an hour bucket.
      ["dynamodb:PutItem", "history", ["P#*#M#*#D", "P#*#HIST"]],
      ["dynamodb:UpdateItem", "control", ["RATE#*"]],
      ["dynamodb:PutItem", "control", ["RULES#*"]],
      ["dynamodb:PutItem", "control", ["AUDIT#*"]],
      // Ingest marks the key it used; a planner saves a scenario (iam-coverage.test.ts found both).
      ["dynamodb:UpdateItem", "control", ["SOURCE#*", "KEY#*"]],
      ["dynamodb:PutItem", "control", ["SCENARIO#*", "SCENARIO-ID#*"]],
    ]);
  });

  it("lets the admin function write sources, keys, devices, targets and notification policies, each scoped to its partitions", () => {
    const scoped = permissions("admin")
      .statements.filter((s) => actionsOf(s).some((a) => ["dynamodb:PutItem", "dynamodb:UpdateItem"].includes(a)))
      .filter((s) => tableOf(s.Resource) === "control")
      .map((s) => [
        actionsOf(s).join(","),
        (s.Condition as Record<string, Record<string, string[]>>)["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"],
      ]);
    expect(scoped).toEqual([
      ["dynamodb:UpdateItem", ["RATE#*"]],
      ["dynamodb:PutItem", ["RULES#*"]],
      ["dynamodb:PutItem", ["AUDIT#*"]],
      ["dynamodb:PutItem,dynamodb:UpdateItem", ["SOURCE#*", "KEY#*"]],
      ["dynamodb:PutItem", ["SOURCES", "DEVICES", "P#*#TARGETS"]],
      // The province's own partition (its notification policy), not P#<code>#ALERT or #TARGETS. It
      // also holds the registry's header, which IAM cannot tell apart by sort key (as for Geo).
      ["dynamodb:PutItem", ["P#??"]],
    ]);
  });

  it("lets no function change or delete an audit record: the API, the Geo function and the sign-in trigger may only put them, scoped", () => {
    const mutating = /dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|PutItem)/;
    for (const fn of Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>) {
      for (const s of permissions(fn).statements) {
        if (s.Effect !== "Allow" || tableOf(s.Resource) !== "control" || !actionsOf(s).some((a) => mutating.test(a)))
          continue;
        const keys = (s.Condition as Record<string, Record<string, string[]>> | undefined)?.[
          "ForAllValues:StringLike"
        ]?.["dynamodb:LeadingKeys"];
        // Every write to Control is scoped, and only a PutItem may reach the audit partitions,
        // from the API, the Geo function (boundary imports) or the sign-in trigger.
        expect(keys, `${fn}: ${actionsOf(s)}`).toBeDefined();
        if (keys?.some((k) => k.startsWith("AUDIT#"))) {
          expect(["api", "admin", "geo", "signInAudit"], fn).toContain(fn);
          expect([actionsOf(s), keys]).toEqual([["dynamodb:PutItem"], ["AUDIT#*"]]);
        }
      }
    }
  });

  it("lets the scheduler write alerts and nothing else", () => {
    const writes = permissions("scheduler").statements.filter((s) =>
      actionsOf(s).some((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)),
    );
    expect(writes.map((s) => [actionsOf(s), tableOf(s.Resource), s.Condition])).toEqual([
      [["dynamodb:PutItem"], "state", { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["P#*#ALERT"] } }],
    ]);
  });

  it("keeps the broadcaster away from Readings and lets it only post to and close live connections", () => {
    const { statements } = permissions("broadcaster");
    expect(Object.keys(dynamoAccess(statements)).filter((table) => table.startsWith("readings"))).toEqual([]);
    const apiGateway = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("execute-api:")));
    expect(apiGateway.flatMap(actionsOf)).toEqual(["execute-api:ManageConnections"]);
    const resources = JSON.stringify(apiGateway[0]?.Resource);
    expect(resources).toMatch(/ExportsOutputRefLiveApi/);
    expect(resources).toContain("/prod/POST/@connections/*");
    expect(resources).toContain("/prod/DELETE/@connections/*");
    expect(resources).not.toContain("/*/*/");
  });

  it("gives every function a role of its own", () => {
    const roles = (Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>).map((fn) => permissions(fn).roleId);
    expect(new Set(roles).size).toBe(roles.length);
  });

  it("has no statement allowing every action, no service-wide wildcard, and `*` resources only where AWS has no narrower form", () => {
    expect(wildcardGrants(synth.all())).toEqual([]);
    for (const template of synth.all()) {
      for (const role of Object.values(resourcesOf(template, "AWS::IAM::Role"))) {
        expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(
          /AdministratorAccess|FullAccess|PowerUser/,
        );
      }
    }
  });

  it("would notice a wildcard grant (the check above is not vacuous)", () => {
    const policy = (Action: unknown, Resource: unknown) => ({
      Type: "AWS::IAM::Policy",
      Properties: {
        PolicyName: "p",
        Roles: [],
        PolicyDocument: { Statement: [{ Effect: "Allow", Action, Resource }] },
      },
    });
    const template = Template.fromJSON({
      Resources: {
        Everything: policy("*", "*"),
        WholeService: policy("dynamodb:*", "arn:aws:dynamodb:::table/x"),
        ScanAnywhere: policy(["dynamodb:Scan"], "*"),
        Fine: policy("dynamodb:ListStreams", "*"),
      },
    });
    expect(wildcardGrants([template])).toEqual([
      "Everything: *",
      "Everything: * on *",
      "WholeService: dynamodb:*",
      "ScanAnywhere: dynamodb:Scan on *",
    ]);
  });
});
