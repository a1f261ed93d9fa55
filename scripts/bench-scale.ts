/**
 * `npm run bench:scale`: the same handlers as on AWS (the Hono API, the processor, the
 * broadcaster) driven at rising, scaled-down loads (default 125, 250, 500 and 1,000 readings/s,
 * 15 s each) to show how the cost per reading moves with the load — the local half of
 * docs/SCALE.md. For each step it counts, per reading: DynamoDB requests by operation, the write
 * and read capacity units DynamoDB Local reports (`ReturnConsumedCapacity: TOTAL` on every
 * request), State-stream records (each one a broadcaster input), processor invocations, and it
 * prices them with the on-demand list prices of docs/DEPLOY.md. Ends with `BENCH scale {…}`.
 * Knobs (environment): BENCH_RATES (comma-separated readings/s), BENCH_SECONDS (per step),
 * BENCH_WARMUP_SECONDS (once, at the first rate).
 */
import { createConsoleLogger, freePort, readWholeStream, startRuntime } from "@ioc/local";
import { latestStreamArn } from "@ioc/store";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { type BenchStore, storeLine } from "./bench-store.js";
import { driveOpenLoop, postReadings, syntheticReading } from "./open-loop.js";

const RATES = (process.env.BENCH_RATES ?? "125,250,500,1000").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const BATCH = 100;
const METRICS = ["net.coverage_4g", "net.coverage_5g", "net.download_mbps", "gov.online_application_rate"];

/** docs/DEPLOY.md, "What it costs" (ap-southeast-1, USD). */
const PRICE = {
  writeUnit: 0.71 / 1e6,
  readUnit: 0.14 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  httpRequest: 1.2 / 1e6,
  // 512 MB arm64: $0.0000133334 per GB-second.
  lambdaMs: (0.0000133334 * 0.5) / 1000,
};

interface Counters {
  requests: Record<string, number>;
  writeUnits: number;
  readUnits: number;
  processorCalls: number;
  processorMs: number;
  broadcasterCalls: number;
}
const fresh = (): Counters => ({
  requests: {},
  writeUnits: 0,
  readUnits: 0,
  processorCalls: 0,
  processorMs: 0,
  broadcasterCalls: 0,
});
let counters = fresh();

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
/**
 * Write units of a request. DynamoDB Local reports capacity for single-item writes but not for
 * transactions or batches, so those are priced from their items as AWS does: one unit per started
 * KB of each item, twice for a transactional write.
 */
function writeUnitsOf(operation: string, input: Record<string, unknown>, reported: number): number {
  const units = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item ?? {}).length / 1024));
  if (operation === "TransactWriteItems") {
    const items = (input.TransactItems ?? []) as Array<Record<string, { Item?: unknown; Key?: unknown }>>;
    return items.reduce((sum, t) => sum + 2 * units(Object.values(t)[0]?.Item ?? Object.values(t)[0]?.Key), 0);
  }
  if (operation === "BatchWriteItem") {
    const tables = Object.values(
      (input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: unknown } }>>,
    );
    return tables.flat().reduce((sum, r) => sum + units(r.PutRequest?.Item), 0);
  }
  if (reported > 0) return reported;
  return operation === "PutItem" ? units(input.Item) : ["UpdateItem", "DeleteItem"].includes(operation) ? 1 : 0;
}
const READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"]);

const runtime = await startRuntime({
  port: await freePort(),
  dynamoPort: await freePort(),
  simulator: false,
  logger: createConsoleLogger("warn"),
  tablePrefix: "bench-scale",
  wrapHandler: (consumer, handler) => async (event: DynamoDBStreamEvent) => {
    const begun = Date.now();
    const result = await handler(event);
    if (consumer === "processor") {
      counters.processorCalls++;
      counters.processorMs += Date.now() - begun;
    } else counters.broadcasterCalls++;
    return result;
  },
});

// Every request the handlers send goes through this client: ask DynamoDB Local for the capacity
// each one consumed, and count it by operation.
runtime.dynamo.client.middlewareStack.add(
  (next, context) => async (args) => {
    const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
    const input = args.input as Record<string, unknown>;
    if (!("ReturnConsumedCapacity" in input) && operation !== "DescribeTable") input.ReturnConsumedCapacity = "TOTAL";
    const result = await next(args);
    counters.requests[operation] = (counters.requests[operation] ?? 0) + 1;
    const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
    const reported = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
      (sum, c) => sum + (c.CapacityUnits ?? c.WriteCapacityUnits ?? c.ReadCapacityUnits ?? 0),
      0,
    );
    if (READS.has(operation)) counters.readUnits += reported;
    else counters.writeUnits += writeUnitsOf(operation, input, reported);
    return result;
  },
  { step: "initialize", name: "benchScaleCapacity" },
);

