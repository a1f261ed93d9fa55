/**
 * The local runtime over real HTTP: security headers like CloudFront's, no-store on API data,
 * 404 problems for unknown API paths (not the dashboard's HTML), `Connection: close` after an
 * early 413, a loopback-only listener, and a refusal to expose the demo password.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_BODY_BYTES } from "@ioc/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canConnect, freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const webDist = mkdtempSync(join(tmpdir(), "ioc-web-"));
let runtime: Runtime;
let port: number;

beforeAll(async () => {
  mkdirSync(join(webDist, "assets"));
  writeFileSync(join(webDist, "index.html"), "<!doctype html><title>IOC</title>");
  writeFileSync(join(webDist, "assets", "app.js"), "console.log(1)");
  port = await freePort();
  runtime = await startRuntime({ port, dynamoPort: await freePort(), webDist, simulator: false, logger: silent });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(webDist, { recursive: true, force: true });
});

/** One raw HTTP exchange on a keep-alive socket; tells whether the server closed it afterwards. */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; closed: boolean }>(
    (resolve, reject) => {
      const agent = new Agent({ keepAlive: true });
      const req = request(
        { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => {
            const socket = req.socket;
            setTimeout(() => {
              resolve({ status: res.statusCode ?? 0, headers: res.headers, closed: socket?.destroyed ?? true });
              agent.destroy();
            }, 100);
          });
        },
      );
      req.on("error", reject);
      if (init.body) req.write(init.body);
      req.end();
    },
  );
}

describe("the local runtime's HTTP surface", () => {
  it("sends CloudFront's security headers on the dashboard's files and the SPA fallback", async () => {
    for (const path of ["/", "/assets/app.js", "/planning/gaps"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("content-security-policy")).toContain(`ws://127.0.0.1:${port}`);
      await response.arrayBuffer();
    }
  });

  it("marks API data no-store and answers unknown API paths with a 404 problem, not the dashboard", async () => {
    const token = (await runtime.issuer.login("leader", "demo"))?.token;
    const data = await fetch(`http://127.0.0.1:${port}/v1/communes`, { headers: { authorization: `Bearer ${token}` } });
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toBe("no-store");
    expect(data.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(data.headers.get("x-content-type-options")).toBe("nosniff");
    await data.arrayBuffer();
    for (const path of ["/v1/nope", "/v1/communes/00001/nope/deeper", "/v1"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toBe("application/problem+json");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toMatchObject({ status: 404 });
    }
  });

  it("closes the connection it announces closing after an early 413, and keeps it after a drained request", async () => {
    const big = await raw("/v1/readings", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${runtime.apiKey}`,
        "content-length": String(MAX_BODY_BYTES * 8),
        connection: "keep-alive",
      },
      body: "x".repeat(MAX_BODY_BYTES * 8),
    });
    expect(big.status).toBe(413);
    expect(big.headers.connection).toBe("close");
    expect(big.closed).toBe(true);
    const small = await raw("/v1/readings", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${runtime.apiKey}`,
        connection: "keep-alive",
      },
      body: JSON.stringify({ readings: [] }),
    });
    expect(small.status).toBeGreaterThanOrEqual(400);
    expect(small.status).toBeLessThan(500);
    expect(small.headers.connection).toBe("keep-alive");
    expect(small.closed).toBe(false);
  });

  it("listens on loopback only by default", async () => {
    expect(await canConnect(port, "127.0.0.1")).toBe(true);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) expect(await canConnect(port, external)).toBe(false);
  });

  it("refuses a non-loopback HOST while the demo password is the default, and says why in Vietnamese first", async () => {
    const attempt = startRuntime({
      port: await freePort(),
      dynamoPort: await freePort(),
      host: "0.0.0.0",
      logger: silent,
    });
    await expect(attempt).rejects.toMatchObject({ code: "unsafe-host" });
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toMatch(/^HOST=0\.0\.0\.0 mở IOC cho các máy khác/);
    expect(message).toContain("opens the IOC to other machines");
  });
});
