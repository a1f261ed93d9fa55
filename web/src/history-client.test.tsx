import { describe, expect, it } from "vitest";
import { createHistoryClient } from "./history-client.js";

describe("the history client", () => {
  it("asks the contract's routes with the user's token and reuses an answer for a minute", async () => {
    const calls: Array<{ url: string; auth: string | null }> = [];
    let now = 0;
    const client = createHistoryClient({
      token: () => "t0k",
      now: () => now,
      fetch: (async (url: string, init?: RequestInit) => {
        calls.push({ url, auth: new Headers(init?.headers).get("authorization") });
        return new Response(JSON.stringify({ points: [] }), { status: 200 });
      }) as typeof fetch,
    });
    await client.provinceTrend({ metric: "net.coverage_4g", from: "2026-11-02", resolution: "day" });
    await client.provinceTrend({ metric: "net.coverage_4g", from: "2026-11-02", resolution: "day" });
    await client.dayValues({ province: "99", metric: "net.coverage_4g", date: "2026-11-02" });
    expect(calls).toEqual([
      { url: "/v1/history/province?metric=net.coverage_4g&from=2026-11-02&resolution=day", auth: "Bearer t0k" },
      { url: "/v1/history/communes?province=99&metric=net.coverage_4g&date=2026-11-02", auth: "Bearer t0k" },
    ]);
    now = 61_000;
    await client.provinceTrend({ metric: "net.coverage_4g", from: "2026-11-02", resolution: "day" });
    expect(calls).toHaveLength(3);
  });

  it("ends the session on a refused token and does not keep the failure", async () => {
    let signedOut = 0;
    let status = 401;
    const client = createHistoryClient({
      onUnauthorized: () => signedOut++,
      fetch: (async () =>
        new Response(JSON.stringify(status === 200 ? { values: {} } : { code: "unauthorized" }), {
          status,
        })) as typeof fetch,
    });
    await expect(client.dayValues({ metric: "m", date: "2026-11-02" })).rejects.toMatchObject({
      status: 401,
      code: "unauthorized",
    });
    expect(signedOut).toBe(1);
    status = 200;
    await expect(client.dayValues({ metric: "m", date: "2026-11-02" })).resolves.toEqual({ values: {} });
  });
});
