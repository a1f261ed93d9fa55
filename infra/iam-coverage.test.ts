/**
 * IAM coverage: DynamoDB Local enforces no IAM, so a grant missing from access.ts would show only
 * on AWS, as an AccessDenied where a user saves something. This test runs the whole app on a real
 * DynamoDB Local, walks the document's routes as the users they admit (and ingest with a source
 * key, and a wall's enrolment), records every DynamoDB call each request makes (attributed through
 * AsyncLocalStorage, so the pollers' own calls are not counted), and checks each call against the
 * grants access.ts declares for the function API Gateway sends that route to.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal, Role } from "@ioc/core";
import { createConsoleLogger, freePort, type Runtime, startRuntime } from "@ioc/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeWalkBodies } from "../packages/api/src/route-walk-bodies.js";
import { type DynamoAction, SCOPED_ACCESS, TABLE_ACCESS, type TableRole } from "./access.js";
import { type GatewayFunction, gatewayTarget } from "./gateway-routing.js";

const HOME = "99";
/** A call as IAM sees it: one action on one table, for an item of one partition (when it names one). */
interface Call {
  route: string;
  action: string;
  table: string;
  pk?: string;
}

let runtime: Runtime;
const calls: Call[] = [];
const request = new AsyncLocalStorage<string>();

beforeAll(async () => {
  runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: createConsoleLogger("silent"),
    tablePrefix: "it-iam",
    inbox: false,
  });
  runtime.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      const route = request.getStore();
      if (route) calls.push(...iamCalls(route, context.commandName ?? "", args.input as Record<string, unknown>));
      return next(args);
    },
    { step: "initialize", name: "iamCoverageRecorder" },
  );
});
afterAll(async () => {
  await runtime?.stop();
});

type Attr = { S?: string };
const pkOf = (item: unknown) => ((item as { pk?: Attr } | undefined)?.pk as Attr | undefined)?.S;

/** The IAM actions a DynamoDB command needs: a transaction or batch needs each of its items' actions. */
function iamCalls(route: string, command: string, input: Record<string, unknown>): Call[] {
  const name = command.replace(/Command$/, "");
  const table = input.TableName as string;
  switch (name) {
    case "GetItem":
    case "DeleteItem":
    case "UpdateItem":
      return [{ route, action: name, table, pk: pkOf(input.Key) }];
    case "PutItem":
      return [{ route, action: name, table, pk: pkOf(input.Item) }];
    case "Query": {
      const placeholder = /\bpk\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression ?? ""))?.[1] ?? ":pk";
      const values = input.ExpressionAttributeValues as Record<string, Attr> | undefined;
      return [
        {
          route,
          action: name,
          table: `${table}${input.IndexName ? `/index/${input.IndexName}` : ""}`,
          pk: values?.[placeholder]?.S,
        },
      ];
    }
    case "BatchGetItem":
      return Object.entries(input.RequestItems as Record<string, { Keys: unknown[] }>).flatMap(([t, { Keys }]) =>
        Keys.map((key) => ({ route, action: name, table: t, pk: pkOf(key) })),
      );
    case "BatchWriteItem":
      return Object.entries(
        input.RequestItems as Record<
          string,
          Array<{ PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }>
        >,
      ).flatMap(([t, writes]) =>
        writes.map((w) => ({ route, action: name, table: t, pk: pkOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key) })),
      );
    case "TransactWriteItems":
      return (input.TransactItems as Array<Record<string, { TableName: string; Key?: unknown; Item?: unknown }>>).map(
        (entry) => {
          const [kind, op] = Object.entries(entry)[0] as [string, { TableName: string; Key?: unknown; Item?: unknown }];
          const action = {
            Put: "PutItem",
            Update: "UpdateItem",
            Delete: "DeleteItem",
            ConditionCheck: "ConditionCheckItem",
          }[kind];
          return { route, action: action ?? kind, table: op.TableName, pk: pkOf(op.Item ?? op.Key) };
        },
      );
    case "TransactGetItems":
      return (input.TransactItems as Array<{ Get: { TableName: string; Key: unknown } }>).map(({ Get }) => ({
        route,
        action: "GetItem",
        table: Get.TableName,
        pk: pkOf(Get.Key),
      }));
    default:
      return [{ route, action: name, table }];
  }
}

/** IAM's StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replaceAll(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", ".*")
      .replaceAll("?", ".")}$`,
  ).test(value);

type Grants = Partial<
  Record<TableRole, ReadonlyArray<{ actions: readonly DynamoAction[]; partitionKeys: readonly string[] }>>
>;

/** Why `fn`'s declared grants do not allow `call`; undefined when they do. */
function deniedBecause(fn: GatewayFunction, call: Call): string | undefined {
  const role = (Object.entries(runtime.tables) as Array<[TableRole, string]>).find(([, n]) => n === call.table)?.[0];
  if (!role) return `${fn} has no grant on ${call.table} (not a table, or an index)`;
  const onAnyItem = (TABLE_ACCESS[fn] as Partial<Record<TableRole, readonly DynamoAction[]>>)[role] ?? [];
  if (onAnyItem.includes(call.action as DynamoAction)) return undefined;
  const scoped = (SCOPED_ACCESS as Partial<Record<GatewayFunction, Grants>>)[fn]?.[role] ?? [];
  const pk = call.pk;
  if (
    pk &&
    scoped.some((g) => g.actions.includes(call.action as DynamoAction) && g.partitionKeys.some((p) => like(p, pk)))
  )
    return undefined;
  return `${fn} may not ${call.action} on ${role}${pk ? ` (pk ${pk})` : ""}`;
}

