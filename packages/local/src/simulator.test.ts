import { generateDemoProvince, METRICS, type ReadingInput } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { startSimulator } from "./simulator.js";

describe("startSimulator", () => {
  it("posts a full snapshot, then small batches of valid readings with the source key", async () => {
    const province = generateDemoProvince();
    const requests: Array<{ auth: string | null; readings: ReadingInput[] }> = [];
    let ticks = 0;
    let resolveTicks: () => void = () => {};
    const enough = new Promise<void>((resolve) => {
      resolveTicks = resolve;
    });
    const errors: unknown[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { readings: ReadingInput[] };
      requests.push({ auth: new Headers(init.headers).get("authorization"), readings: body.readings });
      if (++ticks >= 8) resolveTicks();
      return new Response(JSON.stringify({ accepted: body.readings.length, duplicates: 0, rejected: [] }), {
        status: 202,
      });
    }) as typeof fetch;
    const simulator = startSimulator({
      baseUrl: "http://ioc.test",
      apiKey: "k",
      province,
      intervalMs: 1,
      seed: 1,
      fetch: fakeFetch,
      onError: (e) => errors.push(e),
    });
    await enough;
    await simulator.stop();
    expect(errors).toEqual([]);
    const all = requests.flatMap((r) => r.readings);
    const snapshotSize = province.communes.length * METRICS.length;
    expect(all.length).toBeGreaterThan(snapshotSize);
    expect(simulator.accepted).toBe(all.length);
    for (const r of requests) {
      expect(r.auth).toBe("Bearer k");
      expect(r.readings.length).toBeLessThanOrEqual(500);
    }
    const codes = new Set(province.communes.map((c) => c.code));
    for (const reading of all) {
      const metric = METRICS.find((m) => m.key === reading.metric);
      expect(metric).toBeDefined();
      expect(codes.has(reading.commune)).toBe(true);
      expect(reading.value).toBeGreaterThanOrEqual(metric?.range.min ?? 0);
      expect(reading.value).toBeLessThanOrEqual(metric?.range.max ?? 0);
      if (metric?.integer) expect(Number.isInteger(reading.value)).toBe(true);
    }
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it("says once per reason when ingest refuses its readings", async () => {
    const province = generateDemoProvince();
    let calls = 0;
    let resolveCalls: () => void = () => {};
    const enough = new Promise<void>((resolve) => {
      resolveCalls = resolve;
    });
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { readings: ReadingInput[] };
      if (++calls >= 5) resolveCalls();
      const rejected = body.readings.map((r, index) => ({
        index,
        code: "unknown-commune",
        detail: `commune "${r.commune}" is not in the registry`,
      }));
      return new Response(JSON.stringify({ accepted: 0, duplicates: 0, rejected }), { status: 202 });
    }) as typeof fetch;
    const errors: unknown[] = [];
    const simulator = startSimulator({
      baseUrl: "http://ioc.test",
      apiKey: "k",
      province,
      intervalMs: 1,
      seed: 2,
      fetch: fakeFetch,
      onError: (e) => errors.push(e),
    });
    await enough;
    await simulator.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("unknown-commune");
    expect(simulator.accepted).toBe(0);
  });
});
