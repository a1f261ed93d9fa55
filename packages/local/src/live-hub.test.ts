/**
 * The local live hub on a real socket (no DynamoDB): the token on upgrade, province scope on
 * subscribe, numbering, resume from the buffer and snapshots when it cannot.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connectLive, type SequencedEvent, type WebSocketLike } from "@ioc/client";
import { type Alert, LIVE_CLOSE, type LiveEvent, type Principal, type ServerMessage } from "@ioc/core";
import { createJwtVerifier, createLocalIssuer } from "@ioc/identity";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LiveHub, type LiveHubOptions } from "./live-hub.js";
import { openTestSocket } from "./test-support.js";

const USERS: Record<string, Principal> = {
  "leader-token": { subject: "l", username: "leader", role: "leader", provinces: ["99"] },
  "all-token": { subject: "a", username: "admin", role: "admin", provinces: ["*"] },
};
const verifier = {
  async verify(token: string | undefined) {
    const user = token ? USERS[token] : undefined;
    if (!user) throw new Error("refused");
    return user;
  },
};

let hub: LiveHub | undefined;
let server: Server | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await hub?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  hub = undefined;
  server = undefined;
});

async function startHub(options: Partial<LiveHubOptions> = {}) {
  hub = new LiveHub({ verifier, ...options });
  server = createServer();
  hub.attach(server);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
}

/** A raw socket that records what it receives; `next()` awaits the next message. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const received: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on("message", (data) => {
    received.push(JSON.parse(String(data)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const until = async (count: number) => {
    while (received.length < count) await new Promise<void>((r) => waiters.push(r));
    return received.slice(0, count);
  };
  return {
    socket,
    received,
    until,
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    /** Sends, then awaits the next message. */
    ask: async (message: unknown) => {
      const n = received.length + 1;
      socket.send(JSON.stringify(message));
      return (await until(n))[n - 1];
    },
  };
}

