/**
 * Issue 15, API side: failures a client can cause are problems (a second percent-decoding, ids
 * longer than DynamoDB keys, a far-future series), a dead store is the catalogue's 503 with
 * Retry-After from the app itself, unknown API paths are 404 problems, sign-in is throttled per
 * user and per address, every body is bounded before parsing, and the gaps CSV neutralises
 * formula-leading names.
 */
import { type Commune, DEFAULT_ALERT_RULES, type Role } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { AUTH_TEST_NOW, createAuthTestApp, roleTokens } from "./auth/test-auth.js";

async function signedIn(options: { now?: () => number } = {}) {
  const t = await createAuthTestApp(options);
  const tokens = await roleTokens(t.issuer);
  const call = (
    role: Role,
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json", ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
  return { ...t, tokens, call };
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { code: string; status: number; detail: string };
}

describe("authenticated requests that used to answer 500", () => {
  it("answers an alert id that is not valid percent-encoding (decoded twice before) as a 404 problem", async () => {
    const { call } = await signedIn();
    for (const path of ["/v1/alerts/%25E0%25A4%25A", "/v1/alerts/%25zz"]) {
      const response = await call("ops", "GET", path);
      expect(response.status).toBe(404);
      expect((await problemOf(response)).code).toBe("alert-not-found");
    }
    for (const action of ["ack", "resolve"]) {
      const response = await call("ops", "POST", `/v1/alerts/%25zz/${action}`, { body: "{}" });
      expect(response.status).toBe(404);
      expect((await problemOf(response)).code).toBe("alert-not-found");
    }
  });

  it("refuses an alert id longer than a DynamoDB key allows with a 400 problem on get, ack and resolve", async () => {
    const { call } = await signedIn();
    const long = "é".repeat(2000);
    for (const [method, path] of [
      ["GET", `/v1/alerts/${encodeURIComponent(long)}`],
      ["POST", `/v1/alerts/${encodeURIComponent(long)}/ack`],
      ["POST", `/v1/alerts/${encodeURIComponent(long)}/resolve`],
    ] as const) {
      const response = await call("ops", method, path, method === "POST" ? { body: "{}" } : {});
      expect(response.status).toBe(400);
      expect((await problemOf(response)).code).toBe("invalid-request");
    }
  });

  it("refuses a series `to` far in the future (and a `from` before 2000) with a 400 problem", async () => {
    const { call } = await signedIn();
    for (const q of [
      "to=9999-12-31T00:00:00Z",
      "to=2099-01-01T00:00:00Z&from=2098-12-31T00:00:00Z",
      "from=1900-01-01T00:00:00Z&to=1900-01-02T00:00:00Z",
    ]) {
      const response = await call("leader", "GET", `/v1/communes/99001/series?metric=net.coverage_4g&${q}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).code).toBe("invalid-request");
    }
  });
});

describe("a store that is unavailable", () => {
  it("is the catalogue's 503 store-unavailable with Retry-After, mapped by the app itself", async () => {
    const t = await createAuthTestApp();
    const down = Object.assign(new Error("DynamoDB Local at http://127.0.0.1:1 is unreachable"), {
      name: "StoreUnavailableError",
      code: "store-unavailable",
    });
    const errors: unknown[] = [];
    const app = createApp({
      ...t.deps,
      registry: {
        ...t.deps.registry,
        async getProvince() {
          throw down;
        },
      },
      dashboard: {
        ...t.deps.dashboard,
        async listAlerts() {
          // Wrapped once more, as an adapter might.
          throw new Error("list failed", { cause: down });
        },
      },
      clock: t.clock,
      logger: { info() {}, error: (...args: unknown[]) => errors.push(args) },
      defaultProvince: "99",
      auth: { verifier: t.verifier, issuer: t.issuer },
    });
    const token = (await t.issuer.login("leader", "demo"))?.token as string;
    for (const path of ["/v1/communes", "/v1/alerts"]) {
      const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const body = await problemOf(response);
      expect(body.code).toBe("store-unavailable");
      expect(body.detail).toContain("thử lại sau 5 giây");
    }
    expect(errors.length).toBe(2);
  });
});

describe("unknown API paths", () => {
  it("answer a 404 problem from the app", async () => {
    const { call } = await signedIn();
    for (const path of ["/v1/nothing", "/v1/alerts/x/y/z", "/v1"]) {
      const response = await call("admin", "GET", path);
      expect(response.status).toBe(404);
      expect((await problemOf(response)).code).toBe("not-found");
    }
  });
});

describe("sign-in throttling", () => {
  const login = (app: { request: (p: string, i: RequestInit) => Response | Promise<Response> }, password: string) =>
    app.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });

  it("refuses the right password after 200 wrong ones, with Retry-After, until the window passes", async () => {
    let now = AUTH_TEST_NOW;
    const t = await createAuthTestApp({ now: () => now });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const status = (await login(t.app, `wrong-${i}`)).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // Five failures are answered as such, every later attempt is throttled.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 5, 429: 195 });
    const refused = await login(t.app, "demo");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("900");
    const body = await problemOf(refused);
    expect(body.code).toBe("too-many-sign-ins");
    expect(body.detail).toContain("Đăng nhập sai quá nhiều lần");
    expect(body.detail).toContain("Too many failed sign-ins");
    now += 14 * 60_000;
    expect((await login(t.app, "demo")).status).toBe(429);
    now += 60_000 + 1;
    expect((await login(t.app, "demo")).status).toBe(200);
  }, 30_000); // Each wrong password is a password-hash check: slow on a shared machine.

  it("throttles one address across users after 20 failures", async () => {
    const t = await createAuthTestApp();
    for (let i = 0; i < 20; i++) {
      const response = await t.app.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: `nobody-${i}`, password: "x" }),
      });
      expect(response.status).toBe(401);
    }
    const response = await login(t.app, "demo");
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 30_000);
});

describe("body limits before parsing", () => {
  it("refuses a sign-in Content-Length over the limit with 413 at once, without reading the body", async () => {
    const t = await createAuthTestApp();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await t.app.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe("payload-too-large");
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("cuts off a chunked sign-in body while it streams", async () => {
    const t = await createAuthTestApp();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1600)
          controller.close(); // 100 MB if nothing stopped it
        else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const response = await t.app.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe("payload-too-large");
    expect(pulled).toBeLessThan(10);
  });

  it("bounds the bodies of dashboard routes too (rules, alert actions, scenarios)", async () => {
    const { call } = await signedIn();
    const big = JSON.stringify({ note: "x".repeat(200 * 1024) });
    for (const [method, path] of [
      ["PUT", "/v1/rules/bts-down"],
      ["POST", "/v1/alerts/a/ack"],
      ["POST", "/v1/scenarios"],
    ] as const) {
      const response = await call("admin", method, path, { body: big });
      expect(response.status).toBe(413);
      expect((await problemOf(response)).code).toBe("payload-too-large");
    }
  });
});

describe("GET /v1/gaps?format=csv with hostile commune names", () => {
  it("neutralises every formula-leading name cell", async () => {
    const t = await signedIn();
    const hostile = ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(1)"];
    const communes: Commune[] = hostile.map((name, i) => ({
      code: `9900${i + 1}`,
      name,
      kind: "xã",
      provinceCode: "99",
      population: 1000,
      households: 250,
      areaKm2: 10,
      terrain: "delta",
      border: false,
      extremelyDisadvantaged: false,
      labelPoint: [107 + i * 0.1 + 0.05, 15.05],
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [107 + i * 0.1, 15],
            [107 + i * 0.1 + 0.1, 15],
            [107 + i * 0.1 + 0.1, 15.1],
            [107 + i * 0.1, 15.1],
            [107 + i * 0.1, 15],
          ],
        ],
      },
    }));
    await t.deps.registry.putProvince({ code: "99", name: "Tỉnh Thử", synthetic: true, communes });
    const response = await t.call("planner", "GET", "/v1/gaps?format=csv");
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const rows = text.split("\r\n").slice(1, -1);
    expect(rows).toHaveLength(4);
    const names = rows.map((row) => {
      // Rank, code, then the name: quoted when it holds a comma or a quote.
      const rest = row.split(",").slice(2).join(",");
      return rest.startsWith('"')
        ? (/^"((?:[^"]|"")*)"/.exec(rest)?.[1] ?? "").replaceAll('""', '"')
        : rest.split(",")[0];
    });
    expect(new Set(names)).toEqual(new Set(hostile.map((name) => `'${name}`)));
    for (const row of rows) for (const cell of row.split(",")) expect(cell).not.toMatch(/^"?[=+@]/);
  });
});

describe("PUT /v1/rules/{id} is checked with the province", () => {
  it("refuses an admin of the demo province changing another province's rule", async () => {
    const { call, rules } = await signedIn();
    const rule = DEFAULT_ALERT_RULES.find((r) => r.id === "bts-down");
    const response = await call("admin", "PUT", "/v1/rules/bts-down?province=01", {
      body: JSON.stringify({ ...rule, enabled: false }),
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).code).toBe("forbidden");
    // Nothing stored, anywhere: no province has a rule of its own.
    expect(rules.size).toBe(0);
    const own = await call("admin", "PUT", "/v1/rules/bts-down", { body: JSON.stringify(rule) });
    expect(own.status).toBe(200);
  });
});
