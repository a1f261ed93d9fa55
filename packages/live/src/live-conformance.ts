/**
 * The live protocol's conformance suite: the same cases run against every runtime's adapter (the
 * local hub through a real `ws` socket, the AWS handlers against DynamoDB Local), so the two
 * cannot drift. A runtime's test file supplies a harness and calls `describeLiveConformance`.
 * Test-only: imported from `@ioc/live/conformance`, never from the package's main entry.
 */
import type { LatestValueEvent, LiveEvent, Principal, ServerMessage } from "@ioc/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIVE_CLOSE } from "./frames.js";

/** The replay limit a harness configures (the local hub: its buffer size). */
export const CONFORMANCE_REPLAY_LIMIT = 5;
/** How long a harness's tokens last, from its clock's now when issued. */
export const CONFORMANCE_TOKEN_TTL_MS = 10 * 60_000;

/** One client connection, as the suite drives it. */
export interface LiveTestConnection {
  /** Sends one raw frame; resolves once it is sent (AWS: once the handler has answered it). */
  send(frame: string): Promise<void>;
  /** The next message received and not yet read (waits for it where delivery is asynchronous). */
  next(): Promise<ServerMessage>;
  /** Resolves once the server has closed the connection, with the close code the client saw. */
  closed(): Promise<number | undefined>;
}

/** A runtime's adapter with a fresh server, clock and stores. */
export interface LiveHarness {
  /** A sign-in token for `principal`, expiring `CONFORMANCE_TOKEN_TTL_MS` after the clock's now. */
  token(principal: Principal): Promise<string>;
  /** Connects with `token`; throws when the connection is refused. */
  connect(token: string): Promise<LiveTestConnection>;
  /** What the broadcaster does: publish one event to a province's subscribers. */
  publish(province: string, event: LiveEvent): Promise<void>;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  /** Whether the client sees the server's close code (API Gateway closes with its own). */
  carriesCloseCode: boolean;
  stop(): Promise<void>;
}

const LEADER: Principal = { subject: "leader", username: "leader", role: "leader", provinces: ["99"] };
const ADMIN: Principal = { subject: "admin", username: "admin", role: "admin", provinces: ["*"] };

const latest = (value: number, province = "99", commune = `${province}001`): LatestValueEvent => ({
  type: "latest",
  province,
  commune,
  metric: "net.coverage_4g",
  value,
  observedAt: Date.parse("2026-11-22T08:00:00Z") + value,
});
const numbered = (event: LiveEvent, seq: number) => ({ ...event, seq });

/** Sends a message, then reads the next one. */
async function ask(connection: LiveTestConnection, message: unknown): Promise<ServerMessage> {
  await connection.send(typeof message === "string" ? message : JSON.stringify(message));
  return connection.next();
}

/** Reads `count` messages. */
async function take(connection: LiveTestConnection, count: number): Promise<ServerMessage[]> {
  const messages: ServerMessage[] = [];
  for (let i = 0; i < count; i++) messages.push(await connection.next());
  return messages;
}

/** Proves nothing else was queued for the connection: the next thing it reads is the pong. */
async function expectNothingMore(connection: LiveTestConnection): Promise<void> {
  expect(await ask(connection, { type: "ping" })).toEqual({ type: "pong" });
}

