/**
 * A generated fuzz suite: at least 10,000 malformed ingest requests (random JSON, wrong types,
 * NaN/Infinity strings, huge and negative numbers, deep nesting, invalid UTF-8, oversized bodies,
 * broken CSV, odd headers). Whatever a client sends: never a 5xx, a problem document for every
 * refusal, and nothing stored.
 */
import { createRandom, generateDemoProvince, MAX_BODY_BYTES, type Random } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./test-fakes.js";

const REQUESTS = 10_240;
const province = generateDemoProvince();
const NOW = Date.parse("2026-11-22T08:00:00Z");

const valid = () => ({
  id: "ok",
  commune: province.communes[0]?.code as string,
  metric: "net.coverage_4g",
  value: 50,
  observedAt: new Date(NOW - 60_000).toISOString(),
});

/** Values that make each field invalid, whatever else the reading holds. */
const BAD_FIELD_VALUES: Record<string, unknown[]> = {
  id: ["", null, 12, {}, [], true, "x".repeat(129)],
  commune: ["", "1234", "123456", "abcde", 12345, null, "00001", " 99001", "99001\n"],
  metric: ["", "net", "NET.COVERAGE_4G", null, 4, ["net.coverage_4g"], "x".repeat(65)],
  value: ["NaN", "Infinity", "-Infinity", "12", null, true, {}, [], -1, -1e308, 1e308, 101, 1e21, -0.0001, "1,5"],
  observedAt: [
    "",
    "yesterday",
    "2026-13-01T00:00:00Z",
    "2026-11-22",
    1700000000000,
    null,
    "9999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
  ],
  codeSystem: ["1990", "", 2025, null],
};

function randomJson(random: Random, depth = 0): unknown {
  const roll = random.int(0, depth > 4 ? 4 : 7);
  switch (roll) {
    case 0:
      return random.int(-1e6, 1e6) * (random.next() < 0.5 ? 1e300 : 1);
    case 1:
      return random.pick(["", "NaN", "Infinity", "readings", "\u0000", "💥", "\ud800", "<script>"]);
    case 2:
      return random.next() < 0.5;
    case 3:
      return null;
    case 4:
      return random.next();
    case 5:
      return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let k = 0; k < random.int(0, 4); k++)
        out[random.pick(["readings", "id", "value", "__proto__", "constructor", "x"])] = randomJson(random, depth + 1);
      return out;
    }
  }
}

function brokenReading(random: Random): Record<string, unknown> {
  const reading: Record<string, unknown> = valid();
  const fields = Object.keys(BAD_FIELD_VALUES);
  const field = random.pick(fields);
  const bad = random.pick(BAD_FIELD_VALUES[field] as unknown[]);
  if (random.next() < 0.1) delete reading[field === "codeSystem" ? "id" : field];
  else reading[field] = bad;
  if (field === "codeSystem") reading.commune = "abc"; // a code system alone could be valid; break it
  return reading;
}

/** Bad CSV cells: values that stay invalid once written as text (unlike null → "null" as an id). */
const BAD_CSV_CELLS: Record<string, string[]> = {
  commune: ["", "1234", "abcde", "00001", " 99001"],
  metric: ["", "net", "NET.COVERAGE_4G"],
  value: ["NaN", "Infinity", "1,5", "-1", "101", "", "0x10"],
  observedAt: ["", "yesterday", "2026-11-22", "9999-12-31T23:59:59Z"],
};

function brokenCsvRow(random: Random): string {
  const row: Record<string, string> = {
    id: `c${random.int(0, 1e6)}`,
    ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, String(v)])),
  };
  const field = random.pick(Object.keys(BAD_CSV_CELLS));
  row[field] = random.pick(BAD_CSV_CELLS[field] as string[]);
  const cells = [row.id, row.commune, row.metric, row.value, row.observedAt].map((cell) =>
    random.next() < 0.2 ? `"${String(cell).replaceAll('"', '""')}"` : String(cell),
  );
  return cells.join(random.pick([",", ",", ";", ",,"]));
}