/** The status of a refused upgrade. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => reject(new Error("the upgrade was accepted")));
    socket.on("error", () => {});
  });
}

const event = (i: number): LiveEvent =>
  i % 2
    ? { type: "alert", province: "99", alert: { id: `r:${i}` } as Alert }
    : { type: "latest", province: "99", commune: "00001", metric: "m", value: i, observedAt: i };

describe("LiveHub", () => {
  it("refuses an upgrade without a valid token with HTTP 401", async () => {
    const url = await startHub();
    expect(await upgradeStatus(url)).toBe(401);
    expect(await upgradeStatus(`${url}?token=forged`)).toBe(401);
    expect(hub?.clientCount).toBe(0);
  });

  it("lets a user subscribe only to provinces they may read", async () => {
    const url = await startHub();
    const leader = await connect(`${url}?token=leader-token`);
    expect(await leader.ask({ type: "subscribe", province: "01" })).toMatchObject({
      type: "error",
      code: "forbidden-province",
    });
    await hub?.publish("01", { ...event(2), province: "01" } as LiveEvent);
    expect(await leader.ask({ type: "subscribe", province: "99" })).toEqual({
      type: "subscribed",
      province: "99",
      seq: 0,
    });
    const admin = await connect(`${url}?token=all-token`);
    expect(await admin.ask({ type: "subscribe", province: "01" })).toEqual({
      type: "subscribed",
      province: "01",
      seq: 1,
    });
    // Nothing of province 01 reached the leader.
    expect(leader.received.filter((m) => "province" in m && m.province === "01")).toEqual([]);
  });

  it("numbers messages per province and replays exactly what a resuming client missed", async () => {
    const url = await startHub();
    const first = await connect(`${url}?token=leader-token`);
    await first.ask({ type: "subscribe", province: "99" });
    for (let i = 1; i <= 5; i++) await hub?.publish("99", event(i));
    expect((await first.until(6)).slice(1).map((m) => (m as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5]);
    first.socket.terminate();
    for (let i = 6; i <= 9; i++) await hub?.publish("99", event(i));

    const again = await connect(`${url}?token=leader-token`);
    expect(await again.ask({ type: "subscribe", province: "99" })).toEqual({
      type: "subscribed",
      province: "99",
      seq: 9,
    });
    again.send({ type: "resume", after: 5 });
    const replay = await again.until(5);
    expect(replay.slice(1)).toEqual([6, 7, 8, 9].map((i) => ({ ...event(i), seq: i })));
    // Nothing missed, nothing sent: the next answer is the ping's.
    again.send({ type: "resume", after: 9 });
    expect(await again.ask({ type: "ping" })).toEqual({ type: "pong" });
  });

  it("asks for a snapshot when the gap is beyond the buffer's count or age, or the client is ahead", async () => {
    let now = 0;
    const url = await startHub({ bufferSize: 3, bufferAgeMs: 60_000, clock: () => now });
    const client = await connect(`${url}?token=leader-token`);
    for (let i = 1; i <= 6; i++) await hub?.publish("99", event(i));
    await client.ask({ type: "subscribe", province: "99" });
    const snapshot = { type: "snapshot-required", province: "99", seq: 6 };
    // Kept: 4, 5, 6. After 3 can be replayed; after 2 cannot.
    expect(await client.ask({ type: "resume", after: 2 })).toEqual(snapshot);
    const before = client.received.length;
    expect(await client.ask({ type: "resume", after: 3 })).toMatchObject({ seq: 4 });
    expect((await client.until(before + 3)).slice(before).map((m) => (m as { seq: number }).seq)).toEqual([4, 5, 6]);
    // Ahead of the server (a seq from before a restart), negative or not a number.
    expect(await client.ask({ type: "resume", after: 7 })).toEqual(snapshot);
    expect(await client.ask({ type: "resume", after: -1 })).toEqual(snapshot);
    expect(await client.ask({ type: "resume", after: "soon" })).toEqual(snapshot);
    now += 61_000;
    expect(await client.ask({ type: "resume", after: 5 })).toEqual(snapshot);
  });

  it("answers pings, and protocol mistakes with an error instead of closing", async () => {
    const url = await startHub();
    const client = await connect(`${url}?token=leader-token`);
    expect(await client.ask({ type: "ping" })).toEqual({ type: "pong" });
    expect(await client.ask({ type: "resume", after: 0 })).toMatchObject({ code: "not-subscribed" });
    expect(await client.ask({ type: "subscribe", province: "9" })).toMatchObject({ code: "invalid-province" });
    expect(await client.ask({ type: "dance" })).toMatchObject({ code: "unknown-message" });
    client.socket.send("{");
    expect(await client.until(5).then((r) => r[4])).toMatchObject({ code: "malformed-json" });
  });

  it("drops a client that stops answering pings", async () => {
    const url = await startHub({ heartbeatMs: 50 });
    const client = await connect(`${url}?token=leader-token`);
    expect(hub?.clientCount).toBe(1);
    // A paused socket reads nothing, so it answers no ping: a dead peer, as the server sees it.
    client.socket.pause();
    await expect.poll(() => hub?.clientCount, { timeout: 2_000 }).toBe(0);
  });

  it("closes a socket with 1009 on a frame over API Gateway's 128 KiB message limit, before reading it", async () => {
    const url = await startHub();
    const client = await connect(`${url}?token=leader-token`);
    const closed = new Promise<number>((resolve) => client.socket.on("close", (code) => resolve(code)));
    client.socket.on("error", () => {});
    // 50 MB: refused from its frame header, so the server never holds it.
    client.socket.send("x".repeat(50 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await expect.poll(() => hub?.clientCount).toBe(0);
    const other = await connect(`${url}?token=leader-token`);
    expect(await other.ask({ type: "ping" })).toEqual({ type: "pong" });
  });

  it("closes a socket when its token expires, even an idle one, with a message and close code 4401", async () => {
    const issuer = await createLocalIssuer({ users: [], clock: Date.now, ttlSeconds: 1 });
    const url = await startHub({
      verifier: createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    });
    const { token, expiresAt } = await issuer.issue(USERS["leader-token"] as Principal);
    const client = await openTestSocket(`${url}?token=${token}`);
    expect(await client.next()).toMatchObject({ type: "error", code: "token-expired" });
    expect(await client.closed()).toBe(LIVE_CLOSE.tokenExpired);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(hub?.clientCount).toBe(0);
  });

  it("lets the live client renew an expiring token and resume without losing a message", async () => {
    // Tokens live 2 s (1–2 s from issue, `exp` being whole seconds): several renewals in the run.
    const issuer = await createLocalIssuer({ users: [], clock: Date.now, ttlSeconds: 2 });
    const url = await startHub({
      verifier: createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    });
    const closes: number[] = [];
    const delivered: SequencedEvent[] = [];
    let snapshots = 0;
    let renewals = 0;
    const client = connectLive({
      url,
      province: "99",
      token: async ({ renew }) => {
        if (renew) renewals++;
        return (await issuer.issue(USERS["leader-token"] as Principal)).token;
      },
      createSocket: (socketUrl) => {
        const socket = new WebSocket(socketUrl);
        sockets.push(socket);
        socket.on("error", () => {});
        socket.on("close", (code) => closes.push(code));
        return socket as unknown as WebSocketLike;
      },
      onEvent: (e) => delivered.push(e),
      onSnapshotRequired: () => snapshots++,
      backoffMs: 50,
      heartbeatMs: 1_000,
    });
    try {
      await expect.poll(() => client.state).toBe("open");
      const total = 40;
      for (let i = 1; i <= total; i++) {
        await hub?.publish("99", event(i));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expect.poll(() => client.lastSeq, { timeout: 5_000 }).toBe(total);
      const first = delivered[0]?.seq ?? 0;
      // Everything after the first subscription, each once and in order, with no refetch.
      expect(delivered.map((e) => e.seq)).toEqual(Array.from({ length: total - first + 1 }, (_, i) => first + i));
      expect(first).toBeLessThanOrEqual(2);
      expect(snapshots).toBe(0);
      expect(closes.filter((code) => code === LIVE_CLOSE.tokenExpired).length).toBeGreaterThanOrEqual(1);
      expect(renewals).toBeGreaterThanOrEqual(1);
    } finally {
      client.close();
    }
  });
});
