/**
 * Who is signed in. The token lives in sessionStorage: it survives a reload but not the closing
 * of the tab, and no other tab or later visitor of a shared control-room screen inherits it.
 * The session ends when the token expires or when the API refuses it.
 */
import type { SignIn } from "@ioc/client";
import type { Principal } from "@ioc/core";
import { createContext, createSignal, useContext } from "solid-js";

const STORAGE_KEY = "ioc.session";
// setTimeout's ceiling; a longer-lived token is simply checked again later.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The part of the Storage API the session uses. */
export type SessionStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Options of the session store. */
export interface SessionOptions {
  /** Signs in; `api.login` in the dashboard. */
  login: (username: string, password: string) => Promise<SignIn>;
  storage?: SessionStorageLike;
  now?: () => number;
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

/** Builds the session store, restoring a sign-in this tab already made. */
export function createSession(options: SessionOptions) {
  const storage = options.storage ?? (typeof sessionStorage === "undefined" ? undefined : sessionStorage);
  const now = options.now ?? Date.now;
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
    /** The signed-in user, or undefined. */
    user: (): Principal | undefined => current()?.user,
    /** The token to send, while it is valid. */
    token: (): string | undefined => {
      const signIn = current();
      return signIn && signIn.expiresAt > now() ? signIn.token : undefined;
    },
    /** Signs in; rejects with the API's problem (e.g. `invalid-credentials`). */
    async signIn(username: string, password: string): Promise<void> {
      const signIn = await options.login(username, password);
      storage?.setItem(STORAGE_KEY, JSON.stringify(signIn));
      setCurrent(signIn);
      watchExpiry(signIn);
    },
    signOut,
  };
}

/** The session store's type. */
export type Session = ReturnType<typeof createSession>;

const SessionContext = createContext<Session>();
/** Provides the session to the component tree. */
export const SessionProvider = SessionContext.Provider;

/** The session from context. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() outside <SessionProvider>");
  return session;
}
