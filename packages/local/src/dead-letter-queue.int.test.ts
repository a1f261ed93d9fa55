/**
 * The dead-letter and user administration routes against DynamoDB Local and the runtime's real
 * pipeline (issue 13 item 1): a poison reading is set aside by the poller, the API lists it with
 * what it carried, a replay fails again and says why, the repaired record replays and is removed,
 * both replays are in the audit trail, and the local issuer's users are listed.
 */
import { createDeadLetterStore, createLatestValueStore } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleLogger } from "./console-logger.js";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";
import { writePoisonReading } from "./test-support.js";

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    port: await freePort(),
    dynamoPort: await freePort(),
    simulator: false,
    logger: createConsoleLogger("silent"),
    tablePrefix: "it-dlqadm",
    inbox: false,
  });
});
afterAll(async () => {
  await runtime?.stop();
});

interface Listed {
  total: number;
  deadLetters: Array<{ id: string; reason: string; attempts: number | null; summary: Record<string, unknown> }>;
}

describe("dead letters and users through the API", () => {
  it("lists a poison record, replays it (failed, then repaired and removed) and audits both", async () => {
    const admin = (
      await runtime.issuer.issue({ subject: "t:admin", username: "admin", role: "admin", provinces: ["99"] })
    ).token;
    const api = (method: string, path: string) =>
      fetch(`${runtime.url}${path}`, { method, headers: { authorization: `Bearer ${admin}` } });
    const deps = { client: runtime.dynamo.client, tables: runtime.tables };
    // A reading item missing its value: the processor can never handle it (as in dlq.int.test.ts).
    await writePoisonReading(runtime, Date.parse("2026-12-01T08:00:00Z"));
    await expect
      .poll(async () => ((await (await api("GET", "/v1/dead-letters?province=99")).json()) as Listed).total, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(1);
    const listed = (await (await api("GET", "/v1/dead-letters?province=99")).json()) as Listed;
    const [poison] = listed.deadLetters;
    expect(poison).toMatchObject({
      reason: expect.stringMatching(/failed \d+ attempts/),
      attempts: expect.any(Number),
      summary: {
        eventName: "INSERT",
        sourceId: "demo-simulator",
        readingId: "poison",
        province: "99",
        commune: "99001",
        metric: "net.coverage_4g",
        observedAt: "2026-12-01T08:00:00.000Z",
      },
    });
    expect(poison?.summary.value).toBeUndefined();
    // Another province's admin sees none of it.
    const other = (await runtime.issuer.issue({ subject: "t:a48", username: "a48", role: "admin", provinces: ["48"] }))
      .token;
    const theirs = await fetch(`${runtime.url}/v1/dead-letters?province=48`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(((await theirs.json()) as Listed).total).toBe(0);

    const id = poison?.id as string;
    const failed = await api("POST", `/v1/dead-letters/${encodeURIComponent(id)}/replay?province=99`);
    expect(failed.status).toBe(200);
    expect(await failed.json()).toEqual({ id, outcome: "failed", reason: expect.stringContaining("malformed record") });
    expect(((await (await api("GET", "/v1/dead-letters?province=99")).json()) as Listed).total).toBe(1);

    // Repaired (e.g. a transient failure): the same dead letter now replays and is removed.
    const store = createDeadLetterStore(deps);
    const [stored] = await store.list("processor");
    if (!stored) throw new Error("no dead letter");
    const record = JSON.parse(stored.record);
    record.dynamodb.NewImage.value = { N: "12.5" };
    await store.remove(stored);
    await store.put({ ...stored, record: JSON.stringify(record) });
    const replayed = await api("POST", `/v1/dead-letters/${encodeURIComponent(id)}/replay?province=99`);
    expect(await replayed.json()).toEqual({ id, outcome: "replayed" });
    expect(await store.list("processor")).toEqual([]);
    expect(
      (await createLatestValueStore(deps).listProvince("99")).find(
        (v) => v.commune === "99001" && v.metric === "net.coverage_4g",
      )?.value,
    ).toBe(12.5);

    const trail = (await (await api("GET", "/v1/audit?province=99&action=dlq.replay")).json()) as {
      records: Array<{ actor: string; objectId: string; after: { outcome: string } }>;
    };
    expect(trail.records.map((r) => [r.actor, r.objectId, r.after.outcome])).toEqual([
      ["admin", id, "replayed"],
      ["admin", id, "failed"],
    ]);
  }, 90_000);

  it("lists the local issuer's users with their role and provinces", async () => {
    const admin = (
      await runtime.issuer.issue({ subject: "t:admin", username: "admin", role: "admin", provinces: ["99"] })
    ).token;
    const response = await fetch(`${runtime.url}/v1/users?province=99`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      province: "99",
      issuer: "local",
      users: ["admin", "leader", "ops", "planner"].map((username) => ({
        username,
        role: username,
        provinces: ["99"],
        enabled: true,
      })),
    });
    expect(text).not.toContain("passwordHash");
  });
});
