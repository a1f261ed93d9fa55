/**
 * The WebSocket routes and the publisher together on a real DynamoDB Local, speaking the same
 * protocol as the local hub: connect with a token, subscribe, receive numbered messages, resume
 * after a gap or be told to refetch, ping, disconnect. Only the API Gateway side is a recording
 * fake of this package's poster port.
 */
import type { LatestValueEvent } from "@ioc/core";
import { cognitoIssuer, createCognitoVerifier } from "@ioc/identity";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { ensureTable, TABLE_SHAPES } from "@ioc/store";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionStore } from "./connection-store.js";
import { createLiveSequenceStore } from "./live-sequence-store.js";
import {
  createConnectHandler,
  createDisconnectHandler,
  createMessageHandler,
  type LiveSocketEvent,
} from "./live-socket-handlers.js";
import { createManagementPublisher } from "./management-publisher.js";
import { socketEvent as apiGatewayEvent, createMemoryLogger, createRecordingPoster } from "./test-support.js";

// Wall-clock: DynamoDB Local expires TTL items on real time.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const clock = () => NOW;
const table = "it-live-socket";
const issuer = cognitoIssuer("ap-southeast-1", "ap-southeast-1_Test");
const clientId = "dashboard";

let dynamo: DynamoLocal;
let signingKey: CryptoKey;
let routes: ReturnType<typeof buildRoutes>;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTable(dynamo.client, table, TABLE_SHAPES.connections);
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256" };
  routes = buildRoutes(createLocalJWKSet({ keys: [jwk] }));
});

afterAll(async () => {
  await dynamo?.stop();
});

function buildRoutes(keys: ReturnType<typeof createLocalJWKSet>) {
  const connections = createConnectionStore({ client: dynamo.client, table, clock });
  const sequence = createLiveSequenceStore({ client: dynamo.client, table, clock });
  const gone = new Set<string>();
  const recorder = createRecordingPoster({ gone });
  const logger = createMemoryLogger();
  return {
    gone,
    recorder,
    connections,
    connect: createConnectHandler({
      verifier: createCognitoVerifier({ issuer, clientId, jwks: keys, clock }),
      connections,
      logger,
      clock,
    }),
    message: createMessageHandler({
      connections,
      sequence,
      poster: () => recorder.poster,
      logger,
      clock,
      replayLimit: 5,
    }),
    disconnect: createDisconnectHandler({ connections }),
    publisher: createManagementPublisher({ connections, sequence, poster: recorder.poster, logger }),
  };
}

const signIn = (groups: string[], provinces: string) =>
  new SignJWT({
    sub: "user-1",
    token_use: "id",
    aud: clientId,
    "cognito:groups": groups,
    "custom:provinces": provinces,
  })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(issuer)
    .setExpirationTime(Math.floor(NOW / 1000) + 3600)
    .sign(signingKey);

const socketEvent = (connectionId: string, routeKey: string, extra: Partial<LiveSocketEvent> = {}) =>
  apiGatewayEvent(connectionId, routeKey, NOW, extra);

const connect = async (id: string, token?: string) =>
  routes.connect(socketEvent(id, "$connect", token ? { queryStringParameters: { token } } : {}));
const send = (id: string, message: unknown) =>
  routes.message(
    socketEvent(id, "$default", { body: typeof message === "string" ? message : JSON.stringify(message) }),
  );

const latest = (value: number): LatestValueEvent => ({
  type: "latest",
  province: "99",
  commune: "99001",
  metric: "net.coverage_4g",
  value,
  observedAt: NOW,
});

describe("the live socket on AWS, against DynamoDB Local", () => {
  it("refuses a connection without a valid token or without a dashboard role", async () => {
    expect(await connect("no-token")).toEqual({ statusCode: 401 });
    expect(await connect("bad-token", "not-a-jwt")).toEqual({ statusCode: 401 });
    expect(await connect("no-role", await signIn(["citizens"], "99"))).toEqual({ statusCode: 403 });
    expect(await routes.connections.get("no-role")).toBeUndefined();
  });

  it("subscribes within the user's provinces only, then delivers numbered messages", async () => {
    expect(await connect("c-1", await signIn(["leader"], "99"))).toEqual({ statusCode: 200 });
    await send("c-1", { type: "subscribe", province: "45" });
    expect(routes.recorder.of("c-1")).toEqual([expect.objectContaining({ type: "error", code: "forbidden-province" })]);
    routes.recorder.clear();

    await send("c-1", { type: "subscribe", province: "99", topics: ["latest"] });
    expect(routes.recorder.of("c-1")).toEqual([{ type: "subscribed", province: "99", seq: 0 }]);
    for (const value of [1, 2, 3]) await routes.publisher.publish("99", latest(value));
    expect(routes.recorder.of("c-1").slice(1)).toEqual([
      { ...latest(1), seq: 1 },
      { ...latest(2), seq: 2 },
      { ...latest(3), seq: 3 },
    ]);
  });

  it("replays what a resuming client missed, or asks it to refetch a snapshot", async () => {
    expect(await connect("c-2", await signIn(["ops"], "*"))).toEqual({ statusCode: 200 });
    await send("c-2", { type: "resume", after: 0 });
    expect(routes.recorder.of("c-2")).toEqual([expect.objectContaining({ code: "not-subscribed" })]);
    routes.recorder.clear();

    await send("c-2", { type: "subscribe", province: "99" });
    expect(routes.recorder.of("c-2")).toEqual([{ type: "subscribed", province: "99", seq: 3 }]);
    routes.recorder.clear();

    await send("c-2", { type: "resume", after: 1 });
    expect(routes.recorder.of("c-2")).toEqual([
      { ...latest(2), seq: 2 },
      { ...latest(3), seq: 3 },
    ]);
    routes.recorder.clear();

    await send("c-2", { type: "resume", after: 3 });
    expect(routes.recorder.of("c-2")).toEqual([]);
    await send("c-2", { type: "resume", after: 40 });
    await send("c-2", { type: "resume", after: "soon" });
    expect(routes.recorder.of("c-2")).toEqual([
      { type: "snapshot-required", province: "99", seq: 3 },
      { type: "snapshot-required", province: "99", seq: 3 },
    ]);
    routes.recorder.clear();

    // More missed than the replay limit (5 here): refetch instead of a flood.
    for (const value of [4, 5, 6, 7, 8, 9, 10]) await routes.publisher.publish("99", latest(value));
    routes.recorder.clear();
    await send("c-2", { type: "resume", after: 2 });
    expect(routes.recorder.of("c-2")).toEqual([{ type: "snapshot-required", province: "99", seq: 10 }]);
  });

  it("answers ping with pong and bad input with an error, keeping the connection", async () => {
    routes.recorder.clear();
    await send("c-2", { type: "ping" });
    await send("c-2", "{nope");
    await send("c-2", { type: "dance" });
    expect(routes.recorder.of("c-2")).toEqual([
      { type: "pong" },
      expect.objectContaining({ type: "error", code: "malformed-json" }),
      expect.objectContaining({ type: "error", code: "unknown-message" }),
    ]);
  });

  it("forgets a connection on $disconnect and one that answers 410 Gone", async () => {
    await routes.disconnect(socketEvent("c-1", "$disconnect"));
    expect(await routes.connections.subscribers("99")).toEqual(["c-2"]);

    routes.gone.add("c-2");
    await routes.publisher.publish("99", latest(11));
    expect(await routes.connections.subscribers("99")).toEqual([]);
    expect(await routes.connections.get("c-2")).toBeUndefined();
  });
});
