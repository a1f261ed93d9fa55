/**
 * The ingest contract, one test per error class and per-reading reason, through `app.request`.
 */
import { generateDemoProvince, MAX_BODY_BYTES } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./test-fakes.js";

const province = generateDemoProvince();
const commune = province.communes[0]?.code as string;
const NOW = Date.parse("2026-11-22T08:00:00Z");
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const reading = (overrides: Record<string, unknown> = {}) => ({
  id: "r1",
  commune,
  metric: "net.coverage_4g",
  value: 87.5,
  observedAt: at(1),
  ...overrides,
});

async function send(
  app: Awaited<ReturnType<typeof createTestApp>>["app"],
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
) {
  const response = await app.request("/v1/readings", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer ioc_test-key", ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    headers: response.headers,
    json: JSON.parse(text),
  };
}

describe("POST /v1/readings — accepted requests", () => {
  it("stores valid readings and reports each rejected one by index with a stable code", async () => {
    const t = await createTestApp();
    const res = await send(
      t.app,
      JSON.stringify({
        readings: [
          reading(),
          reading({ id: "r2", commune: "00001" }),
          reading({ id: "r3", metric: "net.nope" }),
          reading({ id: "r4", value: 101 }),
          reading({ id: "r5", metric: "net.bts_down", value: 1.5 }),
          reading({ id: "r6", observedAt: new Date(NOW + 6 * 60_000).toISOString() }),
          reading({ id: "r7", observedAt: "2024-01-01T00:00:00Z" }),
          reading({ id: "r8", value: "12" }),
          reading({ id: "r9", metric: "gov.online_services_rate" }),
          reading({ id: "r10", extra: true }),
        ],
      }),
    );
    expect(res.status).toBe(202);
    expect(res.json.accepted).toBe(1);
    expect(res.json.duplicates).toBe(0);
    expect(res.json.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "unknown-commune"],
      [2, "unknown-metric"],
      [3, "value-out-of-range"],
      [4, "value-not-integer"],
      [5, "observed-in-future"],
      [6, "observed-too-old"],
      [7, "invalid-reading"],
      [8, "metric-out-of-scope"],
      [9, "invalid-reading"],
    ]);
    expect(res.json.rejected[6].detail).toMatch(/^value: /);
    expect(t.stored.size).toBe(1);
  });

  it("accepts observedAt up to 5 minutes ahead (clock skew) and refuses beyond", async () => {
    const t = await createTestApp();
    const res = await send(
      t.app,
      JSON.stringify({
        readings: [
          reading({ id: "a", observedAt: new Date(NOW + 4 * 60_000).toISOString() }),
          reading({ id: "b", observedAt: new Date(NOW + 5 * 60_000 + 1000).toISOString() }),
        ],
      }),
    );
    expect(res.json).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: "observed-in-future" }] });
  });

  it("stores the same (source, id) once, within a request and across retries", async () => {
    const t = await createTestApp();
    const body = JSON.stringify({ readings: [reading(), reading({ value: 10 })] });
    expect((await send(t.app, body)).json).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await send(t.app, body)).json).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(t.stored.get("telco-a/r1")?.value).toBe(87.5);
  });

  it("rejects a commune of another province as out of scope, and a request of nothing but that with 403", async () => {
    const other = generateDemoProvince({ provinceCode: "98", seed: 3 });
    const t = await createTestApp({ provinces: [province, other] });
    const foreign = other.communes[0]?.code as string;
    const mixed = await send(t.app, JSON.stringify({ readings: [reading(), reading({ id: "x", commune: foreign })] }));
    expect(mixed.status).toBe(202);
    expect(mixed.json.rejected).toEqual([
      {
        index: 1,
        code: "commune-out-of-scope",
        detail: `commune "${foreign}" belongs to province 98; this source writes province 99`,
      },
    ]);
    const none = await send(
      t.app,
      JSON.stringify({
        readings: [reading({ id: "y", commune: foreign }), reading({ id: "z", metric: "gov.e_records_rate" })],
      }),
    );
    expect(none.status).toBe(403);
    expect(none.type).toContain("application/problem+json");
    expect(none.json).toMatchObject({ code: "out-of-scope", status: 403 });
    expect(none.json.rejected).toHaveLength(2);
  });

  it("maps a pre-2025 commune code to the commune that absorbed it, and refuses a split one naming the candidates", async () => {
    const [a, b] = province.communes as unknown as [{ code: string }, { code: string }];
    const t = await createTestApp({
      legacy: [
        { type: "full", oldCode: "20302", name: "Xã cũ", newCode: a.code },
        { type: "partial", oldCode: "20305", name: "Xã chia tách", candidates: [a.code, b.code] },
      ],
    });
    const res = await send(
      t.app,
      JSON.stringify({
        readings: [
          reading({ id: "l1", commune: "20302", codeSystem: "pre-2025" }),
          reading({ id: "l2", commune: "20305", codeSystem: "pre-2025" }),
          reading({ id: "l3", commune: "20399", codeSystem: "pre-2025" }),
        ],
      }),
    );
    expect(res.json.accepted).toBe(1);
    expect(t.stored.get("telco-a/l1")).toMatchObject({ commune: a.code, legacyCode: "20302" });
    expect(res.json.rejected).toEqual([
      {
        index: 1,
        code: "ambiguous-legacy-commune",
        candidates: [a.code, b.code],
        detail: `pre-2025 commune "20305" (Xã chia tách) was split between ${a.code}, ${b.code}; send the new code`,
      },
      {
        index: 2,
        code: "unknown-legacy-commune",
        detail: 'pre-2025 commune code "20399" is not in the legacy mapping',
      },
    ]);
  });

  it("accepts CSV with a BOM, quoted fields and CRLF, and reports rejections with line numbers", async () => {
    const t = await createTestApp();
    const csv = `\uFEFFid,commune,metric,value,observedAt\r\nc1,${commune},net.coverage_4g,91.5,${at(2)}\r\n"c2",${commune},net.coverage_4g,NaN,${at(2)}\r\n\r\nc3,${commune},net.coverage_5g,12\r\nc4,${commune},"net.coverage_5g",1e1,${at(1)}\r\n`;
    const res = await send(t.app, csv, { "content-type": "text/csv; charset=utf-8" });
    expect(res.status).toBe(202);
    expect(res.json.accepted).toBe(2);
    expect(res.json.rejected).toEqual([
      { index: 1, line: 3, code: "invalid-reading", detail: expect.stringMatching(/^line 3: value: /) },
      { index: 2, line: 5, code: "invalid-reading", detail: "line 5 has 4 fields; the header has 5" },
    ]);
    expect(t.stored.get("telco-a/c4")?.value).toBe(10);
  });
});

