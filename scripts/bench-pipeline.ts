/**
 * `npm run bench:pipeline`: a sustained ingest rate (default 1,000 readings/s) for 30 s through the
 * whole local pipeline — API → Readings → processor → State → broadcaster → WebSocket, after a
 * warm-up at the same rate (BENCH_WARMUP_SECONDS, default 10). Prints the
 * processor's records/s, State writes per reading (every State write is a State-stream record),
 * stream lag over time, and ingest → WebSocket latency p50/p99. Ends with `BENCH pipeline {…}`.
 * Goals at 1,000 readings/s: ≤ 0.2 writes per reading, p99 ≤ 750 ms, lag that does not grow.
 * Knobs (environment): BENCH_RATE, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_WINDOW_MS (the
 * processor's batching window, default the runtime's), BENCH_IDLE_MS (the pollers' wait between
 * empty reads).
 */
import { type AttributeValue, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { ServerMessage } from "@ioc/core";
import { createConsoleLogger, DEFAULT_PROCESSOR_WINDOW_MS, freePort, readWholeStream, startRuntime } from "@ioc/local";
import { latestStreamArn } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import WebSocket from "ws";
import { type BenchStore, storeLine } from "./bench-store.js";
import { driveOpenLoop, postReadings, syntheticReading } from "./open-loop.js";

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const BATCH = 100;
const METRICS = [
  "net.coverage_4g",
  "net.coverage_5g",
  "net.fiber_households",
  "net.download_mbps",
  "iot.cameras_online_rate",
  "gov.online_application_rate",
];
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Every History item's kind and version, by key (the table is small: one province's series). */
async function historyVersions(): Promise<Map<string, { entity: string; version: number }>> {
  const versions = new Map<string, { entity: string; version: number }>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await runtime.dynamo.client.send(
      new ScanCommand({
        TableName: runtime.tables.history,
        ProjectionExpression: "pk, sk, entity, version",
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of page.Items ?? [])
      versions.set(`${i.pk?.S}|${i.sk?.S}`, { entity: i.entity?.S ?? "other", version: Number(i.version?.N ?? 0) });
    start = page.LastEvaluatedKey;
  } while (start);
  return versions;
}

let processed = 0;
const lagSamples: Array<{ t: number; lagMs: number }> = [];
const handlerRuns: Array<{ records: number; ms: number }> = [];
// How long the API took to accept a batch: the part of the latency that precedes the stream.
const ingestMs: number[] = [];
// When the processor finished each reading (by observedAt), to split the latency in two.
const processedAt = new Map<number, number>();
// No dataDir: DynamoDB Local in memory, gone when the runtime stops (bench-store.ts).
const runtime = await startRuntime({
  port: await freePort(),
  dynamoPort: await freePort(),
  simulator: false,
  logger: createConsoleLogger("warn"),
  tablePrefix: "bench-pipe",
  ...(process.env.BENCH_WINDOW_MS ? { processorBatchWindowMs: Number(process.env.BENCH_WINDOW_MS) } : {}),
  ...(process.env.BENCH_IDLE_MS ? { pollIdleMs: Number(process.env.BENCH_IDLE_MS) } : {}),
  wrapHandler: (consumer, handler) =>
    consumer !== "processor"
      ? handler
      : async (event: DynamoDBStreamEvent) => {
          const begun = Date.now();
          const result = (await handler(event)) as DynamoDBBatchResponse;
          const done = Date.now();
          handlerRuns.push({ records: event.Records.length, ms: done - begun });
          for (const r of event.Records) {
            const observedAt = r.dynamodb?.NewImage?.observedAt?.N;
            if (observedAt) processedAt.set(Number(observedAt), done);
          }
          processed += event.Records.length - (result?.batchItemFailures.length ?? 0);
          // Lag: how old the newest record of the batch was when the processor finished it.
          const newest = Math.max(...event.Records.map((r) => Number(r.dynamodb?.NewImage?.receivedAt?.N ?? 0)));
          if (newest > 0) lagSamples.push({ t: Date.now(), lagMs: Date.now() - newest });
          return result;
        },
});

try {
  const token = (await runtime.issuer.login("leader", process.env.IOC_DEMO_PASSWORD || "demo"))?.token ?? "";
  const socket = new WebSocket(`${runtime.url.replace("http", "ws")}/live?token=${encodeURIComponent(token)}`);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  // POST → processor done, and processor done → socket: where the latency is spent.
  const toProcessed: number[] = [];
  const toSocket: number[] = [];
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type !== "latest") return;
    const start = sentAt.get(message.observedAt);
    if (start === undefined) return;
    const now = Date.now();
    latencies.push(now - start);
    const done = processedAt.get(message.observedAt);
    if (done !== undefined) {
      toProcessed.push(done - start);
      toSocket.push(now - done);
    }
  });
  await new Promise((r) => socket.once("open", r));
  socket.send(JSON.stringify({ type: "subscribe", province: runtime.province.code }));

  const communes = runtime.province.communes.map((c) => c.code);
  let sequence = 0;
  const base = Date.now() - 10 * 60_000;
  const post = async () => {
    const readings = Array.from({ length: BATCH }, () => {
      const n = sequence++;
      // observedAt is unique per reading, so a live message names the reading it came from.
      sentAt.set(base + n, Date.now());
      return syntheticReading(n, { prefix: "p", communes, metrics: METRICS, base });
    });
    const begun = Date.now();
    const accepted = await postReadings(runtime.url, runtime.apiKey, readings);
    ingestMs.push(Date.now() - begun);
    return accepted;
  };

  // Open loop: a request of 100 readings every 100 ms at 1,000/s, however long each one takes.
  const drive = async (seconds: number) => (await driveOpenLoop(post, { rate: RATE, batch: BATCH, seconds })).accepted;

  // Warm-up at the measured rate, not a trickle: DynamoDB Local's JVM compiles its transaction
  // and stream paths during the first thousands of writes (PITFALLS.md), and the first alerts of
  // every commune open then. What follows measures the steady state.
  console.log(`warming up at ${RATE} readings/s for ${WARMUP_SECONDS} s, then ${RATE} readings/s for ${SECONDS} s…`);
  await drive(WARMUP_SECONDS);
  await runtime.drained();
  latencies.length = 0;
  toProcessed.length = 0;
  toSocket.length = 0;
  lagSamples.length = 0;
  handlerRuns.length = 0;
  ingestMs.length = 0;
  processed = 0;
  const stateArn = await latestStreamArn(runtime.dynamo.client, runtime.tables.state);
  const stateBefore = (await readWholeStream(runtime.dynamo.streams, stateArn)).Records.length;
  const historyBefore = await historyVersions();

  const store: BenchStore = {
    store: "in-memory DynamoDB Local",
    state: WARMUP_SECONDS > 0 ? "warmed" : "cold",
    note: WARMUP_SECONDS > 0 ? `${WARMUP_SECONDS} s at ${RATE} readings/s before measuring` : "BENCH_WARMUP_SECONDS=0",
  };
  console.log(storeLine("pipeline", store));
  const started = Date.now();
  const accepted = await drive(SECONDS);
  const ingestSeconds = (Date.now() - started) / 1000;
  await runtime.drained();
  const pipelineSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const stateRecords = (await readWholeStream(runtime.dynamo.streams, stateArn)).Records.slice(stateBefore);
  const stateWrites = stateRecords.length;
  // Which items the writes went to, so a regression names its cause.
  const writesByEntity: Record<string, number> = {};
  for (const r of stateRecords) {
    const entity = r.dynamodb?.NewImage?.entity?.S ?? "other";
    writesByEntity[entity] = (writesByEntity[entity] ?? 0) + 1;
  }
  // History has no stream: each merge there adds one to the item's version, so the versions' growth
  // is its write count, by item kind.
  const historyWritesByEntity: Record<string, number> = {};
  for (const [key, { entity, version }] of await historyVersions()) {
    const grown = version - (historyBefore.get(key)?.version ?? 0);
    if (grown > 0) historyWritesByEntity[entity] = (historyWritesByEntity[entity] ?? 0) + grown;
  }
  const historyWrites = Object.values(historyWritesByEntity).reduce((a, b) => a + b, 0);
  socket.close();

  latencies.sort((a, b) => a - b);
  ingestMs.sort((a, b) => a - b);
  toProcessed.sort((a, b) => a - b);
  toSocket.sort((a, b) => a - b);
  // Lag over time: every batch's lag, in order; a pipeline that keeps up shows no upward trend.
  const lags = lagSamples.map((s) => ({ atS: Number(((s.t - started) / 1000).toFixed(1)), lagMs: s.lagMs }));
  const thirds = [0, 1, 2].map((i) => {
    const part = lags
      .slice(Math.floor((i * lags.length) / 3), Math.floor(((i + 1) * lags.length) / 3))
      .map((l) => l.lagMs);
    return part.length ? Math.round(part.reduce((a, b) => a + b, 0) / part.length) : null;
  });
  const figures = {
    targetPerSecond: RATE,
    batchWindowMs: Number(process.env.BENCH_WINDOW_MS ?? DEFAULT_PROCESSOR_WINDOW_MS),
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    store: store.store,
    storeState: store.state,
    acceptedPerSecond: Math.round(accepted / ingestSeconds),
    processorRecordsPerSecond: Math.round(processed / pipelineSeconds),
    stateWritesPerReading: Number((stateWrites / Math.max(1, accepted)).toFixed(3)),
    stateWritesByEntity: writesByEntity,
    historyWritesPerReading: Number((historyWrites / Math.max(1, accepted)).toFixed(3)),
    historyWritesByEntity,
    batches: lags.length,
    lagMsByThirdOfBatches: thirds,
    liveMessages: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    ingestP50Ms: percentile(ingestMs, 0.5),
    ingestP99Ms: percentile(ingestMs, 0.99),
    toProcessedP50Ms: percentile(toProcessed, 0.5),
    toProcessedP99Ms: percentile(toProcessed, 0.99),
    toSocketP50Ms: percentile(toSocket, 0.5),
    toSocketP99Ms: percentile(toSocket, 0.99),
  };
  console.log(`ingest: ${figures.acceptedPerSecond} readings/s accepted (target ${RATE}/s)`);
  console.log(
    `processor: ${figures.processorRecordsPerSecond} records/s; State writes per reading ${figures.stateWritesPerReading}`,
  );
  console.log(`processor calls (records/ms): ${handlerRuns.map((h) => `${h.records}/${h.ms}`).join(", ")}`);
  console.log(`State writes (stream records) by item: ${JSON.stringify(writesByEntity)}`);
  console.log(
    `History writes (no stream) per reading ${figures.historyWritesPerReading}, by item: ${JSON.stringify(historyWritesByEntity)}`,
  );
  console.log(`stream lag per batch (s since start: ms): ${lags.map((l) => `${l.atS}: ${l.lagMs}`).join(", ")}`);
  console.log(`stream lag, mean per third of the batches: ${thirds.map((l) => `${l ?? "-"} ms`).join(" → ")}`);
  console.log(
    `ingest → WebSocket over ${latencies.length} live messages: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
  );
  console.log(`of which the ingest request (POST → 202): p50 ${figures.ingestP50Ms} ms, p99 ${figures.ingestP99Ms} ms`);
  console.log(
    `POST → processed: p50 ${figures.toProcessedP50Ms} ms, p99 ${figures.toProcessedP99Ms} ms; processed → socket: p50 ${figures.toSocketP50Ms} ms, p99 ${figures.toSocketP99Ms} ms`,
  );
  console.log(`BENCH pipeline ${JSON.stringify(figures)}`);
} finally {
  await runtime.stop();
}
process.exit(0);
