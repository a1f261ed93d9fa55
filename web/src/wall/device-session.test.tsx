/**
 * The wall's device session against a fake API, with time under the test's control: enrolment
 * from the address, renewal before expiry without anyone touching the wall, a retry when the
 * network is gone, and the enrolment screen again once a renewal is refused (revoked device).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../test-cognito.js";
import {
  createDeviceSession,
  DEVICE_STORAGE_KEY,
  enrolmentCodeOf,
  isDeviceWall,
  RENEW_AHEAD_MS,
  RENEW_RETRY_MS,
} from "./device-session.js";

const START = Date.parse("2026-12-01T08:00:00Z");
const TTL = 300_000;
const user = { subject: "device:d_1", username: "Màn hình phòng họp", role: "leader", provinces: ["99"] };
const SECRET = "d_0123456789abcdef0123.ioc_dev_secret";

function fakeApi() {
  const state = { revoked: false, offline: false, renewals: 0 };
  const tokenAt = () => ({ token: `t${state.renewals}`, expiresAt: Date.now() + TTL, user });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (state.offline) throw new TypeError("Failed to fetch");
    const path = String(input);
    const body = JSON.parse(String(init?.body ?? "{}")) as { code?: string; secret?: string };
    if (path.endsWith("/v1/devices/enrol")) {
      if (body.code !== "d_0123456789abcdef0123.code") return new Response("{}", { status: 401 });
      return Response.json({ ...tokenAt(), secret: SECRET });
    }
    if (state.revoked || body.secret !== SECRET) return new Response("{}", { status: 401 });
    state.renewals++;
    return Response.json(tokenAt());
  });
  return { state, fetch: fetch as unknown as typeof globalThis.fetch };
}

describe("the wall's device session", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    history.replaceState(null, "", "/?wall=1&enrol=d_0123456789abcdef0123.code");
  });
  afterEach(() => {
    vi.useRealTimers();
    history.replaceState(null, "", "/");
  });

  it("enrols once from the address, then renews by itself before each token expires", async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    const session = createDeviceSession({ fetch: api.fetch, storage });
    await vi.advanceTimersByTimeAsync(0);
    expect(location.search).toBe("?wall=1");
    expect(storage.getItem(DEVICE_STORAGE_KEY)).toBe(SECRET);
    expect(session.user()).toEqual(user);
    expect(session.token()).toBe("t0");

    // A day unattended: a renewal every TTL − RENEW_AHEAD_MS, never a gap without a token.
    for (let i = 1; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(TTL - RENEW_AHEAD_MS);
      expect(session.token()).toBe(`t${i}`);
    }
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(api.state.renewals).toBeGreaterThan(300);
    expect(session.token()).toBeDefined();
  });

  it("restarts from the stored secret, rides out a network cut, and goes back to enrolment once revoked", async () => {
    history.replaceState(null, "", "/?wall=1");
    const api = fakeApi();
    const storage = memoryStorage();
    storage.setItem(DEVICE_STORAGE_KEY, SECRET);
    expect(isDeviceWall(location.search, storage)).toBe(true);
    const session = createDeviceSession({ fetch: api.fetch, storage });
    await vi.advanceTimersByTimeAsync(0);
    expect(session.token()).toBe("t1");

    api.state.offline = true;
    await vi.advanceTimersByTimeAsync(TTL - RENEW_AHEAD_MS);
    expect(session.user()).toEqual(user); // still the wall, still its last figures
    api.state.offline = false;
    await vi.advanceTimersByTimeAsync(RENEW_RETRY_MS);
    expect(session.token()).toBe("t2");

    api.state.revoked = true;
    await vi.advanceTimersByTimeAsync(TTL - RENEW_AHEAD_MS);
    expect(session.user()).toBeUndefined();
    expect(session.wallProblem()).toBe("revoked");
    expect(storage.getItem(DEVICE_STORAGE_KEY)).toBeNull();
  });

  it("refuses a wrong code, reads codes out of whole links, and knows a wall page", async () => {
    history.replaceState(null, "", "/?wall=1");
    const api = fakeApi();
    const session = createDeviceSession({ fetch: api.fetch, storage: memoryStorage() });
    await expect(session.enrol("nope")).rejects.toThrow();
    expect(session.wallProblem()).toBe("code-refused");
    await session.enrol("http://ioc.local/?wall=1&enrol=d_0123456789abcdef0123.code");
    expect(session.token()).toBe("t0");
    expect(enrolmentCodeOf("  abc  ")).toBe("abc");
    expect(isDeviceWall("?wall=1", memoryStorage())).toBe(false);
    expect(isDeviceWall("?enrol=x", memoryStorage())).toBe(false);
    expect(isDeviceWall("?wall=1&enrol=x", memoryStorage())).toBe(true);
  });
});
