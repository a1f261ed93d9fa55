/**
 * Chaos: DynamoDB Local is killed (SIGKILL) twice while readings are posted through the API. The
 * client retries 503/5xx and dropped connections with the same ids, as a source should. Once the
 * pipeline catches up, every reading answered 202 is stored once and counted once in its hour
 * bucket and in its day (history), and nothing went to the dead-letter store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { hourStart, vnDayStart } from "@ioc/core";
import { createDeadLetterStore, createStateStore, dayValuesCodec, dayValuesKey } from "@ioc/store";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const dataDir = mkdtempSync(join(tmpdir(), "ioc-chaos-"));
let runtime: Runtime | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const BATCHES = 36;
const PER_BATCH = 10;
const KILL_AT = [8, 22];
const METRIC = "net.coverage_4g";
/**
 * The faults, in order. DynamoDB Local (the development jar) acknowledges a write before it reaches
 * its SQLite file: killed with SIGKILL right after a 202, it lost that last batch (20 of 360
 * readings in two kills here; CHAOS_PAUSE_MS=0 reproduces it). DynamoDB on AWS acknowledges only
 * durable writes. So the SIGKILL comes 1.5 s after the last answer (0 lost in our runs), and the
 * SIGTERM, which the jar survives by flushing, comes mid-load with no pause.
 */
const FAULTS: Array<{ signal: NodeJS.Signals; pauseMs: number }> = [
  { signal: "SIGKILL", pauseMs: Number(process.env.CHAOS_PAUSE_MS ?? 1_500) },
  { signal: "SIGTERM", pauseMs: 0 },
];

describe("a supervised store under chaos", () => {
  it("loses and doubles nothing accepted when DynamoDB Local is killed twice during a load", {
    timeout: 240_000,
  }, async () => {
    runtime = await startRuntime({
      port: await freePort(),
      dynamoPort: await freePort(),
      dataDir,
      simulator: false,
      logger: silent,
      pollIdleMs: 50,
    });
    const rt = runtime;
    const communes = rt.province.communes.slice(0, 12).map((c) => c.code);
    const now = Date.now();
    const statuses = new Map<string, number>();
    let faults = 0;
    const accepted = new Map<string, { commune: string; value: number; observedAt: number }>();

    const post = async (
      readings: Array<{ id: string; commune: string; metric: string; value: number; observedAt: string }>,
    ) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        let status: number;
        try {
          const response = await fetch(`${rt.url}/v1/readings`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${rt.apiKey}` },
            body: JSON.stringify({ readings }),
          });
          status = response.status;
          const body = (await response.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
          statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
          if (status === 202) {
            expect(body.rejected).toEqual([]);
            expect((body.accepted ?? 0) + (body.duplicates ?? 0)).toBe(readings.length);
            return;
          }
          if (status === 503) expect(response.headers.get("retry-after")).toBeTruthy();
          if (status < 500) throw new Error(`unexpected ${status}: ${JSON.stringify(body)}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("unexpected")) throw error;
          statuses.set("network", (statuses.get("network") ?? 0) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error("the store never came back");
    };

    for (let b = 0; b < BATCHES; b++) {
      if (KILL_AT.includes(b)) {
        const pid = rt.dynamo.pid();
        expect(pid).toBeDefined();
        const fault = FAULTS[faults] as (typeof FAULTS)[number];
        await new Promise((resolve) => setTimeout(resolve, fault.pauseMs));
        process.kill(pid as number, fault.signal);
        faults++;
      }
      const readings = Array.from({ length: PER_BATCH }, (_, i) => {
        const n = b * PER_BATCH + i;
        const observedAt = now - 60_000 - n * 1_000;
        return {
          id: `chaos-${n}`,
          commune: communes[n % communes.length] as string,
          metric: METRIC,
          value: n % 101,
          observedAt,
        };
      });
      await post(readings.map((r) => ({ ...r, observedAt: new Date(r.observedAt).toISOString() })));
      for (const r of readings) accepted.set(r.id, r);
    }

    await expect.poll(() => rt.dynamo.status(), { timeout: 60_000 }).toBe("up");
    await rt.drained();
    expect(rt.dynamo.restarts()).toBe(faults);

    // Stored once: one Readings item per accepted id.
    const stored = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await rt.dynamo.client.send(
        new ScanCommand({ TableName: rt.tables.readings, ...(start ? { ExclusiveStartKey: start as never } : {}) }),
      );
      for (const item of page.Items ?? []) {
        const { readingId } = unmarshall(item) as { readingId?: string };
        if (readingId?.startsWith("chaos-")) stored.set(readingId, (stored.get(readingId) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start);

    // Counted once: the hour buckets' counts and sums equal what was accepted.
    const state = createStateStore({ client: rt.dynamo.client, tables: rt.tables });
    const hours = new Set([...accepted.values()].map((r) => hourStart(r.observedAt)));
    let counted = 0;
    let summed = 0;
    for (const hour of hours) {
      const bucket = await state.getHourBucket(rt.province.code, METRIC, hour);
      for (const [commune, stats] of Object.entries(bucket?.stats ?? {})) {
        if (!communes.includes(commune)) continue;
        counted += stats[0];
        summed += stats[1];
      }
    }
    const expectedSum = [...accepted.values()].reduce((sum, r) => sum + r.value, 0);
    // Counted once in history too: the day items' counts and sums, and each commune's last value.
    const days = new Set([...accepted.values()].map((r) => vnDayStart(r.observedAt)));
    let dayCounted = 0;
    let daySummed = 0;
    const lastWrong: string[] = [];
    for (const day of days) {
      const { Item } = await rt.dynamo.client.send(
        new GetItemCommand({
          TableName: rt.tables.history,
          Key: marshall(dayValuesKey(rt.province.code, METRIC, day)),
          ConsistentRead: true,
        }),
      );
      const values = Item ? dayValuesCodec.fromImage(unmarshall(Item)) : undefined;
      for (const [commune, stats] of Object.entries(values?.stats ?? {})) {
        if (!communes.includes(commune)) continue;
        dayCounted += stats[0];
        daySummed += stats[1];
        const newest = Math.max(
          ...[...accepted.values()]
            .filter((r) => r.commune === commune && vnDayStart(r.observedAt) === day)
            .map((r) => r.observedAt),
        );
        if (stats[5] !== newest) lastWrong.push(`${commune}@${day}`);
      }
    }
    const deadLetters = await createDeadLetterStore({ client: rt.dynamo.client, tables: rt.tables }).list("processor");
    const lost = [...accepted.keys()].filter((id) => !stored.has(id)).length;
    const doubled = [...stored.values()].filter((count) => count > 1).length;
    console.log(
      `chaos: ${faults} kills, ${rt.dynamo.restarts()} restarts, ${accepted.size} readings accepted, ` +
        `answers ${JSON.stringify(Object.fromEntries(statuses))}, stored ${stored.size}, lost ${lost}, doubled ${doubled}, ` +
        `counted in buckets ${counted}, dead letters ${deadLetters.length}`,
    );
    expect(faults).toBe(2);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(stored.size).toBe(BATCHES * PER_BATCH);
    expect(counted).toBe(BATCHES * PER_BATCH);
    expect(summed).toBe(expectedSum);
    expect(dayCounted).toBe(BATCHES * PER_BATCH);
    expect(daySummed).toBeCloseTo(expectedSum, 6);
    expect(lastWrong).toEqual([]);
    expect(deadLetters).toEqual([]);
  });
});
