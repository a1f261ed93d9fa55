/**
 * Walks every operation of the served /v1/openapi.json with malformed path parameters, query
 * strings and bodies (a fixed list, so the run is deterministic) as a signed-in admin, and asserts
 * no answer is a 5xx and every refusal is a problem document (issue 15 item 3).
 */
import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

const HOSTILE = [
  "%25zz",
  "%25E0%25A4%25A",
  encodeURIComponent("é".repeat(2000)),
  "x".repeat(5000),
  "-1",
  "1e309",
  "NaN",
  "%00",
  encodeURIComponent("'; DROP TABLE--"),
  encodeURIComponent("../../etc/passwd"),
  "9999-12-31T00:00:00Z",
];
const BODIES = [
  "",
  "{",
  "null",
  "[]",
  '{"id":1}',
  JSON.stringify({ readings: [{ value: 1e-200 }] }),
  "x".repeat(70_000),
];

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
}

describe("every operation of the OpenAPI document, malformed", () => {
  it("answers 4xx problems, never 5xx", async () => {
    const t = await createAuthTestApp();
    const token = (await t.issuer.login("admin", "demo"))?.token as string;
    const doc = (await (await t.app.request("/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    let tried = 0;
    const fives: string[] = [];
    const notProblems: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
        const requests: Array<{ path: string; body?: string }> = [];
        for (const value of HOSTILE) {
          const path = template.replace(/\{[^}]+\}/g, value);
          requests.push({ path });
          for (const name of queryNames)
            requests.push({ path: `${template.replace(/\{[^}]+\}/g, "99001")}?${name}=${value}` });
        }
        if (method === "post" || method === "put")
          for (const body of BODIES) requests.push({ path: template.replace(/\{[^}]+\}/g, "a"), body });
        for (const r of requests) {
          tried++;
          const response = await t.app.request(r.path, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            ...(r.body === undefined ? {} : { body: r.body }),
          });
          const label = `${method.toUpperCase()} ${r.path.slice(0, 80)} → ${response.status}`;
          if (response.status >= 500) fives.push(label);
          if (response.status >= 400 && response.headers.get("content-type") !== "application/problem+json")
            notProblems.push(label);
          await response.body?.cancel();
        }
      }
    }
    console.info(`route walk: ${tried} requests tried, ${fives.length} 5xx seen`);
    expect(tried).toBeGreaterThan(300);
    expect(fives).toEqual([]);
    expect(notProblems).toEqual([]);
  }, 120_000);
});