/**
 * The admin-scope walk's bodies; the alert is assigned to a user the local runtime has, and the
 * walk signs in once.
 */
const bodiesFor = (alertId: string): Record<string, unknown> => ({
  ...routeWalkBodies(Date.now(), alertId),
  assignAlert: { assignee: "ops" },
  login: { username: "admin", password: "demo" },
});

/** The writes the walk must have made for its check to mean something. */
const MUST_SUCCEED = [
  "postReadings",
  "putRule",
  "assignAlert",
  "createScenario",
  "createDevice",
  "enrolDevice",
  "putTarget",
  "putNotificationPolicy",
  "createSource",
  "createSourceKey",
  "rotateSourceKey",
];

interface Operation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
}

describe("IAM coverage of the HTTP app", () => {
  it("makes no DynamoDB call the function serving the route is not granted", async () => {
    const admin = (
      await runtime.issuer.issue({
        subject: "t:admin",
        username: "admin",
        role: "admin" satisfies Role,
        provinces: [HOME],
      } satisfies Principal)
    ).token;
    const statuses = new Map<string, number>();
    /** One request, its DynamoDB calls recorded under `operationId`'s method and path. */
    const send = async (
      operationId: string,
      method: string,
      url: string,
      init: { token?: string; body?: unknown; contentType?: string } = {},
    ) => {
      const path = url.split("?")[0] as string;
      const response = await request.run(`${method} ${path}`, () =>
        runtime.app.request(url, {
          method,
          headers: {
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
            ...(init.body !== undefined ? { "content-type": init.contentType ?? "application/json" } : {}),
          },
          ...(init.body !== undefined
            ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }
            : {}),
        }),
      );
      const text = await response.text();
      statuses.set(operationId, response.status);
      return { status: response.status, json: () => JSON.parse(text) as Record<string, unknown> };
    };

    // Ingest a base station down, so the processor opens an alert the alert routes can act on.
    const commune = runtime.province.communes[0]?.code as string;
    await send("postReadings", "POST", "/v1/readings", {
      token: runtime.apiKey,
      body: {
        readings: [{ id: "iam-1", commune, metric: "net.bts_down", value: 2, observedAt: new Date().toISOString() }],
      },
    });
    await runtime.drained();
    const alerts = (await send("listAlerts", "GET", `/v1/alerts?province=${HOME}`, { token: admin })).json();
    const alertId = ((alerts.alerts as Array<{ id: string }> | undefined)?.[0]?.id ?? "none") as string;
    const BODIES = bodiesFor(alertId);
    const scenario = (
      await send("createScenario", "POST", `/v1/scenarios?province=${HOME}`, {
        token: admin,
        body: BODIES.createScenario,
      })
    ).json();
    await send("createSource", "POST", `/v1/sources?province=${HOME}`, { token: admin, body: BODIES.createSource });
    const key = (
      await send("createSourceKey", "POST", `/v1/sources/telco-b/keys?province=${HOME}`, { token: admin, body: {} })
    ).json();
    const device = (
      await send("createDevice", "POST", `/v1/devices?province=${HOME}`, { token: admin, body: BODIES.createDevice })
    ).json();
    const enrolled = (
      await send("enrolDevice", "POST", "/v1/devices/enrol", { body: { code: device.enrolmentCode } })
    ).json();
    await send("renewDeviceToken", "POST", "/v1/devices/token", { body: { secret: enrolled.secret } });

    const doc = (await (await runtime.app.request("/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const keyId = String((key.record as { keyId?: string } | undefined)?.keyId ?? "none");
    const deviceId = String((device.device as { id?: string } | undefined)?.id ?? "none");
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (statuses.has(op.operationId) || ["enrolDevice", "renewDeviceToken"].includes(op.operationId)) continue;
        const signedIn = op.security?.some((s) => "dashboardToken" in s) ?? false;
        const path = template
          .replace("/alerts/{id}", `/alerts/${encodeURIComponent(alertId)}`)
          .replace("/scenarios/{id}", `/scenarios/${String(scenario.id)}`)
          .replace("/rules/{id}", "/rules/bts-down")
          .replace("/targets/{metric}", "/targets/net.coverage_4g")
          .replace("/sources/{id}", "/sources/telco-b")
          .replace("/keys/{keyId}", `/keys/${keyId}`)
          .replace("/devices/{id}", `/devices/${deviceId}`)
          .replace("/communes/{code}", `/communes/${commune}`)
          .replace(/\{[^}]+\}/g, "0");
        const byProvince = (op.parameters ?? []).some((p) => p.in === "query" && p.name === "province");
        const url = byProvince ? `${path}?province=${HOME}` : path;
        const body = BODIES[op.operationId];
        await send(op.operationId, method.toUpperCase(), url, {
          token: signedIn ? admin : undefined,
          body: method === "get" || method === "delete" ? undefined : (body ?? {}),
        });
      }
    }

    const failed = MUST_SUCCEED.filter((id) => !((statuses.get(id) ?? 0) >= 200 && (statuses.get(id) ?? 0) < 300));
    expect(failed.map((id) => `${id} → ${statuses.get(id)}`)).toEqual([]);
    const denied = new Set<string>();
    for (const call of calls) {
      const [method, path] = call.route.split(" ") as [string, string];
      const fn = gatewayTarget(method, path);
      const why = fn ? deniedBecause(fn, call) : `no function for ${call.route}`;
      if (why) denied.add(`${call.route}: ${why}`);
    }
    expect([...denied].sort()).toEqual([]);
    expect(calls.length).toBeGreaterThan(50);
  });
});
