/**
 * The OpenAPI document is complete and clean: every route the app serves is in it (enforced
 * from Hono's own route table), and Redocly's recommended rules find nothing, so generated
 * clients work.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

const documentOf = async (app: { request(path: string): Response | Promise<Response> }) =>
  (await (await app.request("/v1/openapi.json")).json()) as Document;

describe("the OpenAPI document", () => {
  it("lists every /v1 and /health route the app registered, with its operationId, security and 4xx answers", async () => {
    const { app } = await createAuthTestApp();
    const doc = await documentOf(app);
    const served = app.routes
      .filter(
        (r) =>
          r.method !== "ALL" &&
          (r.path.startsWith("/v1/") || r.path === "/health" || r.path.startsWith("/.well-known/")),
      )
      .map((r) => `${r.method.toLowerCase()} ${r.path.replaceAll(/:([^/]+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThanOrEqual(22);
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        ids.add(op.operationId ?? "");
        expect(Array.isArray(op.security), `${where} declares its security`).toBe(true);
        const needsCredentials = (op.security ?? []).length > 0;
        if (needsCredentials) expect(Object.keys(op.responses), where).toContain("401");
      }
    }
    expect(ids.size).toBe(documented.length);
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const { app } = await createAuthTestApp();
    const source = JSON.stringify(await documentOf(app));
    const problems = await lintFromString({
      source,
      absoluteRef: "openapi.json",
      config: await createConfig({ extends: ["recommended"] }),
    });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ""}`);
    expect(found).toEqual([]);
  });
});
