import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hardenFetch, localDashboardCsp, SECURITY_HEADERS } from "./http-hardening.js";

const infraWeb = readFileSync(join(import.meta.dirname, "../../../infra/Web.ts"), "utf8");

describe("the local runtime's HTTP hardening", () => {
  it("uses the deployed CSP's directives (infra/Web.ts), with the local live socket allowed", () => {
    const csp = localDashboardCsp("localhost:3000");
    for (const directive of csp.split("; ")) {
      if (directive.startsWith("connect-src")) continue;
      expect(infraWeb, directive).toContain(`"${directive}"`);
    }
    expect(csp).toContain("connect-src 'self' ws://localhost:3000");
    // A hostile Host header is not echoed into the policy.
    expect(localDashboardCsp("evil.example; script-src *")).toContain("connect-src 'self';");
    // CloudFront's own settings, as infra/Web.ts declares them.
    expect(infraWeb).toContain("Duration.days(730), includeSubdomains: true");
    expect(SECURITY_HEADERS["strict-transport-security"]).toBe(`max-age=${730 * 86_400}; includeSubDomains`);
    expect(infraWeb).toContain("HeadersFrameOption.DENY");
    expect(infraWeb).toContain("STRICT_ORIGIN_WHEN_CROSS_ORIGIN");
  });

  it("answers 503 with Retry-After as a problem, without calling the app, while the store is down", async () => {
    let called = 0;
    const fetch = hardenFetch(
      () => {
        called++;
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
      { storeAvailable: () => false, retryAfterSeconds: 7 },
    );
    const response = await fetch(new Request("http://x/v1/communes"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: 503, code: "store-unavailable", instance: "/v1/communes" });
    expect(called).toBe(0);
    // What needs no store still answers.
    expect((await fetch(new Request("http://x/v1/openapi.json"))).status).toBe(200);
    expect(called).toBe(1);
  });

  it("passes the app's own store-unavailable 503 through with its Retry-After", async () => {
    // The mapping lives in the app (packages/api app.onError); the wrapper adds only headers.
    const fetch = hardenFetch(
      () =>
        new Response(JSON.stringify({ code: "store-unavailable", status: 503 }), {
          status: 503,
          headers: { "content-type": "application/problem+json", "retry-after": "5" },
        }),
      { storeAvailable: () => true },
    );
    const response = await fetch(new Request("http://x/v1/readings", { method: "POST" }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
