/**
 * How a notification webhook is signed, so a bridge (Zalo OA, Telegram, Slack, Teams) can check
 * that a body came from this IOC: `X-IOC-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
 * with `X-IOC-Timestamp` (epoch ms) repeated inside the signed body as `sentAt`, so a replayed
 * old body is recognisable. The HMAC itself is injected (node:crypto in the adapters, Web Crypto
 * elsewhere): the core stays free of runtime modules and is shared with the dashboard.
 */

/** The header carrying the signature. */
export const SIGNATURE_HEADER = "x-ioc-signature";
/** The header carrying the send time (epoch ms), equal to the body's `sentAt`. */
export const TIMESTAMP_HEADER = "x-ioc-timestamp";
/** The header carrying alert id + state version: the same for a retry of one change. */
export const IDEMPOTENCY_HEADER = "x-ioc-idempotency-key";

/** HMAC-SHA256 of `data` under `secret`, as lower-case hex. */
export type HmacSha256Hex = (secret: string, data: string) => string;

/** The signature header's value for a raw body. */
export function signatureOf(body: string, secret: string, hmac: HmacSha256Hex): string {
  return `sha256=${hmac(secret, body)}`;
}

/** Why a webhook was refused by `verifyWebhook`. */
export type SignatureRefusal = "missing-signature" | "bad-signature" | "stale-timestamp" | "timestamp-mismatch";

/** Compares two strings in time that depends on their length only. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** Checks a received webhook: signature over the raw body, timestamp fresh and equal to the body's `sentAt`. */
export function verifyWebhook(input: {
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  secret: string;
  now: number;
  hmac: HmacSha256Hex;
  /** How old a body may be; 5 minutes by default. */
  toleranceMs?: number;
}): { ok: true } | { ok: false; reason: SignatureRefusal } {
  if (!input.signature || !input.timestamp) return { ok: false, reason: "missing-signature" };
  if (!constantTimeEqual(input.signature, signatureOf(input.body, input.secret, input.hmac)))
    return { ok: false, reason: "bad-signature" };
  const sent = Number(input.timestamp);
  if (!Number.isFinite(sent) || Math.abs(input.now - sent) > (input.toleranceMs ?? 300_000))
    return { ok: false, reason: "stale-timestamp" };
  let sentAt: unknown;
  try {
    sentAt = (JSON.parse(input.body) as { sentAt?: unknown }).sentAt;
  } catch {
    return { ok: false, reason: "timestamp-mismatch" };
  }
  return sentAt === sent ? { ok: true } : { ok: false, reason: "timestamp-mismatch" };
}
