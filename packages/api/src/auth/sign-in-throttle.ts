/**
 * Sign-in throttling for the built-in issuer: failed sign-ins are counted per user and per client
 * address in a sliding window, and once either count reaches its limit every attempt — even with
 * the right password — is refused with 429 and `Retry-After` until the window has moved past
 * enough failures. Refused attempts are not counted, so a lockout ends when the window says.
 * In memory per process: the issuer exists only in the local runtime (Cognito throttles on AWS).
 */

/** Limits of the throttle. */
export interface SignInThrottleOptions {
  clock: () => number;
  /** Failures per user within the window before that user is refused (default 5). */
  perUser?: number;
  /** Failures per address within the window before that address is refused (default 20). */
  perAddress?: number;
  /** The window, in milliseconds (default 15 minutes). */
  windowMs?: number;
  /** Most keys remembered; the oldest are forgotten beyond it, so memory stays bounded. */
  maxKeys?: number;
}

/** The throttle's answer for one attempt: allowed, or refused for this many seconds. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A sign-in throttle: ask `check` before verifying a password, `fail` or `succeed` after. */
export interface SignInThrottle {
  check(username: string, address: string): ThrottleVerdict;
  fail(username: string, address: string): void;
  succeed(username: string): void;
}

/** Creates a throttle with the given limits (5 per user, 20 per address, per 15 minutes). */
export function createSignInThrottle(options: SignInThrottleOptions): SignInThrottle {
  const { clock, perUser = 5, perAddress = 20, windowMs = 15 * 60_000, maxKeys = 10_000 } = options;
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const list = (failures.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  // Milliseconds until fewer than `limit` failures remain in the window; 0 when already fewer.
  const waitMs = (list: number[], limit: number, now: number): number =>
    list.length < limit ? 0 : (list[list.length - limit] as number) + windowMs - now;

  return {
    check(username, address) {
      const now = clock();
      const wait = Math.max(
        waitMs(recent(`u:${username}`, now), perUser, now),
        waitMs(recent(`a:${address}`, now), perAddress, now),
      );
      return wait <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    fail(username, address) {
      const now = clock();
      for (const key of [`u:${username}`, `a:${address}`]) {
        const list = recent(key, now);
        list.push(now);
        failures.delete(key); // Re-inserted last: Map order is then least recently failed first.
        failures.set(key, list);
      }
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
    },
    succeed(username) {
      failures.delete(`u:${username}`);
    },
  };
}
