/**
 * The session in both modes: the local issuer's (as `npm start` and the e2e tests use it) and
 * Cognito's hosted UI (the deployed dashboard), whose round trip runs here against a fake of
 * Cognito's endpoints, with the browser's navigation and timers under the test's control.
 */

import type { SignIn as ApiSignIn } from "@ioc/client";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PENDING_KEY } from "./cognito.js";
import { setLang } from "./i18n.js";
import { SignIn } from "./SignIn.js";
import { createSession, REFRESH_AHEAD_MS, type Session, type SessionBrowser, SessionProvider } from "./session.js";
import { createFakeCognito, FAKE_POOL, memoryStorage } from "./test-cognito.js";

const START = Date.parse("2026-11-22T08:00:00Z");
const config = { ...FAKE_POOL };

/** A browser tab: its address, where it went, and the page loads it made. */
function fakeBrowser(fake: ReturnType<typeof createFakeCognito>, address = "http://localhost:3000/") {
  const tab = {
    address,
    navigations: [] as string[],
    reloads: [] as string[],
    replaced: [] as string[],
  };
  // oidc-client-ts calls the global fetch: the fake stands in for it, for this tab.
  const fetch = vi.fn(fake.fetch);
  vi.stubGlobal("fetch", fetch);
  const browser: SessionBrowser = {
    currentUrl: () => tab.address,
    navigate: (url) => void tab.navigations.push(url),
    reload: (path) => void tab.reloads.push(path),
    replaceUrl: (path) => {
      tab.replaced.push(path);
      tab.address = new URL(path, tab.address).href;
    },
  };
  return { tab, browser, fetch };
}

/** Lets pending promises (fetch bodies included) run; only the session's timers and clock are fake. */
const settle = async () => {
  // oidc-client-ts reads responses as streams: give them real time as well as turns.
  const start = performance.now();
  for (let i = 0; i < 20 || performance.now() - start < 50; i += 1)
    await new Promise((resolve) => setImmediate(resolve));
  await vi.advanceTimersByTimeAsync(0);
};

