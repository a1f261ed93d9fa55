/**
 * Property test of one number domain end to end: generated readings (tiny, huge and negative-zero
 * numbers, exponent forms, NaN-like strings, odd dates) go through `POST /v1/readings` (JSON and
 * CSV) into the real store on DynamoDB Local, and on through the processor. Whatever is sent: no
 * 5xx, no dead letter, and nothing stored that the store or a later stage cannot hold.
 * Fixed seeds; `npm run fuzz` sets FUZZ_RUNS for a longer run.
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { findMetric, isStorableNumber, METRICS } from "@ioc/core";
import { createDeadLetterStore, createStateStore } from "@ioc/store";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const logged: string[] = [];
const silent = {
  debug() {},
  info() {},
  warn: (...args: unknown[]) => logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
  error: (...args: unknown[]) =>
    logged.push(args.map((a) => (a instanceof Error ? a.stack : JSON.stringify(a))).join(" ")),
};
let runtime: Runtime;

beforeAll(async () => {
  runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: silent,
    pollIdleMs: 50,
  });
});
afterAll(async () => {
  await runtime?.stop();
});

/** A number as it may appear in JSON or CSV text, with what JSON.parse makes of it. */
const numberText = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? "-0" : String(v))),
  fc.double({ min: -1e-120, max: 1e-120, noNaN: true }).map(String),
  fc.integer({ min: -340, max: 340 }).map((e) => `1e${e}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -135, max: -125 })).map(([m, e]) => `${m}.5e${e}`),
  fc.constantFrom(
    "0",
    "-0",
    "0.0",
    "1e-130",
    "9.9e-131",
    "5e-324",
    "1e-400",
    "1.5e-128",
    "1e-100",
    "9.99e-101",
    "100",
    "100.0000000000001",
    "1000000",
    "9007199254740993",
  ),
  fc.integer({ min: -5, max: 1_000_005 }).map(String),
);
const valueToken = fc.oneof(
  { weight: 6, arbitrary: numberText },
  {
    weight: 1,
    arbitrary: fc.constantFrom('"NaN"', '"Infinity"', '"-Infinity"', '"1,5"', '"1e3"', "null", "true", '""', "[]"),
  },
);
const dateText = fc.oneof(
  fc
    .date({ min: new Date(Date.now() - 500 * 86_400_000), max: new Date(Date.now() + 86_400_000), noInvalidDate: true })
    .map((d) => d.toISOString()),
  {
    weight: 5,
    arbitrary: fc
      .date({ min: new Date(Date.now() - 3 * 86_400_000), max: new Date(), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  fc.constantFrom(
    "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "now",
    "",
    "2026-11-22T07:59:00+07:00",
  ),
  fc.string(),
);

describe("one number domain from the edge to the processor", () => {
  it("answers no 5xx, dead-letters nothing and stores only what every stage can hold (fixed seed)", {
    timeout: 600_000,
  }, async () => {
    const communes = runtime.province.communes.map((c) => c.code);
    const commune = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...communes) },
      { weight: 1, arbitrary: fc.string() },
    );
    const metric = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...METRICS.map((m) => m.key)) },
      { weight: 1, arbitrary: fc.string() },
    );
    const reading = fc.record({ commune, metric, value: valueToken, observedAt: dateText });
    const request = fc.record({ csv: fc.boolean(), readings: fc.array(reading, { minLength: 1, maxLength: 25 }) });
    let next = 0;
    let requests = 0;
    let fiveXx = 0;
    let accepted = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(request, async ({ csv, readings }) => {
        const ids = readings.map(() => `fuzz-${next++}`);
        const body = csv
          ? `id,commune,metric,value,observedAt\n${readings
              .map((r, i) =>
                [ids[i], r.commune, r.metric, r.value.replace(/^"|"$/g, ""), r.observedAt]
                  .map((f) => `"${String(f).replaceAll('"', '""')}"`)
                  .join(","),
              )
              .join("\n")}`
          : `{"readings":[${readings
              .map(
                (r, i) =>
                  `{"id":${JSON.stringify(ids[i])},"commune":${JSON.stringify(r.commune)},"metric":${JSON.stringify(r.metric)},"value":${r.value},"observedAt":${JSON.stringify(r.observedAt)}}`,
              )
              .join(",")}]}`;
        const response = await runtime.app.request("/v1/readings", {
          method: "POST",
          headers: { "content-type": csv ? "text/csv" : "application/json", authorization: `Bearer ${runtime.apiKey}` },
          body,
        });
        requests++;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const answer = (await response.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
        if (response.status >= 500) fiveXx++;
        expect(response.status, `${response.status} for ${body.slice(0, 300)}`).toBeLessThan(500);
        if (response.status === 202) {
          accepted += answer.accepted ?? 0;
          expect((answer.accepted ?? 0) + (answer.duplicates ?? 0) + (answer.rejected?.length ?? 0)).toBe(
            readings.length,
          );
        }
      }),
      { seed: 20261201, numRuns: RUNS },
    );

    await runtime.drained();
    const deadLetters = await createDeadLetterStore({ client: runtime.dynamo.client, tables: runtime.tables }).list(
      "processor",
    );

    // Nothing malformed stored: every reading's value is storable and within its metric's range.
    let stored = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await runtime.dynamo.client.send(
        new ScanCommand({
          TableName: runtime.tables.readings,
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const r = unmarshall(item) as { readingId?: string; metric: string; value: unknown; observedAt: unknown };
        if (!r.readingId?.startsWith("fuzz-")) continue;
        stored++;
        const range = findMetric(r.metric)?.range;
        expect(typeof r.value).toBe("number");
        expect(isStorableNumber(r.value as number)).toBe(true);
        expect(r.value as number).toBeGreaterThanOrEqual(range?.min ?? Number.NaN);
        expect(r.value as number).toBeLessThanOrEqual(range?.max ?? Number.NaN);
        expect(Number.isFinite(r.observedAt)).toBe(true);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    // The processor's latest values hold only finite numbers.
    const panels = await createStateStore({ client: runtime.dynamo.client, tables: runtime.tables }).listPanels(
      runtime.province.code,
    );
    for (const panel of panels)
      for (const entry of Object.values(panel.values)) expect(Number.isFinite(entry.v)).toBe(true);

    console.log(
      `number domain: ${requests} requests (${next} readings), statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `5xx ${fiveXx}, accepted ${accepted}, stored ${stored}, dead letters ${deadLetters.length}`,
    );
    for (const letter of deadLetters)
      console.log(
        "dead letter",
        JSON.stringify(JSON.parse(letter.record).dynamodb.NewImage),
        JSON.stringify(logged.slice(0, 6)),
      );
    expect(fiveXx).toBe(0);
    expect(stored).toBe(accepted);
    expect(deadLetters).toEqual([]);
  });
});
