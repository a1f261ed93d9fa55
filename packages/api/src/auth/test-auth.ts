/**
 * Test support: a fake-backed app with dashboard identity switched on, signed by a local issuer
 * whose demo users all have the password "demo".
 */

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
    ...options.extra,
  });
  return { app, issuer, verifier, clock, devices, ...fakes };
}