try {
  const communes = runtime.province.communes.map((c) => c.code);
  let sequence = 0;
  const base = Date.now() - 10 * 60_000;
  const post = async () => {
    const readings = Array.from({ length: BATCH }, () =>
      syntheticReading(sequence++, { prefix: "s", communes, metrics: METRICS, base }),
    );
    return postReadings(runtime.url, runtime.apiKey, readings);
  };
  const drive = (rate: number, seconds: number) => driveOpenLoop(post, { rate, batch: BATCH, seconds });

  const store: BenchStore = {
    store: "in-memory DynamoDB Local",
    state: WARMUP_SECONDS > 0 ? "warmed" : "cold",
    note: WARMUP_SECONDS > 0 ? `${WARMUP_SECONDS} s at ${RATES[0]} readings/s first` : "BENCH_WARMUP_SECONDS=0",
  };
  console.log(storeLine("scale", store));
  if (WARMUP_SECONDS > 0) await drive(RATES[0] ?? 100, WARMUP_SECONDS);
  await runtime.drained();
  const stateArn = await latestStreamArn(runtime.dynamo.client, runtime.tables.state);

  const steps = [];
  for (const rate of RATES) {
    const stateBefore = (await readWholeStream(runtime.dynamo.streams, stateArn)).Records.length;
    counters = fresh();
    const { accepted, seconds } = await drive(rate, SECONDS);
    await runtime.drained();
    const measured = counters;
    counters = fresh();
    const stateRecords = (await readWholeStream(runtime.dynamo.streams, stateArn)).Records.length - stateBefore;
    const per = (n: number) => n / Math.max(1, accepted);
    const lambdaInvocations = BATCH > 0 ? accepted / BATCH + measured.processorCalls + measured.broadcasterCalls : 0;
    const dollarsPerMillion =
      1e6 *
      (per(measured.writeUnits) * PRICE.writeUnit +
        per(measured.readUnits) * PRICE.readUnit +
        per(lambdaInvocations) * PRICE.lambdaRequest +
        per(accepted / BATCH) * PRICE.httpRequest +
        per(measured.processorMs) * PRICE.lambdaMs);
    const step = {
      offeredPerSecond: rate,
      acceptedPerSecond: Math.round(accepted / seconds),
      readings: accepted,
      requestsPerReading: Object.fromEntries(
        Object.entries(measured.requests)
          .sort()
          .map(([op, n]) => [op, Number(per(n).toFixed(4))]),
      ),
      writeUnitsPerReading: Number(per(measured.writeUnits).toFixed(3)),
      readUnitsPerReading: Number(per(measured.readUnits).toFixed(3)),
      stateRecordsPerReading: Number(per(stateRecords).toFixed(4)),
      processorCallsPerThousand: Number((per(measured.processorCalls) * 1000).toFixed(2)),
      recordsPerProcessorCall: Math.round(accepted / Math.max(1, measured.processorCalls)),
      processorMsPerThousand: Number((per(measured.processorMs) * 1000).toFixed(1)),
      dollarsPerMillionReadings: Number(dollarsPerMillion.toFixed(2)),
    };
    steps.push(step);
    console.log(
      `${String(rate).padStart(5)}/s offered, ${String(step.acceptedPerSecond).padStart(5)}/s accepted: ` +
        `${step.writeUnitsPerReading} WRU + ${step.readUnitsPerReading} RRU per reading, ` +
        `${step.stateRecordsPerReading} State records per reading, ${step.recordsPerProcessorCall} records per processor call, ` +
        `≈ $${step.dollarsPerMillionReadings} per million readings (DynamoDB, Lambda, HTTP API; no dashboards)`,
    );
    console.log(`      requests per reading: ${JSON.stringify(step.requestsPerReading)}`);
  }
  const first = steps[0];
  const last = steps.at(-1);
  const figures = {
    store: store.store,
    storeState: store.state,
    secondsPerStep: SECONDS,
    steps,
    costRatioLastToFirst:
      first && last ? Number((last.dollarsPerMillionReadings / first.dollarsPerMillionReadings).toFixed(3)) : null,
  };
  console.log(
    `cost per reading at ${last?.offeredPerSecond}/s is ${figures.costRatioLastToFirst} × the cost at ${first?.offeredPerSecond}/s`,
  );
  console.log(`BENCH scale ${JSON.stringify(figures)}`);
} finally {
  await runtime.stop();
}
process.exit(0);
