/**
 * The Connections table on a real DynamoDB Local: connection and subscription items, the
 * per-province sequence, and the kept messages `resume` replays from.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Principal } from "@ioc/core";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { connectionKey, ensureTable, subscriptionKey, TABLE_SHAPES } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION_LIFETIME_SECONDS, type ConnectionStore, createConnectionStore } from "./connection-store.js";
import { createLiveSequenceStore, LIVE_MESSAGE_RETENTION_SECONDS } from "./live-sequence-store.js";

// Wall-clock based on purpose: DynamoDB Local runs its TTL sweeper on real time, so items whose
// `expiresAt` came from a fixed past date would vanish at random moments during the test.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const clock = () => NOW;
const table = "it-connections";
const ops: Principal = { subject: "user-1", username: "ops", role: "ops", provinces: ["99", "45"] };

let dynamo: DynamoLocal;
let store: ConnectionStore;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTable(dynamo.client, table, TABLE_SHAPES.connections);
  store = createConnectionStore({ client: dynamo.client, table, clock });
});

afterAll(async () => {
  await dynamo?.stop();
});

const rawItem = async (key: Record<string, string>) => {
  const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: table, Key: marshall(key) }));
  return Item ? unmarshall(Item) : undefined;
};

describe("the DynamoDB connection store", () => {
  it("remembers a connection with its principal, expiring when API Gateway would close it", async () => {
    await store.open("c-open", ops);
    expect(await store.get("c-open")).toEqual({ connectionId: "c-open", principal: ops, connectedAt: NOW });
    expect((await rawItem(connectionKey("c-open")))?.expiresAt).toBe(NOW / 1000 + CONNECTION_LIFETIME_SECONDS);
    expect(await store.get("c-never")).toBeUndefined();
  });

  it("keeps the token's expiry, and lets the subscription lapse with it", async () => {
    const tokenExpiresAt = NOW + 60_000;
    await store.open("c-token", ops, tokenExpiresAt);
    expect(await store.get("c-token")).toMatchObject({ expiresAt: tokenExpiresAt });
    expect(await store.subscribe("c-token", "51")).toBe(true);
    expect(await rawItem({ pk: "P#51", sk: "CONN#c-token" })).toMatchObject({ expiresAt: tokenExpiresAt / 1000 });
    expect(await store.subscribers("51")).toEqual(["c-token"]);
    // The broadcaster's view once the token has run out: nobody to post to.
    const later = createConnectionStore({ client: dynamo.client, table, clock: () => tokenExpiresAt });
    expect(await later.subscribers("51")).toEqual([]);
  });

  it("subscribes under P#<province> / CONN#<id>, moves a resubscription, and lists subscribers", async () => {
    await store.open("c-1", ops);
    await store.open("c-2", ops);
    expect(await store.subscribe("c-1", "99")).toBe(true);
    expect(await store.subscribe("c-2", "99")).toBe(true);
    expect((await store.subscribers("99")).sort()).toEqual(["c-1", "c-2"]);
    expect(await rawItem({ pk: "P#99", sk: "CONN#c-1" })).toMatchObject({
      entity: "subscription",
      connectionId: "c-1",
      expiresAt: NOW / 1000 + CONNECTION_LIFETIME_SECONDS,
    });

    expect(await store.subscribe("c-2", "45")).toBe(true);
    expect(await store.subscribers("99")).toEqual(["c-1"]);
    expect(await store.subscribers("45")).toEqual(["c-2"]);
    expect((await store.get("c-2"))?.province).toBe("45");
  });

  it("refuses to subscribe a connection that has gone, leaving nothing behind", async () => {
    expect(await store.subscribe("c-ghost", "99")).toBe(false);
    expect(await rawItem(subscriptionKey("99", "c-ghost"))).toBeUndefined();
  });

  it("closes a connection: both items go, and closing twice is harmless", async () => {
    await store.open("c-close", ops);
    await store.subscribe("c-close", "99");
    await store.close("c-close");
    await store.close("c-close");
    expect(await store.get("c-close")).toBeUndefined();
    expect(await rawItem(subscriptionKey("99", "c-close"))).toBeUndefined();
    expect(await store.subscribers("99")).not.toContain("c-close");
  });

  it("does not list a subscription whose TTL has passed but which DynamoDB has not yet deleted", async () => {
    const later = createConnectionStore({
      client: dynamo.client,
      table,
      clock: () => NOW + (CONNECTION_LIFETIME_SECONDS + 1) * 1000,
    });
    expect(await later.subscribers("99")).toEqual([]);
  });
});

describe("the DynamoDB live sequence store", () => {
  it("allocates 1, 2, 3… per province, atomically under concurrency", async () => {
    const sequence = createLiveSequenceStore({ client: dynamo.client, table, clock });
    expect(await sequence.current("12")).toBe(0);
    const seqs = await Promise.all(Array.from({ length: 20 }, () => sequence.next("12")));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await sequence.current("12")).toBe(20);
    expect(await sequence.next("13")).toBe(1);
  });

  it("keeps frames and returns those after a seq in numeric order, up to a limit", async () => {
    const sequence = createLiveSequenceStore({ client: dynamo.client, table, clock });
    // 9 and 10 would sort wrongly as plain strings; the padded sort key keeps numeric order.
    for (const seq of [8, 9, 10, 11]) await sequence.remember("14", seq, `{"seq":${seq}}`);
    expect(await sequence.framesAfter("14", 8, 10)).toEqual([
      { seq: 9, frame: '{"seq":9}' },
      { seq: 10, frame: '{"seq":10}' },
      { seq: 11, frame: '{"seq":11}' },
    ]);
    expect((await sequence.framesAfter("14", 7, 2)).map((f) => f.seq)).toEqual([8, 9]);
    expect(await rawItem({ pk: "P#14#LIVE", sk: "SEQ#000000000000010" })).toMatchObject({
      entity: "live-message",
      expiresAt: NOW / 1000 + LIVE_MESSAGE_RETENTION_SECONDS,
    });
  });

  it("pages past DynamoDB's 1 MB page to reach the limit", async () => {
    const sequence = createLiveSequenceStore({ client: dynamo.client, table, clock });
    const big = "x".repeat(30_000);
    for (let seq = 1; seq <= 40; seq++) await sequence.remember("15", seq, JSON.stringify({ seq, big }));
    const frames = await sequence.framesAfter("15", 0, 40);
    expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
