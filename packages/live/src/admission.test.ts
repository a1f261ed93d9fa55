import type { Principal } from "@ioc/core";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { admit, TokenExpiredError, tokenExpiry } from "./admission.js";

const leader: Principal = { subject: "l", username: "leader", role: "leader", provinces: ["99"] };
const verifier = { verify: async () => leader };

async function tokenExpiringAt(seconds: number): Promise<string> {
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT({}).setProtectedHeader({ alg: "ES256" }).setExpirationTime(seconds).sign(privateKey);
}

describe("admitting a live connection", () => {
  it("keeps the verified token's exp, in milliseconds", async () => {
    const token = await tokenExpiringAt(2_000_000_000);
    expect(tokenExpiry(token)).toBe(2_000_000_000_000);
    expect(await admit(verifier, token, () => 1_999_999_999_000)).toEqual({
      principal: leader,
      expiresAt: 2_000_000_000_000,
    });
  });

  it("refuses a token past its exp that the verifier's clock tolerance let through", async () => {
    const token = await tokenExpiringAt(2_000_000_000);
    await expect(admit(verifier, token, () => 2_000_000_000_000)).rejects.toBeInstanceOf(TokenExpiredError);
  });

  it("admits without an expiry what is not a JWT (test verifiers), and passes the verifier's refusal on", async () => {
    expect(await admit(verifier, "leader-token", () => 0)).toEqual({ principal: leader });
    const refusing = { verify: async () => Promise.reject(new Error("refused")) };
    await expect(admit(refusing, "x", () => 0)).rejects.toThrow("refused");
  });
});
