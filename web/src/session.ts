/**
 * Who is signed in, in one of two modes chosen by the build:
 * - **local**: the local runtime's issuer (`npm start`): a username and password form, `api.login`.
 * - **cognito**: the deployed dashboard (the build carries `VITE_COGNITO_*`): Cognito's hosted UI
 *   with the authorization-code grant and PKCE (cognito.ts); the ID token is renewed with the
 *   refresh token before it expires, and signing out also ends the hosted UI's session.
 *
 * Tokens live in sessionStorage: they survive a reload but not the closing of the tab, and no
 * other tab or later visitor of a shared control-room screen inherits them. The session ends when
 * the token expires (and, with Cognito, cannot be renewed) or when the API refuses it.
 */
import type { SignIn } from "@ioc/client";
import type { Principal } from "@ioc/core";
import { createContext, createSignal, useContext } from "solid-js";
import {
  beginSignIn,
  type CognitoConfig,
  type CognitoDeps,
  CognitoError,
  type CognitoErrorCode,
  type CognitoSignIn,
  callbackParams,
  cognitoConfigFromEnv,
  completeSignIn,
  logoutUrl,
  PENDING_KEY,
  refreshSignIn,
  revokeRefreshToken,
  withoutCallbackParams,
} from "./cognito.js";

const STORAGE_KEY = "ioc.session";
const COGNITO_STORAGE_KEY = "ioc.cognito.session";
// setTimeout's ceiling; a longer-lived token is simply checked again later.
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long before the ID token expires the session renews it (at most half its lifetime). */
export const REFRESH_AHEAD_MS = 5 * 60_000;
/** How soon a renewal that failed for want of network is tried again. */
export const REFRESH_RETRY_MS = 30_000;

/** The part of the Storage API the session uses. */
export type SessionStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The browser effects of the Cognito mode; tests replace them. */
export interface SessionBrowser {
  /** The page's address (`location.href`). */
  currentUrl: () => string;
  /** Leaves for another page (`location.assign`): the hosted UI. */
  navigate: (url: string) => void;
  /** Loads a page of this site in place of the current one (`location.replace`). */
  reload: (path: string) => void;
  /** Rewrites the address bar without loading (`history.replaceState`). */
  replaceUrl: (path: string) => void;
}

/** Options of the session store. */
export interface SessionOptions {
  /** Signs in; `api.login` in the dashboard (local mode). */
  login: (username: string, password: string) => Promise<SignIn>;
  /**
   * The hosted UI to sign in with. By default the build's `VITE_COGNITO_*` settings, which only
   * the AWS build carries; `null` forces the local mode.
   */
  cognito?: CognitoConfig | null;
  storage?: SessionStorageLike;
  now?: () => number;
  browser?: Partial<SessionBrowser>;
}

/** Why the sign-in screen shows an error (Cognito mode). */
export type SessionProblem = CognitoErrorCode | "session-expired";

/** The session store. */
export interface Session {
  /** Which sign-in the dashboard offers: the local issuer's form or Cognito's hosted UI. */
  readonly mode: "local" | "cognito" | "device";
  /** The signed-in user, or undefined. */
  user(): Principal | undefined;
  /** The token to send, while it is valid. */
  token(): string | undefined;
  /** Signs in; rejects with the API's problem (e.g. `invalid-credentials`). Local mode only. */
  signIn(username: string, password: string): Promise<void>;
  /** Leaves for the hosted UI to sign in. Cognito mode only. */
  startHostedSignIn(): Promise<void>;
  /** True while a sign-in is being finished or renewed (Cognito mode). */
  busy(): boolean;
  /** Why the last sign-in failed (Cognito mode). */
  problem(): SessionProblem | undefined;
  /** Ends the session (with Cognito, there too). */
  signOut(): void;
}

function restore(storage: SessionStorageLike | undefined, now: number): SignIn | undefined {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? "null") as SignIn | null;
    if (saved && typeof saved.token === "string" && saved.expiresAt > now && saved.user?.role) return saved;
  } catch {
    // A damaged entry is as good as none.
  }
  storage?.removeItem(STORAGE_KEY);
  return undefined;
}

