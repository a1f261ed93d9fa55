/** The contract's own invariants: names the routes rely on, and the client types it infers. */

import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { PROBLEM_CODES, PROBLEMS, problemCodesWithStatus } from "./problems.js";
import * as routes from "./routes.js";
import { BODY_SCHEMAS } from "./routes.js";
import type { IngestReport } from "./types.js";

describe("the contract", () => {
  it("names each request body's component after the schema's own id, so the $refs resolve", () => {
    for (const [name, schema] of Object.entries(BODY_SCHEMAS)) expect(z.globalRegistry.get(schema)?.id).toBe(name);
  });
  it("gives every route a unique operationId and declared security", () => {
    const defined = (Object.values(routes) as unknown[]).filter(
      (value): value is { operationId: string; security: unknown[] } =>
        typeof value === "object" && value !== null && "operationId" in value,
    );
    expect(defined.length).toBe(22);
    expect(new Set(defined.map((r) => r.operationId)).size).toBe(defined.length);
    for (const route of defined) expect(Array.isArray(route.security)).toBe(true);
  });
  it("lists problem codes by status from the catalogue", () => {
    expect(problemCodesWithStatus(409)).toEqual([
      "alert-already-resolved",
      "alert-already-acknowledged",
      "source-exists",
      "source-key-revoked",
      "boundary-token-mismatch",
      "boundary-preview-stale",
      "boundary-removals-unconfirmed",
    ]);
    expect(PROBLEM_CODES.every((code) => PROBLEMS[code].status >= 400)).toBe(true);
  });
  it("infers the ingest report clients see from the schema the API answers with", () => {
    expectTypeOf<IngestReport["rejected"][number]>().toHaveProperty("line");
    expectTypeOf<IngestReport["rejected"][number]>().toHaveProperty("candidates");
    expectTypeOf<IngestReport["rejected"][number]["code"]>().not.toEqualTypeOf<string>();
  });
});
