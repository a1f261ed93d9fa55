/**
 * `npm run bench:live`: the walking skeleton's two figures.
 *  1. Cold start: seconds from spawning `npm start` (fresh data dir, simulator on) to the first
 *     live update on the WebSocket, and whether Ctrl-C leaves no DynamoDB Local behind.
 *  2. POST → WebSocket latency over N readings posted one at a time through the public API.
 * Ends with one `BENCH live {…}` line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ServerMessage } from "@ioc/core";
import { createConsoleLogger, freePort, isPortFree, startRuntime, waitForPort } from "@ioc/local";
import WebSocket from "ws";
import { type BenchStore, storeLine } from "./bench-store.js";

const ROOT = resolve(import.meta.dirname, "..");
const READINGS = Number(process.env.BENCH_READINGS ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

async function coldStart(): Promise<{ secondsToFirstUpdate: number; cleanExit: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ioc-bench-"));
  const port = await freePort();
  const dynamoPort = await freePort();
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      IOC_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForPort(port, { timeoutMs: 120_000 });
    const token = await signIn(`http://127.0.0.1:${port}`, process.env.IOC_DEMO_PASSWORD || "demo");
    const firstUpdate = await new Promise<number>((resolveUpdate, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/live?token=${encodeURIComponent(token)}`);
      const timer = setTimeout(() => reject(new Error("no live update within 120 s")), 120_000);
      socket.on("open", () => socket.send(JSON.stringify({ type: "subscribe", province: "99" })));
      socket.on("message", (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.type === "latest") {
          clearTimeout(timer);
          socket.close();
          resolveUpdate(performance.now());
        }
      });
      socket.on("error", reject);
    });
    const secondsToFirstUpdate = (firstUpdate - started) / 1000;
    // Ctrl-C reaches the whole process group, as it does in a terminal.
    process.kill(-(child.pid as number), "SIGINT");
    await new Promise((r) => child.once("exit", r));
    let cleanExit = false;
    for (let i = 0; i < 50 && !cleanExit; i++) {
      cleanExit = (await isPortFree(dynamoPort)) && (await isPortFree(port));
      if (!cleanExit) await new Promise((r) => setTimeout(r, 100));
    }
    return { secondsToFirstUpdate, cleanExit };
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const COLD_STORE: BenchStore = {
  store: "temporary directory",
  state: "cold",
  note: "a fresh IOC_DATA_DIR for `npm start`, as a first start on a new machine",
};
const LATENCY_STORE: BenchStore = {
  store: "in-memory DynamoDB Local",
  state: "warmed",
  note: "50 readings posted and drained before measuring",
};

async function latency(): Promise<number[]> {
  // No dataDir: DynamoDB Local in memory, gone when the runtime stops (bench-store.ts).
  const runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: createConsoleLogger("warn"),
  });
  try {
    const token = (await runtime.issuer.login("leader", "demo"))?.token ?? "";
    const socket = new WebSocket(`${runtime.url.replace("http", "ws")}/live?token=${encodeURIComponent(token)}`);
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let done: () => void = () => {};
    const all = new Promise<void>((r) => {
      done = r;
    });
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type !== "latest") return;
      const start = sentAt.get(message.observedAt);
      if (start === undefined) return;
      latencies.push(performance.now() - start);
      if (latencies.length === READINGS) done();
    });
    await new Promise((r) => socket.once("open", r));
    socket.send(JSON.stringify({ type: "subscribe", province: runtime.province.code }));
    const base = Date.now() - 60_000;
    const communes = runtime.province.communes;
    // Warm the JVM and the code paths before measuring.
    for (let i = 0; i < 50; i++) {
      await post(
        runtime.url,
        runtime.apiKey,
        communes[i % communes.length]?.code as string,
        base - 10_000 + i,
        `warm-${i}`,
      );
    }
    await runtime.drained();
    for (let i = 0; i < READINGS; i++) {
      const observedAt = base + i;
      sentAt.set(observedAt, performance.now());
      await post(runtime.url, runtime.apiKey, communes[i % communes.length]?.code as string, observedAt, `bench-${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.race([all, new Promise((r) => setTimeout(r, 30_000))]);
    socket.close();
    if (latencies.length < READINGS)
      throw new Error(`only ${latencies.length}/${READINGS} readings reached the socket`);
    return latencies.sort((a, b) => a - b);
  } finally {
    await runtime.stop();
  }
}

/** The live socket needs a signed-in user: the demo leader. */
async function signIn(url: string, password: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "leader", password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function post(url: string, key: string, commune: string, observedAt: number, id: string) {
  const response = await fetch(`${url}/v1/readings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({
      readings: [
        {
          id,
          commune,
          metric: "net.coverage_4g",
          value: 50 + (observedAt % 50),
          observedAt: new Date(observedAt).toISOString(),
        },
      ],
    }),
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
}

console.log(storeLine("cold start", COLD_STORE));
console.log(storeLine("latency", LATENCY_STORE));
const cold = await coldStart();
console.log(
  `cold start: first live update ${cold.secondsToFirstUpdate.toFixed(1)} s after 'npm start'; Ctrl-C left ${cold.cleanExit ? "no" : "SOME"} process behind`,
);
const sorted = await latency();
const figures = {
  startToFirstUpdateS: Number(cold.secondsToFirstUpdate.toFixed(2)),
  cleanExit: cold.cleanExit,
  readings: sorted.length,
  p50Ms: Math.round(percentile(sorted, 0.5)),
  p99Ms: Math.round(percentile(sorted, 0.99)),
  maxMs: Math.round(sorted.at(-1) as number),
  stores: { coldStart: COLD_STORE.state, latency: LATENCY_STORE.state },
};
console.log(
  `POST → WebSocket over ${figures.readings} readings: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms`,
);
console.log(`BENCH live ${JSON.stringify(figures)}`);
process.exit(0);
