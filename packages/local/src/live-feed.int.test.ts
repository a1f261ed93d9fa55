/**
 * The live feed's promise (issue 4, item 7): a dashboard cut off for 10 s while alerts fire
 * receives, once it is back, every message exactly once and in `seq` order. Runs the real local
 * runtime; the feed carries alert events published to the hub and latest values produced by
 * readings posted through the API. Also: the socket is for signed-in users, scoped to provinces.
 */
import { connectLive, type SequencedEvent, type WebSocketLike } from "@ioc/client";
import { type Alert, fire } from "@ioc/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const OUTAGE_MS = 10_000;
/** How often something fires during the outage. */
const EVERY_MS = 400;

let runtime: Runtime;
let liveUrl: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: silent,
    pollIdleMs: 50,
  });
  liveUrl = `${runtime.url.replace("http", "ws")}/live`;
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await runtime?.stop();
});

/** Signs in through the API, as the dashboard does. */
async function signIn(username: string, password = "demo"): Promise<string> {
  const response = await fetch(`${runtime.url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** A synthetic alert shaped by the core's own lifecycle function. */
function syntheticAlert(i: number): Alert {
  const commune = runtime.province.communes[i % runtime.province.communes.length]?.code as string;
  return fire(
    undefined,
    {
      id: `live-test:${commune}:${i}`,
      ruleId: "live-test",
      severity: i % 3 === 0 ? "critical" : "warning",
      province: runtime.province.code,
      commune,
      metric: "net.bts_down",
      value: i,
      message: { vi: `Cảnh báo thử nghiệm số ${i}`, en: `Test alert ${i}` },
    },
    Date.now(),
  );
}

let readingNo = 0;
/** Posts one reading through the public API; distinct communes, so each is its own latest value. */
async function postReading(): Promise<{ commune: string; value: number }> {
  const i = readingNo++;
  const commune = runtime.province.communes[(i * 7) % runtime.province.communes.length]?.code as string;
  const value = 40 + (i % 50);
  const response = await fetch(`${runtime.url}/v1/readings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
    body: JSON.stringify({
      readings: [
        {
          id: `live-feed-${i}`,
          commune,
          metric: "net.fiber_households",
          value,
          observedAt: new Date(Date.now() - 1_000).toISOString(),
        },
      ],
    }),
  });
  expect(response.status).toBe(202);
  return { commune, value };
}