function browserDefaults(): SessionBrowser {
  return {
    currentUrl: () => location.href,
    navigate: (url) => location.assign(url),
    reload: (path) => location.replace(path),
    replaceUrl: (path) => history.replaceState(history.state, "", path),
  };
}

function defaultCognito(): CognitoConfig | undefined {
  if (typeof location === "undefined") return undefined;
  return cognitoConfigFromEnv(
    {
      VITE_COGNITO_DOMAIN: import.meta.env.VITE_COGNITO_DOMAIN,
      VITE_COGNITO_CLIENT_ID: import.meta.env.VITE_COGNITO_CLIENT_ID,
      VITE_COGNITO_REGION: import.meta.env.VITE_COGNITO_REGION,
      VITE_COGNITO_USER_POOL_ID: import.meta.env.VITE_COGNITO_USER_POOL_ID,
    },
    location.origin,
  );
}

/** Builds the session store, restoring a sign-in this tab already made (or finishing one). */
export function createSession(options: SessionOptions): Session {
  const storage = options.storage ?? (typeof sessionStorage === "undefined" ? undefined : sessionStorage);
  const now = options.now ?? Date.now;
  const cognito = options.cognito === undefined ? defaultCognito() : (options.cognito ?? undefined);
  if (cognito && storage) {
    return createCognitoSession(cognito, { storage, now, browser: { ...browserDefaults(), ...options.browser } });
  }
  const [current, setCurrent] = createSignal<SignIn | undefined>(restore(storage, now()));
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const signOut = () => {
    clearTimeout(expiryTimer);
    storage?.removeItem(STORAGE_KEY);
    setCurrent(undefined);
  };
  const watchExpiry = (signIn: SignIn) => {
    clearTimeout(expiryTimer);
    const left = signIn.expiresAt - now();
    expiryTimer = setTimeout(
      () => (left > MAX_TIMER_MS ? watchExpiry(signIn) : signOut()),
      Math.min(left, MAX_TIMER_MS),
    );
  };
  const restored = current();
  if (restored) watchExpiry(restored);

  return {
    mode: "local",
    user: () => current()?.user,
    token: () => {
      const signIn = current();
      return signIn && signIn.expiresAt > now() ? signIn.token : undefined;
    },
    async signIn(username, password) {
      const signIn = await options.login(username, password);
      storage?.setItem(STORAGE_KEY, JSON.stringify(signIn));
      setCurrent(signIn);
      watchExpiry(signIn);
    },
    async startHostedSignIn() {
      throw new Error("the local runtime signs in with a username and password");
    },
    busy: () => false,
    problem: () => undefined,
    signOut,
  };
}

interface CognitoSessionDeps {
  storage: SessionStorageLike;
  now: () => number;
  browser: SessionBrowser;
}

function restoreCognito(storage: SessionStorageLike): CognitoSignIn | undefined {
  try {
    const saved = JSON.parse(storage.getItem(COGNITO_STORAGE_KEY) ?? "null") as CognitoSignIn | null;
    if (
      saved &&
      typeof saved.token === "string" &&
      typeof saved.refreshToken === "string" &&
      typeof saved.expiresAt === "number" &&
      saved.user?.role
    ) {
      return saved;
    }
  } catch {
    // A damaged entry is as good as none.
  }
  storage.removeItem(COGNITO_STORAGE_KEY);
  return undefined;
}

