/**
 * The live client against a scripted server: exactly-once in-order delivery across reconnects and
 * resume races, snapshots, dead-connection detection, backoff and the sign-in token.
 */
import type { Alert, ServerMessage } from "@ioc/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  connectLive,
  type LiveClientOptions,
  type SequencedEvent,
  type WebSocketLike,
  withToken,
} from "./live-client.js";

class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: WebSocketLike["onopen"] = null;
  onclose: WebSocketLike["onclose"] = null;
  onerror: WebSocketLike["onerror"] = null;
  onmessage: WebSocketLike["onmessage"] = null;
  readonly sent: Array<Record<string, unknown>> = [];
  closeCalls = 0;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closeCalls++;
  }
  // The server's side of the script.
  open() {
    this.readyState = 1;
    this.onopen?.call(this, {});
  }
  deliver(message: ServerMessage) {
    this.onmessage?.call(this, { data: JSON.stringify(message) });
  }
  drop(code?: number) {
    this.readyState = 3;
    this.onclose?.call(this, code === undefined ? {} : { code });
  }
}

const latest = (seq: number): ServerMessage => ({
  type: "latest",
  seq,
  province: "99",
  commune: "00001",
  metric: "net.coverage_4g",
  value: seq,
  observedAt: seq,
});
const alert = (seq: number): ServerMessage => ({
  type: "alert",
  seq,
  province: "99",
  alert: { id: `bts-down:0000${seq}`, severity: "critical", status: "open" } as Alert,
});

let sockets: FakeSocket[];
let events: SequencedEvent[];
let snapshots: number;

