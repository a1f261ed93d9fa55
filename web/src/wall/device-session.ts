/**
 * The wall screen's session (issue 14 item 4): no person signs in. An admin's one-time enrolment
 * link (`?wall=1&enrol=<code>`) is traded once for a device secret, kept in this browser profile's
 * localStorage so the wall survives a restart of the browser or the machine; the secret is traded
 * for 5-minute read-only tokens, renewed a minute before they expire. A refused renewal (the
 * device was revoked) forgets the secret and the wall shows its enrolment screen again.
 */
import type { Principal } from "@ioc/core";
import { createSignal } from "solid-js";
import type { Session, SessionStorageLike } from "../session.js";

/** Where the device secret lives: the profile's localStorage, which outlives the browser process. */
export const DEVICE_STORAGE_KEY = "ioc.wall.device";
/** How long before expiry the token is renewed. */
export const RENEW_AHEAD_MS = 60_000;
/** How soon a renewal that failed for want of network is tried again. */
export const RENEW_RETRY_MS = 10_000;

interface DeviceToken {
  token: string;
  expiresAt: number;
  user: Principal;
}

/** Options of the device session; the browser's by default. */
export interface DeviceSessionOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  storage?: SessionStorageLike;
  now?: () => number;
}

/** Why the wall is not showing the dashboard. */
export type WallProblem = "code-refused" | "revoked" | "network";

/** A session for a wall device, with what the enrolment screen needs. */
export interface DeviceSession extends Session {
  /** Trades a one-time code (or a whole enrolment link) for the device secret. */
  enrol(codeOrLink: string): Promise<void>;
  /** Why the wall is on its enrolment screen, if it was sent back there. */
  wallProblem(): WallProblem | undefined;
}

/** True when this page load is a wall that enrols or has enrolled (`?wall=1` with a code or a stored secret). */
export function isDeviceWall(search: string, storage: SessionStorageLike | undefined): boolean {
  const q = new URLSearchParams(search);
  return q.get("wall") === "1" && (q.has("enrol") || Boolean(storage?.getItem(DEVICE_STORAGE_KEY)));
}

/** The code inside an enrolment link, or the text itself when it is a bare code. */
export function enrolmentCodeOf(text: string): string {
  const trimmed = text.trim();
  try {
    return new URL(trimmed).searchParams.get("enrol") ?? trimmed;
  } catch {
    return trimmed;
  }
}

/** Builds the wall's session and starts it: enrols from the address, or renews from the stored secret. */
export function createDeviceSession(options: DeviceSessionOptions = {}): DeviceSession {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const storage = options.storage ?? localStorage;
  const now = options.now ?? Date.now;
  const [current, setCurrent] = createSignal<DeviceToken>();
  const [problem, setProblem] = createSignal<WallProblem>();
  const [busy, setBusy] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renewing: Promise<void> | undefined;

  const post = async (path: string, body: unknown) => {
    const response = await doFetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return response;
  };
  const forget = (why: WallProblem) => {
    clearTimeout(timer);
    storage.removeItem(DEVICE_STORAGE_KEY);
    setCurrent(undefined);
    setProblem(why);
  };
  const schedule = (token: DeviceToken) => {
    clearTimeout(timer);
    const left = token.expiresAt - now();
    // A minute ahead; a token too short for that is renewed at half its life.
    const wait = left > 2 * RENEW_AHEAD_MS ? left - RENEW_AHEAD_MS : left / 2;
    timer = setTimeout(() => void renew(), Math.max(1_000, wait));
  };
  const accept = (token: DeviceToken) => {
    setProblem(undefined);
    setCurrent(token);
    schedule(token);
  };
  const renew = (): Promise<void> => {
    renewing ??= (async () => {
      setBusy(true);
      const secret = storage.getItem(DEVICE_STORAGE_KEY);
      if (!secret) return forget("revoked");
      try {
        const response = await post("/v1/devices/token", { secret });
        if (response.status === 401 || response.status === 400) return forget("revoked");
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        accept((await response.json()) as DeviceToken);
      } catch {
        // Offline or the server restarting: keep the wall as it is and try again soon.
        clearTimeout(timer);
        timer = setTimeout(() => void renew(), RENEW_RETRY_MS);
        if (!current()) setProblem("network");
      }
    })().finally(() => {
      renewing = undefined;
      setBusy(false);
    });
    return renewing;
  };
  const enrol = async (codeOrLink: string) => {
    const response = await post("/v1/devices/enrol", { code: enrolmentCodeOf(codeOrLink) });
    if (!response.ok) {
      setProblem(response.status === 401 || response.status === 400 ? "code-refused" : "network");
      throw new Error(`enrolment refused (HTTP ${response.status})`);
    }
    const body = (await response.json()) as DeviceToken & { secret: string };
    storage.setItem(DEVICE_STORAGE_KEY, body.secret);
    accept({ token: body.token, expiresAt: body.expiresAt, user: body.user });
  };

  // Start: a code in the address is used once and removed from it (and from the history entry).
  if (typeof location !== "undefined") {
    const url = new URL(location.href);
    const code = url.searchParams.get("enrol");
    if (code) {
      url.searchParams.delete("enrol");
      history.replaceState(history.state, "", url);
      void enrol(code).catch(() => {});
    } else if (storage.getItem(DEVICE_STORAGE_KEY)) void renew();
  }

  return {
    mode: "device",
    user: () => current()?.user,
    token: () => {
      const token = current();
      return token && token.expiresAt > now() ? token.token : undefined;
    },
    async signIn() {
      throw new Error("a wall device enrols; it does not sign in");
    },
    async startHostedSignIn() {
      throw new Error("a wall device enrols; it does not sign in");
    },
    busy,
    problem: () => undefined,
    // A refused request (the token expired early, or the server restarted with a new key): renew;
    // only a refused renewal sends the wall back to its enrolment screen.
    signOut: () => void renew(),
    enrol,
    wallProblem: problem,
  };
}
