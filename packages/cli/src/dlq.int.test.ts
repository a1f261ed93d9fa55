/**
 * A poison record never blocks the shard: the local poller sets it aside after its attempts, the
 * CLI lists it, and `dlq replay` runs dead letters through the processor again.
 */
import { createConsoleLogger, freePort, type Runtime, startRuntime } from "@ioc/local";
import { writePoisonReading } from "@ioc/local/test-support";
import { createDeadLetterStore, createDynamoStores, createLatestValueStore } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: createConsoleLogger("silent"),
    tablePrefix: "it-dlq",
  });
});
afterAll(async () => {
  await runtime?.stop();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const deps = { client: runtime.dynamo.client, tables: runtime.tables };
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, async () => ({
    stores: createDynamoStores(deps),
    dynamo: deps,
    clock: Date.now,
    close: async () => {},
  }));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("dead letters", () => {
  it("sets a poison record aside without blocking later readings, lists it, and replays what can succeed", async () => {
    const deps = { client: runtime.dynamo.client, tables: runtime.tables };
    // A reading item missing its value: the processor can never handle it.
    await writePoisonReading(runtime, Date.now());
    const commune = runtime.province.communes[5]?.code as string;
    const response = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({
        readings: [
          { id: "after-poison", commune, metric: "net.coverage_5g", value: 33, observedAt: new Date().toISOString() },
        ],
      }),
    });
    expect(response.status).toBe(202);
    const store = createDeadLetterStore(deps);
    await expect.poll(async () => (await store.list("processor")).length, { timeout: 30_000, interval: 250 }).toBe(1);
    // The reading behind the poison one was processed anyway.
    await expect
      .poll(
        async () =>
          (await createLatestValueStore(deps).listProvince("99")).find(
            (v) => v.commune === commune && v.metric === "net.coverage_5g",
          )?.value,
        { timeout: 10_000 },
      )
      .toBe(33);

    const listed = await cli("dlq", "list");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/MÃ SỰ KIỆN/);
    expect(listed.out).toMatch(/malformed|failed/);
    const replayed = await cli("dlq", "replay", "--lang", "en");
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain("Replayed 0 record(s); 1 still fail and are kept.");

    // A dead letter that can succeed now (e.g. it failed on a transient error) is replayed and removed.
    const [poison] = await store.list("processor");
    if (!poison) throw new Error("no dead letter");
    const record = JSON.parse(poison.record);
    record.dynamodb.NewImage.value = { N: "12.5" };
    record.dynamodb.NewImage.readingId = { S: "recovered" };
    await store.remove(poison);
    await store.put({ ...poison, eventId: "recoverable", record: JSON.stringify(record) });
    const ok = await cli("dlq", "replay");
    expect(ok).toMatchObject({ code: 0, out: "Đã xử lý lại 1 bản ghi; 0 bản ghi vẫn lỗi và được giữ lại." });
    expect(await store.list("processor")).toEqual([]);
    expect(
      (await createLatestValueStore(deps).listProvince("99")).find(
        (v) => v.commune === "99001" && v.metric === "net.coverage_4g",
      )?.value,
    ).toBe(12.5);
  });
});