/** Registers the suite for one adapter. */
export function describeLiveConformance(name: string, start: () => Promise<LiveHarness>): void {
  describe(`live protocol conformance: ${name}`, () => {
    let harness: LiveHarness;
    beforeEach(async () => {
      harness = await start();
    });
    afterEach(async () => {
      await harness?.stop();
    });

    const connectAs = async (principal: Principal) => harness.connect(await harness.token(principal));
    const subscribed = async (principal: Principal, province: string) => {
      const connection = await connectAs(principal);
      expect(await ask(connection, { type: "subscribe", province })).toMatchObject({ type: "subscribed", province });
      return connection;
    };

    it("acknowledges a subscription with the province's current seq, then delivers numbered messages", async () => {
      await harness.publish("99", latest(1));
      const client = await connectAs(LEADER);
      expect(await ask(client, { type: "subscribe", province: "99", topics: ["latest"] })).toEqual({
        type: "subscribed",
        province: "99",
        seq: 1,
      });
      await harness.publish("99", latest(2));
      await harness.publish("99", latest(3));
      expect(await take(client, 2)).toEqual([numbered(latest(2), 2), numbered(latest(3), 3)]);
      await expectNothingMore(client);
    });

    it("replays exactly the messages a resuming client missed, in order", async () => {
      const first = await subscribed(LEADER, "99");
      for (const value of [1, 2, 3]) await harness.publish("99", latest(value));
      expect((await take(first, 3)).map((m) => (m as { seq: number }).seq)).toEqual([1, 2, 3]);
      // The same user reconnects after missing 4, 5 and 6.
      for (const value of [4, 5, 6]) await harness.publish("99", latest(value));
      const again = await connectAs(LEADER);
      expect(await ask(again, { type: "subscribe", province: "99" })).toEqual({
        type: "subscribed",
        province: "99",
        seq: 6,
      });
      await again.send(JSON.stringify({ type: "resume", after: 3 }));
      expect(await take(again, 3)).toEqual([4, 5, 6].map((value) => numbered(latest(value), value)));
      await expectNothingMore(again);
      // Nothing missed, nothing sent.
      await again.send(JSON.stringify({ type: "resume", after: 6 }));
      await expectNothingMore(again);
    });

    it("tells a client to refetch a snapshot when the gap cannot be replayed", async () => {
      const client = await connectAs(LEADER);
      expect(await ask(client, { type: "resume", after: 0 })).toMatchObject({ type: "error", code: "not-subscribed" });
      expect(await ask(client, { type: "subscribe", province: "99" })).toMatchObject({ seq: 0 });
      for (let value = 1; value <= 7; value++) await harness.publish("99", latest(value));
      await take(client, 7);
      const snapshot = { type: "snapshot-required", province: "99", seq: 7 };
      // Seven missed is more than the replay limit (5); five is not.
      expect(await ask(client, { type: "resume", after: 0 })).toEqual(snapshot);
      await client.send(JSON.stringify({ type: "resume", after: 2 }));
      expect((await take(client, 5)).map((m) => (m as { seq: number }).seq)).toEqual([3, 4, 5, 6, 7]);
      // Ahead of the server (a seq from before a restart), negative, or not a number.
      expect(await ask(client, { type: "resume", after: 40 })).toEqual(snapshot);
      expect(await ask(client, { type: "resume", after: -1 })).toEqual(snapshot);
      expect(await ask(client, { type: "resume", after: "soon" })).toEqual(snapshot);
      await expectNothingMore(client);
    });

    it("answers every ping with a pong", async () => {
      const client = await connectAs(LEADER);
      expect(await ask(client, { type: "ping" })).toEqual({ type: "pong" });
      expect(await ask(client, { type: "ping" })).toEqual({ type: "pong" });
    });

    it("refuses malformed and oversize client frames with an error message, and keeps serving", async () => {
      const client = await connectAs(LEADER);
      expect(await ask(client, "{")).toMatchObject({ type: "error", code: "malformed-json" });
      expect(await ask(client, "null")).toMatchObject({ type: "error", code: "unknown-message" });
      expect(await ask(client, { type: "dance" })).toMatchObject({ type: "error", code: "unknown-message" });
      expect(await ask(client, { type: "subscribe", province: "9" })).toMatchObject({ code: "invalid-province" });
      const oversize = await ask(client, { type: "ping", pad: "x".repeat(40 * 1024) });
      expect(oversize).toMatchObject({ type: "error", code: "frame-too-large" });
      expect((oversize as { detail: string }).detail).toContain("32768");
      await expectNothingMore(client);
      expect(await ask(client, { type: "subscribe", province: "99" })).toMatchObject({ type: "subscribed" });
    });

    it("never sends a client another province's messages", async () => {
      const leader = await connectAs(LEADER);
      expect(await ask(leader, { type: "subscribe", province: "45" })).toEqual({
        type: "error",
        code: "forbidden-province",
        detail: "this account may not watch province 45",
      });
      expect(await ask(leader, { type: "subscribe", province: "99" })).toMatchObject({ seq: 0 });
      const admin = await subscribed(ADMIN, "45");
      await harness.publish("45", latest(1, "45"));
      await harness.publish("99", latest(2, "99"));
      await harness.publish("45", latest(3, "45"));
      expect(await leader.next()).toEqual(numbered(latest(2, "99"), 1));
      await expectNothingMore(leader);
      expect(await take(admin, 2)).toEqual([numbered(latest(1, "45"), 1), numbered(latest(3, "45"), 2)]);
      await expectNothingMore(admin);
    });

    it("refuses an outgoing message over the frame limit before it takes a seq", async () => {
      const client = await subscribed(LEADER, "99");
      await harness.publish("99", latest(1, "99", "x".repeat(40_000)));
      await harness.publish("99", latest(2));
      // The next message is number 1: no client sees a gap that no resume could fill.
      expect(await client.next()).toEqual(numbered(latest(2), 1));
      await expectNothingMore(client);
    });

    it("closes a connection when its token expires, and sends it nothing after", async () => {
      const client = await subscribed(LEADER, "99");
      harness.advance(CONFORMANCE_TOKEN_TTL_MS + 1_000);
      await harness.publish("99", latest(1));
      await client.send(JSON.stringify({ type: "ping" }));
      expect(await client.next()).toEqual({
        type: "error",
        code: "token-expired",
        detail: "the sign-in token has expired; renew it and reconnect",
      });
      const code = await client.closed();
      if (harness.carriesCloseCode) expect(code).toBe(LIVE_CLOSE.tokenExpired);
    });
  });
}
