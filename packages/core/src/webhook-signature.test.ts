import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureOf, verifyWebhook } from "./webhook-signature.js";

const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");
const NOW = 1_764_000_000_000;
const body = JSON.stringify({ type: "ioc.alert", sentAt: NOW });

describe("webhook signature", () => {
  it("is sha256= and the hex HMAC-SHA256 of the raw body", () => {
    expect(signatureOf("abc", "key", hmac)).toBe(`sha256=${hmac("key", "abc")}`);
    // RFC 4231 test case 2.
    expect(signatureOf("what do ya want for nothing?", "Jefe", hmac)).toBe(
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("verifies a fresh, intact body and refuses the rest", () => {
    const signature = signatureOf(body, "s3cret", hmac);
    const base = { body, signature, timestamp: String(NOW), secret: "s3cret", now: NOW, hmac };
    expect(verifyWebhook(base)).toEqual({ ok: true });
    expect(verifyWebhook({ ...base, secret: "other" })).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyWebhook({ ...base, body: `${body} ` })).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyWebhook({ ...base, signature: undefined })).toEqual({ ok: false, reason: "missing-signature" });
    expect(verifyWebhook({ ...base, now: NOW + 600_000 })).toEqual({ ok: false, reason: "stale-timestamp" });
    expect(verifyWebhook({ ...base, timestamp: String(NOW + 1) })).toEqual({
      ok: false,
      reason: "timestamp-mismatch",
    });
  });
});
