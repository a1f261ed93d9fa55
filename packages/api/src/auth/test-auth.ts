/**
 * Test support: a fake-backed app with dashboard identity switched on, signed by a local issuer
 * whose demo users all have the password "demo".
 */

import type { Alert, Role } from "@ioc/core";
import { geoEngine } from "@ioc/geo";
import {
  createDeviceService,
  createJwtVerifier,
  createLocalIssuer,
  createLocalUserDirectory,
  createMemoryDeviceStore,
  demoUsers,
  withDeviceTokens,
} from "@ioc/identity";
import { createApp } from "../app.js";
import type { ApiDeps } from "../deps.js";
import { createFakeNotificationStore } from "../notify-fakes.js";
import { createFakeStores } from "../test-fakes.js";

/** The fixed time of auth tests. */
export const AUTH_TEST_NOW = Date.parse("2026-11-22T08:00:00Z");

/** An issuer, its verifier, and an app that requires their tokens on dashboard routes. */
export async function createAuthTestApp(options: { now?: () => number; extra?: Partial<ApiDeps> } = {}) {
  const clock = options.now ?? (() => AUTH_TEST_NOW);
  const users = await demoUsers("demo");
  const issuer = await createLocalIssuer({ users, clock, ttlSeconds: 3600 });
  const devices = await createDeviceService({ store: createMemoryDeviceStore(), clock });
  const verifier = withDeviceTokens(
    createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock }),
    devices.verifier,
  );
  const fakes = createFakeStores();
  const app = createApp({
    ...fakes.deps,
    notifications: createFakeNotificationStore(),
    clock,
    logger: { info() {}, error() {} },
    defaultProvince: "99",
    auth: { verifier, issuer },
    devices,
    // An empty dead-letter queue and the issuer's users, so every route is served (tests pass their own).
    deadLetters: { list: async () => [], replay: async () => undefined },
    users: createLocalUserDirectory(users),
    geo: geoEngine,
    ...options.extra,
  });
  return { app, issuer, verifier, clock, devices, ...fakes };
}

/** A token for each demo role from the test issuer. */
export async function roleTokens(issuer: {
  login(user: string, password: string): Promise<{ token: string } | undefined>;
}) {
  const roles: Role[] = ["leader", "ops", "planner", "admin"];
  const entries = await Promise.all(
    roles.map(async (role) => [role, (await issuer.login(role, "demo"))?.token] as const),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}

/** What a test reads of an answer: status, content type, headers, text, JSON when it is JSON, bytes when a PDF. */
export interface TestAnswer {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  json: any;
  bytes?: Uint8Array;
}

/**
 * A request as a role (or anonymous, `undefined`), with a JSON body when given and extra headers;
 * the answer read once.
 */
export function roleCaller(
  app: { request(path: string, init: RequestInit): Response | Promise<Response> },
  tokens: Record<Role, string>,
) {
  return async (
    role: Role | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestAnswer> => {
    const response = await app.request(path, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      // A string is sent as it is (a malformed body on purpose), anything else as JSON.
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("pdf"))
      return {
        status: response.status,
        type,
        headers: response.headers,
        text: "",
        json: {},
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    const text = await response.text();
    return {
      status: response.status,
      type,
      headers: response.headers,
      text,
      json: type.includes("json") ? JSON.parse(text) : {},
    };
  };
}

/** An open critical base-station alert of province 99 at `id` ("rule:commune"), opened an hour before the test's now. */
export function testAlert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: id.split(":")[0] as string,
    severity: "critical",
    status: "open",
    province: "99",
    commune: id.split(":")[1] as string,
    metric: "net.bts_down",
    value: 2,
    message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
    openedAt: AUTH_TEST_NOW - 3_600_000,
    lastSeenAt: AUTH_TEST_NOW - 60_000,
    occurrences: 1,
    escalated: false,
    history: [{ at: AUTH_TEST_NOW - 3_600_000, action: "opened", value: 2 }],
    ...overrides,
  };
}