describe("POST /v1/readings — whole-request problems", () => {
  const cases: Array<
    [string, () => Promise<{ status: number; type: string; json: { code: string; detail: string } }>, number, string]
  > = [];
  const add = (
    name: string,
    status: number,
    code: string,
    run: (t: Awaited<ReturnType<typeof createTestApp>>) => Promise<Awaited<ReturnType<typeof send>>>,
  ) => cases.push([name, async () => run(await createTestApp()), status, code]);

  add("malformed JSON", 400, "malformed-json", (t) => send(t.app, '{"readings": [}'));
  add("invalid UTF-8", 400, "invalid-encoding", (t) => send(t.app, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));
  add("malformed CSV", 400, "malformed-csv", (t) =>
    send(t.app, 'id,commune,metric,value,observedAt\n"unclosed', { "content-type": "text/csv" }),
  );
  add("CSV header lacking columns", 400, "malformed-csv", (t) =>
    send(t.app, "id,commune\n1,2", { "content-type": "text/csv" }),
  );
  add("missing key", 401, "unauthorized", (t) =>
    send(t.app, JSON.stringify({ readings: [reading()] }), { authorization: "" }),
  );
  add("unknown key", 401, "unauthorized", (t) =>
    send(t.app, JSON.stringify({ readings: [reading()] }), { authorization: "Bearer nope" }),
  );
  add("revoked key", 401, "unauthorized", async (t) => {
    await t.deps.sources.revokeKey("telco-a", "k_test", t.now);
    return send(t.app, JSON.stringify({ readings: [reading()] }));
  });
  add("metric outside the key's scope only", 403, "out-of-scope", (t) =>
    send(t.app, JSON.stringify({ readings: [reading({ metric: "soc.smartphone_rate" })] })),
  );
  add("body over 256 KiB", 413, "payload-too-large", (t) =>
    send(t.app, JSON.stringify({ readings: [reading({ id: "x".repeat(MAX_BODY_BYTES) })] })),
  );
  add("more than 500 readings", 413, "too-many-readings", (t) =>
    send(t.app, JSON.stringify({ readings: Array.from({ length: 501 }, (_, i) => reading({ id: `r${i}` })) })),
  );
  add("wrong content type", 415, "unsupported-media-type", (t) =>
    send(t.app, "readings", { "content-type": "text/plain" }),
  );
  add("no readings array", 422, "invalid-body", (t) => send(t.app, JSON.stringify({ reading: [] })));
  add("an array body", 422, "invalid-body", (t) => send(t.app, JSON.stringify([reading()])));
  add("empty readings", 422, "invalid-body", (t) => send(t.app, JSON.stringify({ readings: [] })));
  add("over the source's rate", 429, "rate-limited", async (t) => {
    const small = await createTestApp({ source: { rateLimitPerMinute: 3 } });
    await send(small.app, JSON.stringify({ readings: [reading({ id: "a" }), reading({ id: "b" })] }));
    void t;
    return send(small.app, JSON.stringify({ readings: [reading({ id: "c" }), reading({ id: "d" })] }));
  });

  for (const [name, run, status, code] of cases) {
    it(`${name} → ${status} ${code}, as problem+json, storing nothing`, async () => {
      const res = await run();
      expect(res.status).toBe(status);
      expect(res.type).toContain("application/problem+json");
      expect(res.json).toMatchObject({ code, status, type: expect.stringContaining(code) });
      expect(res.json.detail.length).toBeGreaterThan(10);
    });
  }

  it("gives Retry-After on 429 and WWW-Authenticate on 401", async () => {
    const t = await createTestApp({ source: { rateLimitPerMinute: 1 } });
    const limited = await send(t.app, JSON.stringify({ readings: [reading({ id: "a" }), reading({ id: "b" })] }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const anonymous = await send(t.app, "{}", { authorization: "" });
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses an oversized chunked body without a content-length before buffering it", async () => {
    const t = await createTestApp();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        if (pulled > 4 * MAX_BODY_BYTES) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const response = await t.app.request("/v1/readings", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer ioc_test-key" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(2 * MAX_BODY_BYTES);
  });
});

describe("GET /v1/openapi.json", () => {
  it("documents the ingest contract from the validating schemas", async () => {
    const t = await createTestApp();
    const doc = (await (await t.app.request("/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths["/v1/readings"]?.post?.responses ?? {}).sort()).toEqual(
      ["202", "400", "401", "403", "413", "415", "422", "429"].sort(),
    );
    expect(doc.components.schemas.Reading?.required).toEqual(["id", "commune", "metric", "value", "observedAt"]);
    expect(Object.keys(doc.components.schemas.Reading?.properties ?? {})).toContain("codeSystem");
    expect(doc.components.schemas.Problem).toBeDefined();
    const docs = await t.app.request("/v1/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
  });
});