/** A client that records what it delivers; `offline` sends its connection attempts nowhere. */
function recordingClient(token: string, network: { offline: boolean; deadUrl: string }) {
  const delivered: SequencedEvent[] = [];
  const states: string[] = [];
  let snapshots = 0;
  const raw: WebSocket[] = [];
  const client = connectLive({
    url: liveUrl,
    province: runtime.province.code,
    token: () => token,
    heartbeatMs: 500,
    backoffMs: 100,
    maxBackoffMs: 1_000,
    createSocket: (url) => {
      const socket = new WebSocket(network.offline ? url.replace(liveUrl, network.deadUrl) : url);
      socket.on("error", () => {});
      raw.push(socket);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
    onEvent: (event) => delivered.push(event),
    onSnapshotRequired: () => snapshots++,
    onStateChange: (state) => states.push(state),
  });
  return { client, delivered, states, raw, snapshots: () => snapshots };
}

describe("the live feed across a 10 s disconnection", () => {
  it("delivers every alert and latest value exactly once, in seq order, after the client resumes", async () => {
    const province = runtime.province.code;
    const token = await signIn("leader");
    // A port nobody listens on: connection attempts fail as on a dead network.
    const deadUrl = `ws://127.0.0.1:${await freePort()}/live`;
    const network = { offline: false, deadUrl };
    const watched = recordingClient(token, network);
    // A witness that stays connected throughout: the feed as the hub numbered it.
    const witness = recordingClient(await signIn("ops"), { offline: false, deadUrl });
    await expect.poll(() => runtime.hub.clientCount).toBe(2);

    const alerts: Alert[] = [];
    const readings: Array<{ commune: string; value: number }> = [];
    const publishAlert = async () => {
      const alert = syntheticAlert(alerts.length);
      alerts.push(alert);
      await runtime.hub.publish(province, { type: "alert", province, alert });
    };

    // Before the outage: both clients see the feed.
    await publishAlert();
    readings.push(await postReading());
    await runtime.drained();
    await expect.poll(() => watched.delivered.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const firstSeq = watched.delivered[0]?.seq as number;

    // The outage: the link goes dead without a close (the socket stops reading), and every
    // reconnection attempt fails, for 10 s, while alerts and readings keep coming.
    network.offline = true;
    const socketsBefore = watched.raw.length;
    watched.raw.at(-1)?.pause();
    const outageStarted = Date.now();
    while (Date.now() - outageStarted < OUTAGE_MS) {
      await publishAlert();
      readings.push(await postReading());
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
    // The client noticed the dead link by itself and has been retrying.
    expect(watched.client.state).toBe("reconnecting");
    expect(watched.raw.length).toBeGreaterThan(socketsBefore + 2);
    const deliveredDuringOutage = watched.delivered.length;

    network.offline = false;
    await publishAlert();
    await runtime.drained();
    const last = runtime.hub.currentSeq(province);
    await expect.poll(() => watched.client.lastSeq, { timeout: 15_000 }).toBe(last);
    await expect.poll(() => witness.client.lastSeq, { timeout: 5_000 }).toBe(last);

    // Exactly once and in order: the seqs are the whole run from the first, each once.
    const seqs = watched.delivered.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: last - firstSeq + 1 }, (_, i) => firstSeq + i));
    expect(watched.snapshots()).toBe(0);
    // The same messages as the client that never left.
    expect(watched.delivered).toEqual(witness.delivered.filter((e) => e.seq >= firstSeq));
    // Every alert, once, in the order it fired; every reading's value.
    const alertIds = watched.delivered.flatMap((e) => (e.type === "alert" ? [e.alert.id] : []));
    expect(alertIds).toEqual(alerts.map((a) => a.id));
    const latest = watched.delivered.flatMap((e) => (e.type === "latest" ? [`${e.commune}=${e.value}`] : []));
    for (const r of readings) expect(latest).toContain(`${r.commune}=${r.value}`);
    expect(watched.states).toContain("reconnecting");
    console.log(
      `live feed: ${alerts.length} alerts and ${readings.length} readings; ${seqs.length} messages (seq ${firstSeq}…${last}), ` +
        `${seqs.length - deliveredDuringOutage} of them delivered on resume after ${OUTAGE_MS / 1000} s offline; ` +
        `${watched.raw.length} connection attempts`,
    );
    watched.client.close();
    witness.client.close();
  });
});

describe("who may use the live socket", () => {
  /** The HTTP status of an upgrade the hub refuses. */
  const upgradeStatus = (url: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => reject(new Error("the upgrade was accepted")));
      socket.on("error", () => {});
    });

  it("refuses a connection without a token, or with one it did not sign, with HTTP 401", async () => {
    expect(await upgradeStatus(liveUrl)).toBe(401);
    expect(await upgradeStatus(`${liveUrl}?token=`)).toBe(401);
    expect(await upgradeStatus(`${liveUrl}?token=not-a-jwt`)).toBe(401);
    const token = await signIn("admin");
    const [header, payload] = token.split(".");
    const tampered = `${header}.${Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload as string, "base64url").toString()),
        "custom:provinces": "*",
      }),
    ).toString("base64url")}.${token.split(".")[2]}`;
    expect(await upgradeStatus(`${liveUrl}?token=${tampered}`)).toBe(401);
  });

  it("does not let a leader of province 99 subscribe to province 01, on the socket or through the API", async () => {
    const token = await signIn("leader");
    const errors: Array<{ code: string }> = [];
    const events: SequencedEvent[] = [];
    const client = connectLive({
      url: liveUrl,
      province: "01",
      token,
      createSocket: (url) => {
        const socket = new WebSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocketLike;
      },
      onEvent: (event) => events.push(event),
      onSnapshotRequired: () => {},
      onError: (error) => errors.push(error),
    });
    await expect.poll(() => errors.map((e) => e.code)).toEqual(["forbidden-province"]);
    await runtime.hub.publish("01", { type: "alert", province: "01", alert: { ...syntheticAlert(0), province: "01" } });
    expect(events).toEqual([]);
    client.close();

    const api = await fetch(`${runtime.url}/v1/communes?province=01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(403);
    const me = await fetch(`${runtime.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ username: "leader", role: "leader", provinces: ["99"] });
  });
});