beforeEach(() => {
  vi.useFakeTimers({ now: START, toFake: ["setTimeout", "clearTimeout", "Date"] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setLang("vi");
});

/** Signs in through the fake hosted UI: the first page load starts, the second finishes. */
async function signedIn(
  options: { address?: string; lifetimeSeconds?: number; claims?: Record<string, unknown> } = {},
) {
  const fake = createFakeCognito({ now: Date.now, ...options });
  const storage = memoryStorage();
  const first = fakeBrowser(fake, options.address);
  const before = createSession({ login: vi.fn(), cognito: config, storage, browser: first.browser });
  await before.startHostedSignIn();
  const callback = fake.authorize(first.tab.navigations[0] as string);
  // Cognito sends the browser back: a new page load on the callback address.
  const second = fakeBrowser(fake, callback);
  const session = createSession({ login: vi.fn(), cognito: config, storage, browser: second.browser });
  return { fake, storage, first, second, session, callback };
}

describe("session, Cognito mode", () => {
  it("goes to the hosted UI, comes back with a code, and derives the user from the ID token", async () => {
    const { fake, storage, first, second, session } = await signedIn({
      address: "http://localhost:3000/?view=planning",
    });
    expect(first.tab.navigations[0]).toMatch(
      /^https:\/\/ioc-test\.auth\.ap-southeast-1\.amazoncognito\.com\/oauth2\/authorize\?/,
    );

    // Before the exchange finishes, the code is already out of the address bar.
    expect(second.tab.replaced).toEqual(["/"]);
    expect(session.busy()).toBe(true);
    expect(session.user()).toBeUndefined();
    await settle();

    expect(session.mode).toBe("cognito");
    expect(session.busy()).toBe(false);
    expect(session.user()).toEqual({
      subject: "3b7f0c2e-0000-4000-8000-000000000001",
      username: "Trần Thị Lan",
      role: "ops",
      provinces: ["45", "48"],
    });
    expect(JSON.parse(atob((session.token() as string).split(".")[1] as string))).toMatchObject({
      token_use: "id",
      aud: FAKE_POOL.clientId,
    });
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(storage.getItem(PENDING_KEY)).toBeNull();
    // The page was left on a planning link: it is loaded there again, now signed in.
    expect(second.tab.reloads).toEqual(["/?view=planning"]);

    // A reload of the tab restores the sign-in without asking Cognito again.
    const reloaded = createSession({ login: vi.fn(), cognito: config, storage, browser: fakeBrowser(fake).browser });
    expect(reloaded.user()?.role).toBe("ops");
    expect(reloaded.token()).toBe(session.token());
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it("refuses a callback whose state this tab did not send, and keeps nothing", async () => {
    const fake = createFakeCognito({ now: Date.now });
    const storage = memoryStorage();
    const first = fakeBrowser(fake);
    await createSession({ login: vi.fn(), cognito: config, storage, browser: first.browser }).startHostedSignIn();
    const callback = new URL(fake.authorize(first.tab.navigations[0] as string));
    callback.searchParams.set("state", "forged");
    const second = fakeBrowser(fake, callback.href);
    const session = createSession({ login: vi.fn(), cognito: config, storage, browser: second.browser });
    await settle();

    expect(session.user()).toBeUndefined();
    expect(session.token()).toBeUndefined();
    expect(session.problem()).toBe("state-mismatch");
    expect(second.fetch).not.toHaveBeenCalled();
    expect([...storage.items.keys()]).toEqual([]);
    expect(second.tab.replaced).toEqual(["/"]);
  });

  it("renews the ID token before it expires, so a token is always there to send", async () => {
    const { fake, session } = await signedIn({ lifetimeSeconds: 3600 });
    await settle();
    const first = session.token();
    const renewAt = START + 3600_000 - REFRESH_AHEAD_MS;

    await vi.advanceTimersByTimeAsync(renewAt - Date.now() - 1000);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(session.token()).toBe(first);

    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.tokenRequests()[1]?.form.grant_type).toBe("refresh_token");
    expect(session.token()).not.toBe(first);
    expect(session.token()).toBeDefined();

    // And again an hour later, on the renewed token's own schedule.
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(fake.tokenRequests()).toHaveLength(3);
    expect(session.user()?.role).toBe("ops");
  });

  it("retries a renewal that met no network, and ends the session when Cognito refuses it", async () => {
    const { fake, session, storage } = await signedIn({ lifetimeSeconds: 3600 });
    await settle();
    fake.setOffline(true);
    await vi.advanceTimersByTimeAsync(3600_000 - REFRESH_AHEAD_MS + 1000);
    expect(session.user()).toBeDefined();
    fake.setOffline(false);
    fake.revokeAll();
    await vi.advanceTimersByTimeAsync(31_000);
    expect(session.user()).toBeUndefined();
    expect(session.problem()).toBe("session-expired");
    expect([...storage.items.keys()]).toEqual([]);
  });

  it("renews a sign-in that expired while the tab slept, before showing the dashboard", async () => {
    const { fake, storage } = await signedIn({ lifetimeSeconds: 600 });
    await settle();
    // Timers did not run (a sleeping laptop); the tab is reloaded an hour later.
    vi.setSystemTime(START + 3600_000);
    const woken = createSession({ login: vi.fn(), cognito: config, storage, browser: fakeBrowser(fake).browser });
    expect(woken.user()).toBeUndefined();
    expect(woken.busy()).toBe(true);
    await settle();
    expect(woken.user()?.role).toBe("ops");
    expect(woken.busy()).toBe(false);
  });

  it("signs out here and at Cognito: revokes the refresh token, clears the tab, leaves once", async () => {
    const { fake, storage, second, session } = await signedIn();
    await settle();
    const refreshToken = JSON.parse(storage.getItem("ioc.cognito.session") ?? "{}").refreshToken;
    session.signOut();
    session.signOut();
    await settle();

    expect(session.user()).toBeUndefined();
    expect([...storage.items.keys()]).toEqual([]);
    expect(fake.requests.at(-1)).toMatchObject({
      url: `${FAKE_POOL.domain}/oauth2/revoke`,
      form: { token: refreshToken, client_id: FAKE_POOL.clientId },
    });
    expect(second.tab.navigations).toEqual([
      `${FAKE_POOL.domain}/logout?client_id=${FAKE_POOL.clientId}&logout_uri=${encodeURIComponent("http://localhost:3000/")}`,
    ]);
  });

  it("says why when the account has no dashboard role", async () => {
    const { session } = await signedIn({ claims: { "cognito:groups": ["staff"] } });
    await settle();
    expect(session.user()).toBeUndefined();
    expect(session.problem()).toBe("no-role");
  });
});

describe("session, local mode", () => {
  it("signs in with the local issuer's form and keeps the token in this tab", async () => {
    const storage = memoryStorage();
    const signIn: ApiSignIn = {
      token: "local.jwt",
      expiresAt: START + 60_000,
      user: { subject: "ops", username: "ops", role: "ops", provinces: ["99"] },
    };
    const login = vi.fn(async () => signIn);
    const session = createSession({ login, cognito: null, storage });
    expect(session.mode).toBe("local");
    await session.signIn("ops", "demo");
    expect(login).toHaveBeenCalledWith("ops", "demo");
    expect(session.token()).toBe("local.jwt");
    expect(JSON.parse(storage.getItem("ioc.session") ?? "{}").token).toBe("local.jwt");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.user()).toBeUndefined();
  });

  it("is the mode of a build without Cognito settings", () => {
    expect(createSession({ login: vi.fn(), storage: memoryStorage() }).mode).toBe("local");
  });
});

describe("SignIn screen", () => {
  const show = (session: Session) =>
    render(() => (
      <SessionProvider value={session}>
        <SignIn />
      </SessionProvider>
    ));

  it("offers one 'Đăng nhập' button to the hosted UI in Cognito mode, no password field", async () => {
    const fake = createFakeCognito({ now: Date.now });
    const { tab, browser } = fakeBrowser(fake);
    show(createSession({ login: vi.fn(), cognito: config, storage: memoryStorage(), browser }));
    expect(document.querySelector("input[type=password]")).toBeNull();
    const button = screen.getByTestId("hosted-sign-in");
    expect(button.textContent).toBe("Đăng nhập");
    fireEvent.click(button);
    // The challenge is hashed off the main thread; wait for the navigation itself.
    await vi.waitFor(() => expect(tab.navigations[0]).toContain("/oauth2/authorize?"));

    fireEvent.click(screen.getByText("English"));
    expect(screen.getByTestId("hosted-sign-in").textContent).toBe("Signing in…");
  });

  it("words a refused sign-in in Vietnamese first, English on the switch", async () => {
    const { session } = await signedIn({ claims: { "cognito:groups": ["staff"] } });
    await vi.waitFor(() => expect(session.busy()).toBe(false));
    show(session);
    expect(screen.getByTestId("sign-in-error").textContent).toBe(
      "Tài khoản chưa được gán vai trò hoặc tỉnh trên bảng điều khiển. Hãy liên hệ quản trị viên.",
    );
    fireEvent.click(screen.getByText("English"));
    expect(screen.getByTestId("sign-in-error").textContent).toBe(
      "This account has no dashboard role or province yet. Please contact your administrator.",
    );
  });

  it("keeps the username and password form in local mode", () => {
    show(createSession({ login: vi.fn(), cognito: null, storage: memoryStorage() }));
    expect(document.querySelector("input[name=username]")).not.toBeNull();
    expect(document.querySelector("input[type=password]")).not.toBeNull();
    expect(screen.queryByTestId("hosted-sign-in")).toBeNull();
  });
});