function nested(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

type Case = { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> };

function generate(random: Random, n: number): Case {
  const json = { "content-type": "application/json", authorization: "Bearer ioc_test-key" };
  switch (n % 12) {
    case 0:
      return { body: JSON.stringify(randomJson(random)), headers: json };
    case 1:
      return {
        body: JSON.stringify({ readings: Array.from({ length: random.int(1, 20) }, () => brokenReading(random)) }),
        headers: json,
      };
    case 2:
      return {
        body: JSON.stringify({ readings: Array.from({ length: random.int(1, 5) }, () => randomJson(random)) }),
        headers: json,
      };
    case 3: {
      const text = JSON.stringify({ readings: [valid()] });
      const cut = random.int(0, text.length - 3); // always loses at least the closing "]}"
      return { body: text.slice(0, cut) + random.pick(["", "}", "\u0000", ",", "'"]), headers: json };
    }
    case 4: {
      const bytes = new TextEncoder().encode(JSON.stringify({ readings: [brokenReading(random)] }));
      const copy = new Uint8Array(bytes.length + 2);
      copy.set(bytes);
      copy[random.int(0, bytes.length - 1)] = random.pick([0xff, 0xfe, 0xc0, 0x80, 0xed]);
      return { body: copy, headers: json };
    }
    case 5:
      return {
        body: random.next() < 0.5 ? nested(random.int(1, 50_000)) : `{"readings":${nested(random.int(1, 20_000))}}`,
        headers: json,
      };
    case 6:
      return { body: "x".repeat(MAX_BODY_BYTES + random.int(1, 4096)), headers: json };
    case 7:
      return {
        body: `id,commune,metric,value,observedAt\n${Array.from({ length: random.int(1, 6) }, () =>
          brokenCsvRow(random),
        ).join(random.pick(["\n", "\r\n", "\r"]))}${random.pick(["", '"', '\n"a'])}`,
        headers: { ...json, "content-type": "text/csv" },
      };
    case 8:
      return {
        body: JSON.stringify({ readings: [valid()] }),
        headers: {
          ...json,
          authorization: random.pick([
            "",
            "Bearer",
            "Bearer  ",
            "Basic abc",
            "Bearer ioc_wrong",
            `Bearer ${"k".repeat(5000)}`,
            "bearer\tioc_x",
          ]),
        },
      };
    case 9:
      return {
        body: JSON.stringify({ readings: [valid()] }),
        headers: {
          ...json,
          "content-type": random.pick([
            "",
            "text/plain",
            "application/xml",
            "multipart/form-data",
            "application/json-patch+json",
            "text/csvx",
          ]),
        },
      };
    case 10:
      return {
        body: JSON.stringify({
          readings: Array.from({ length: random.int(501, 900) }, () => brokenReading(random)),
        }).slice(0, MAX_BODY_BYTES - 10),
        headers: json,
      };
    default: {
      const reading = brokenReading(random);
      const text = JSON.stringify({ readings: [reading] }).replace(
        /"value":[^,}]+/,
        `"value":${random.pick(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "0x10", "+1", ".5", "1.", "01"])}`,
      );
      return { body: text, headers: json };
    }
  }
}

describe(`ingest fuzz: ${REQUESTS} malformed requests`, () => {
  it("never answers 5xx, always explains a refusal as problem+json, and stores nothing", {
    timeout: 120_000,
  }, async () => {
    const t = await createTestApp({ source: { metricPrefixes: [""], rateLimitPerMinute: 10_000_000 } });
    const random = createRandom(20251122);
    const statuses = new Map<number, number>();
    for (let n = 0; n < REQUESTS; n++) {
      const { body, headers } = generate(random, n);
      const response = await t.app.request("/v1/readings", { method: "POST", headers, body });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const type = response.headers.get("content-type") ?? "";
      const text = await response.text();
      if (response.status >= 500) throw new Error(`case ${n} answered ${response.status}: ${text.slice(0, 300)}`);
      if (response.status === 202) {
        const report = JSON.parse(text) as { accepted: number; rejected: unknown[] };
        expect(report.accepted, `case ${n} stored something`).toBe(0);
        expect(report.rejected.length, `case ${n}`).toBeGreaterThan(0);
      } else {
        expect(type, `case ${n} (${response.status})`).toContain("application/problem+json");
        const problem = JSON.parse(text) as { code: string; detail: string; status: number };
        expect(problem.status).toBe(response.status);
        expect(problem.code).toMatch(/^[a-z-]+$/);
      }
    }
    expect(t.stored.size).toBe(0);
    expect(t.errors).toEqual([]);
    console.log(`fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    // Every whole-request class was exercised.
    for (const status of [202, 400, 401, 413, 415, 422]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  });
});
