/** The problem catalogue: one entry per code, and the document `problem()` produces from it. */
import { describe, expect, it } from "vitest";
import { PROBLEM_CODES, PROBLEMS, problem, problemBody, problemResponse } from "./problem.js";

describe("the problem catalogue", () => {
  it("gives every code an error status and both titles", () => {
    expect(PROBLEM_CODES.length).toBeGreaterThan(20);
    for (const code of PROBLEM_CODES) {
      const entry = PROBLEMS[code];
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.vi.trim()).not.toBe("");
      expect(entry.en.trim()).not.toBe("");
      expect(entry.vi).not.toBe(entry.en);
    }
  });
  it("builds the document from the code and the call site's options", async () => {
    const cause = new Error("internal detail");
    const error = problem("rate-limited", {
      detail: "retry in 5 s",
      cause,
      extensions: { retryAfter: 5 },
      headers: { "retry-after": "5" },
    });
    expect(error.cause).toBe(cause);
    expect(problemBody(error, "/v1/readings")).toEqual({
      type: "https://ioc.example.vn/problems/rate-limited",
      code: "rate-limited",
      title: "Over the readings budget",
      titleVi: "Vượt hạn mức gửi số liệu",
      status: 429,
      detail: "retry in 5 s",
      instance: "/v1/readings",
      retryAfter: 5,
    });
    const response = problemResponse(error);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.text()).not.toContain("internal detail");
  });
});
