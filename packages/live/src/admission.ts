/**
 * Admitting a live connection: the sign-in token is verified by the runtime's verifier (the very
 * one its HTTP API uses), and its `exp` is kept so the session can close the socket when the token
 * runs out — a socket must not outlive the sign-in that opened it.
 */
import type { Principal } from "@ioc/core";
import { decodeJwt } from "jose";

/** Turns a token into a principal, or throws (the runtime's JWT verifier). */
export interface LiveTokenVerifier {
  verify(token: string | undefined): Promise<Principal>;
}

/** Who is connected, and until when their token holds. */
export interface Admission {
  principal: Principal;
  /** Epoch milliseconds of the token's `exp`; absent for a token without one (test verifiers). */
  expiresAt?: number;
}

/** A token that verified but whose `exp` has already passed on our clock. */
export class TokenExpiredError extends Error {
  readonly code = "token-expired";
  constructor(readonly expiresAt: number) {
    super("the sign-in token has expired");
    this.name = "TokenExpiredError";
  }
}

/** The `exp` of a token the verifier accepted, in epoch milliseconds; undefined when it has none. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    // Not a JWT: only test verifiers accept such tokens, and they carry no expiry.
    return undefined;
  }
}

/**
 * Verifies `token` and reads its expiry. Throws what the verifier throws, or a `TokenExpiredError`
 * for a token inside the verifier's clock tolerance but past its `exp`: it would be closed at once.
 */
export async function admit(
  verifier: LiveTokenVerifier,
  token: string | undefined,
  clock: () => number,
): Promise<Admission> {
  const principal = await verifier.verify(token);
  const expiresAt = token ? tokenExpiry(token) : undefined;
  if (expiresAt === undefined) return { principal };
  if (expiresAt <= clock()) throw new TokenExpiredError(expiresAt);
  return { principal, expiresAt };
}