function start(overrides: Partial<LiveClientOptions> = {}) {
  return connectLive({
    url: "ws://ioc.test/live",
    province: "99",
    onEvent: (e) => events.push(e),
    onSnapshotRequired: () => snapshots++,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    backoffMs: 100,
    maxBackoffMs: 1_000,
    heartbeatMs: 1_000,
    random: () => 1,
    now: () => Date.now(),
    ...overrides,
  });
}
const tick = () => vi.advanceTimersByTimeAsync(0);
const current = () => sockets.at(-1) as FakeSocket;
const seqs = () => events.map((e) => e.seq);

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  events = [];
  snapshots = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("connectLive", () => {
  it("adds the token to the URL, asking a getter again on every connection", async () => {
    expect(withToken("ws://x/live", "a b+c")).toBe("ws://x/live?token=a%20b%2Bc");
    expect(withToken("ws://x/live?v=1", "t")).toBe("ws://x/live?v=1&token=t");
    let n = 0;
    const client = start({ token: async () => `t${++n}` });
    await tick();
    expect(current().url).toBe("ws://ioc.test/live?token=t1");
    current().drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(current().url).toBe("ws://ioc.test/live?token=t2");
    client.close();
    const plain = start({ token: "fixed" });
    await tick();
    expect(current().url).toBe("ws://ioc.test/live?token=fixed");
    plain.close();
  });

  it("subscribes on open and delivers events after the subscription point, in order", async () => {
    const client = start({ topics: ["latest"] });
    await tick();
    current().open();
    expect(current().sent).toEqual([{ type: "subscribe", province: "99", topics: ["latest"] }]);
    // An event that overtakes the `subscribed` answer waits for it.
    current().deliver(latest(8));
    current().deliver({ type: "subscribed", province: "99", seq: 7 });
    current().deliver(alert(9));
    current().deliver(latest(9));
    expect(seqs()).toEqual([8, 9]);
    expect(events.map((e) => e.type)).toEqual(["latest", "alert"]);
    expect(client.lastSeq).toBe(9);
    client.close();
  });

  it("after a reconnect, resumes and delivers every missed event exactly once, even when live events overtake the replay", async () => {
    const client = start();
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    for (const seq of [1, 2, 3]) current().deliver(latest(seq));
    current().drop();
    expect(client.state).toBe("reconnecting");

    await vi.advanceTimersByTimeAsync(100);
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 6 });
    expect(current().sent.at(-1)).toEqual({ type: "resume", after: 3 });
    // Live 7 and 8 arrive before the replay of 4..8 (the server had published 7 and 8 meanwhile).
    current().deliver(alert(7));
    current().deliver(latest(8));
    expect(seqs()).toEqual([1, 2, 3]);
    for (const seq of [4, 5, 6, 7, 8]) current().deliver(seq === 5 ? alert(seq) : latest(seq));
    current().deliver(latest(9));
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(snapshots).toBe(0);
    client.close();
  });

  it("asks for the missing events when a gap shows on an open connection, and again if no answer comes", async () => {
    const client = start();
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 10 });
    current().deliver(latest(11));
    current().deliver(latest(13));
    expect(current().sent.at(-1)).toEqual({ type: "resume", after: 11 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(current().sent.filter((m) => m.type === "resume")).toHaveLength(2);
    current().deliver(latest(12));
    current().deliver(latest(13));
    expect(seqs()).toEqual([11, 12, 13]);
    client.close();
  });

  it("refetches when told to, and by itself when the server numbers afresh after a restart", async () => {
    const client = start();
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 40 });
    current().deliver(latest(41));
    current().drop();
    await vi.advanceTimersByTimeAsync(100);
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 500 });
    current().deliver({ type: "snapshot-required", province: "99", seq: 500 });
    expect(snapshots).toBe(1);
    expect(client.lastSeq).toBe(500);
    current().deliver(latest(501));

    current().drop();
    await vi.advanceTimersByTimeAsync(100);
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 2 });
    expect(snapshots).toBe(2);
    expect(current().sent.some((m) => m.type === "resume")).toBe(false);
    current().deliver(latest(3));
    expect(seqs()).toEqual([41, 501, 3]);
    client.close();
  });

  it("pings every heartbeat and treats 2 heartbeats of silence as a dead connection, without waiting for close", async () => {
    const client = start();
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(current().sent.at(-1)).toEqual({ type: "ping" });
    current().deliver({ type: "pong" });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sockets).toHaveLength(1);
    // Silent since the pong at t=1000: dead at t=3000; the socket never reported a close.
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets[0]?.closeCalls).toBe(1);
    expect(client.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    client.close();
  });

  it("gives up on a handshake that never completes", async () => {
    const client = start();
    await tick();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(client.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    client.close();
  });

  it("backs off exponentially with jitter, capped, and starts over only once subscribed", async () => {
    const delays: number[] = [];
    const client = start({ random: () => 0 });
    await tick();
    let last = Date.now();
    for (let i = 0; i < 6; i++) {
      // The server accepts the socket but drops it before subscribing: that is still a failure.
      current().open();
      current().drop();
      const before = sockets.length;
      while (sockets.length === before) await vi.advanceTimersByTimeAsync(10);
      delays.push(Date.now() - last);
      last = Date.now();
    }
    // random() = 0 takes half of each delay: 100·2ⁿ/2, capped at 1000/2.
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    current().drop();
    const before = sockets.length;
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets.length).toBe(before + 1);
    client.close();
  });

  it("reports server errors, and stops for good when closed", async () => {
    const errors: unknown[] = [];
    const states: string[] = [];
    const client = start({ onError: (e) => errors.push(e), onStateChange: (s) => states.push(s) });
    await tick();
    current().open();
    current().deliver({ type: "error", code: "forbidden-province", detail: "no" });
    expect(errors).toEqual([{ code: "forbidden-province", detail: "no" }]);
    client.close();
    current().drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
    expect(states).toEqual(["open", "closed"]);
  });

  it("renews its token and reconnects at once when the server closes for expiry, then resumes by seq", async () => {
    const asked: Array<{ renew: boolean }> = [];
    const client = start({
      token: (request) => {
        asked.push(request);
        return `t${asked.length}`;
      },
    });
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    current().deliver(latest(1));
    current().deliver(latest(2));
    current().deliver({ type: "error", code: "token-expired", detail: "renew" });
    current().drop(4401);
    // No backoff: the server is fine, only the token ran out.
    await tick();
    expect(sockets).toHaveLength(2);
    expect(asked).toEqual([{ renew: false }, { renew: true }]);
    expect(current().url).toBe("ws://ioc.test/live?token=t2");
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 4 });
    expect(current().sent.at(-1)).toEqual({ type: "resume", after: 2 });
    current().deliver(latest(3));
    current().deliver(latest(4));
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(snapshots).toBe(0);
    client.close();
  });

  it("renews on the server's token-expired message alone, as API Gateway closes without our code", async () => {
    const asked: Array<{ renew: boolean }> = [];
    const client = start({
      token: (request) => {
        asked.push(request);
        return "t";
      },
    });
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    current().deliver({ type: "error", code: "token-expired", detail: "renew" });
    current().drop(1006);
    await tick();
    expect(sockets).toHaveLength(2);
    expect(asked.at(-1)).toEqual({ renew: true });
    client.close();
  });

  it("backs off when the renewed connection is closed for expiry again before it subscribes", async () => {
    const client = start({ token: () => "stale" });
    await tick();
    current().open();
    current().deliver({ type: "subscribed", province: "99", seq: 0 });
    current().drop(4401);
    await tick();
    expect(sockets).toHaveLength(2);
    current().open();
    current().drop(4401);
    await tick();
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(sockets).toHaveLength(3);
    client.close();
  });
});
