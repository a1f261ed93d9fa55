/**
 * `npm run bench:ingest`: batches of 100 readings from N concurrent clients against the local
 * runtime for 20 s (accepted readings/s, p50/p99 request latency), and, in the same run against the
 * same DynamoDB Local, the raw BatchWriteItem ceiling with items of the same shape, and the ratio.
 * Ends with one `BENCH ingest {…}` line.
 */
import { BatchWriteItemCommand, CreateTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { issueSourceKey } from "@ioc/identity";
import { createConsoleLogger, freePort, startRuntime } from "@ioc/local";
import { createDynamoStores, readingKey } from "@ioc/store";
import { type BenchStore, storeLine } from "./bench-store.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

// No dataDir: DynamoDB Local in memory, gone when the runtime stops (bench-store.ts).
const runtime = await startRuntime({
  port: await freePort(),
  dynamoPort: await freePort(),
  simulator: false,
  logger: createConsoleLogger("warn"),
  tablePrefix: "bench",
});
const { client } = runtime.dynamo;
const stores = createDynamoStores({ client, tables: runtime.tables });
await stores.sources.putSource({
  id: "bench",
  name: "Benchmark",
  provinceCode: runtime.province.code,
  metricPrefixes: [""],
  cadenceSeconds: 60,
  rateLimitPerMinute: 100_000_000,
});
const { key } = await issueSourceKey(stores.sources, "bench", Date.now());
const communes = runtime.province.communes.map((c) => c.code);
const metrics = ["net.coverage_4g", "net.coverage_5g", "net.fiber_households", "iot.cameras_online_rate"];

const itemFor = (client: number, n: number) => ({
  ...readingKey("raw", `${client}-${n}`),
  entity: "reading",
  sourceId: "raw",
  readingId: `${client}-${n}`,
  province: runtime.province.code,
  commune: communes[n % communes.length],
  metric: metrics[n % metrics.length],
  value: 50 + (n % 50),
  observedAt: Date.now(),
  receivedAt: Date.now(),
  expiresAt: Math.floor(Date.now() / 1000) + 86_400,
});

async function rawCeiling(table: string, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let written = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      let n = 0;
      while (performance.now() < deadline) {
        // Four 25-item requests = one 100-reading batch, like one ingest request.
        await Promise.all(
          Array.from({ length: BATCH / 25 }, async () => {
            const requests = Array.from({ length: 25 }, () => ({ PutRequest: { Item: marshall(itemFor(c, n++)) } }));
            let pending = requests;
            while (pending.length > 0) {
              const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
              written += pending.length - (result.UnprocessedItems?.[table]?.length ?? 0);
              pending = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
            }
          }),
        );
      }
    }),
  );
  return written / seconds;
}

let ingestRound = 0;

async function ingest(seconds: number) {
  // Ids unique to the round: the warm-up's readings must not come back as duplicates here.
  const round = ingestRound++;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let accepted = 0;
  let requests = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      let n = 0;
      while (performance.now() < deadline) {
        const readings = Array.from({ length: BATCH }, () => {
          n++;
          return {
            id: `b${round}-${c}-${n}`,
            commune: communes[n % communes.length],
            metric: metrics[n % metrics.length],
            value: 50 + (n % 50),
            observedAt: new Date(Date.now() - 1000).toISOString(),
          };
        });
        const started = performance.now();
        const response = await fetch(`${runtime.url}/v1/readings`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ readings }),
        });
        const report = (await response.json()) as { accepted: number };
        latencies.push(performance.now() - started);
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(report)}`);
        accepted += report.accepted;
        requests++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: accepted / seconds, requests, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

try {
  const scratch = `${runtime.tables.readings}-raw`;
  await client.send(
    new CreateTableCommand({
      TableName: scratch,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: scratch });
  console.log(`warming the JVM (5 s raw writes, 5 s ingest), then ${SECONDS} s each with ${CLIENTS} clients…`);
  await rawCeiling(scratch, 5);
  await ingest(5);
  const store: BenchStore = {
    store: "in-memory DynamoDB Local",
    state: "warmed",
    note: "5 s of raw writes and 5 s of ingest before either figure",
  };
  console.log(storeLine("ingest and raw ceiling", store));
  const raw = await rawCeiling(scratch, SECONDS);
  const result = await ingest(SECONDS);
  const figures = {
    clients: CLIENTS,
    batch: BATCH,
    seconds: SECONDS,
    acceptedPerSecond: Math.round(result.perSecond),
    requests: result.requests,
    p50Ms: Math.round(result.p50),
    p99Ms: Math.round(result.p99),
    rawBatchWritePerSecond: Math.round(raw),
    ratio: Number((result.perSecond / raw).toFixed(3)),
    store: store.store,
    storeState: store.state,
  };
  console.log(`raw BatchWriteItem ceiling: ${figures.rawBatchWritePerSecond} items/s`);
  console.log(
    `ingest: ${figures.acceptedPerSecond} readings/s accepted (${figures.requests} requests), p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; ratio to raw ${figures.ratio}`,
  );
  console.log(`BENCH ingest ${JSON.stringify(figures)}`);
} finally {
  await runtime.stop();
}
process.exit(0);