/** The Cognito mode of `createSession`: same interface, hosted UI behind it. */
function createCognitoSession(config: CognitoConfig, deps: CognitoSessionDeps): Session {
  const { storage, now, browser } = deps;
  const flow: CognitoDeps = { storage, now };
  const [current, setCurrent] = createSignal<CognitoSignIn | undefined>();
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<SessionProblem>();
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let leaving = false;

  const keep = (signIn: CognitoSignIn) => {
    storage.setItem(COGNITO_STORAGE_KEY, JSON.stringify(signIn));
    setCurrent(signIn);
    setProblem(undefined);
    scheduleRenewal(signIn);
  };
  const forget = () => {
    clearTimeout(renewTimer);
    storage.removeItem(COGNITO_STORAGE_KEY);
    setCurrent(undefined);
  };
  const scheduleRenewal = (signIn: CognitoSignIn, delay?: number) => {
    clearTimeout(renewTimer);
    const ahead = Math.min(REFRESH_AHEAD_MS, (signIn.expiresAt - signIn.obtainedAt) / 2);
    const wait = delay ?? Math.max(0, signIn.expiresAt - ahead - now());
    renewTimer = setTimeout(
      () => (wait > MAX_TIMER_MS ? scheduleRenewal(signIn) : void renew(signIn)),
      Math.min(wait, MAX_TIMER_MS),
    );
  };
  const renew = async (signIn: CognitoSignIn) => {
    try {
      const renewed = await refreshSignIn(config, signIn, flow);
      if (!leaving) keep(renewed);
    } catch (error) {
      if (current() !== signIn && current() !== undefined) return;
      // Offline for a moment: try again while the token still holds; otherwise the session is over.
      if (error instanceof CognitoError && error.code === "network" && signIn.expiresAt > now()) {
        scheduleRenewal(signIn, REFRESH_RETRY_MS);
        return;
      }
      forget();
      setProblem(error instanceof CognitoError && error.code === "no-role" ? "no-role" : "session-expired");
    } finally {
      setBusy(false);
    }
  };

  // Coming back from the hosted UI: take the code out of the address bar at once (it must not
  // linger in history or be shared), then exchange it.
  const params = callbackParams(browser.currentUrl(), config);
  if (params) {
    const landing = withoutCallbackParams(browser.currentUrl());
    browser.replaceUrl(landing);
    setBusy(true);
    completeSignIn(config, params, flow)
      .then(({ signIn, returnTo }) => {
        keep(signIn);
        // The page was built for the bare callback address; one that was left elsewhere (a
        // planning link, the wall) is loaded again where it was, now signed in.
        if (returnTo !== landing) browser.reload(returnTo);
      })
      .catch((error: unknown) => {
        forget();
        setProblem(error instanceof CognitoError ? error.code : "network");
      })
      .finally(() => setBusy(false));
  } else {
    const restored = restoreCognito(storage);
    if (restored && restored.expiresAt > now()) {
      setCurrent(restored);
      scheduleRenewal(restored);
    } else if (restored) {
      // Expired while the tab slept: renew if the refresh token still holds, before showing anything.
      setBusy(true);
      void renew(restored);
    }
  }

  return {
    mode: "cognito",
    user: () => current()?.user,
    token: () => {
      const signIn = current();
      return signIn && signIn.expiresAt > now() ? signIn.token : undefined;
    },
    async signIn() {
      throw new Error("the deployed dashboard signs in through Cognito's hosted UI");
    },
    async startHostedSignIn() {
      setProblem(undefined);
      setBusy(true);
      try {
        const url = new URL(browser.currentUrl());
        browser.navigate(await beginSignIn(config, flow, `${url.pathname}${url.search}${url.hash}`));
      } catch (error) {
        setBusy(false);
        throw error;
      }
    },
    busy,
    problem,
    // Ends the session here and at Cognito: revokes the refresh token, then the hosted UI's sign-out.
    signOut() {
      const refreshToken = current()?.refreshToken;
      forget();
      storage.removeItem(PENDING_KEY);
      // Several refused requests may call this at once; leave only once.
      if (leaving) return;
      leaving = true;
      // The revocation is finished before the page leaves: leaving would cancel it.
      const revoked = refreshToken ? revokeRefreshToken(config, refreshToken, flow) : Promise.resolve();
      void revoked.then(() => browser.navigate(logoutUrl(config)));
    },
  };
}

const SessionContext = createContext<Session>();
/** Provides the session to the component tree. */
export const SessionProvider = SessionContext.Provider;

/** The session from context. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() outside <SessionProvider>");
  return session;
}
