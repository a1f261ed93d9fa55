import { DeliveryError, type NotificationChannels } from "@ioc/pipeline";
import { describe, expect, it, vi } from "vitest";
import { createWebhookSecretVault, withVaultedWebhookSecrets } from "./webhook-secrets.js";

describe("the webhook secret vault", () => {
  it("resolves secret:<name> from the vault and passes other secrets through", async () => {
    const load = vi.fn(async () => JSON.stringify({ zalo: "s3cret" }));
    const vault = createWebhookSecretVault({ load, clock: () => 0 });
    await expect(vault.resolve("secret:zalo")).resolves.toBe("s3cret");
    await expect(vault.resolve("kept-in-policy")).resolves.toBe("kept-in-policy");
    await expect(vault.resolve("secret:zalo")).resolves.toBe("s3cret");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("reads again after its time to live, and after a failed read", async () => {
    let now = 0;
    const load = vi
      .fn<() => Promise<string | undefined>>()
      .mockRejectedValueOnce(new Error("AccessDenied"))
      .mockResolvedValue(JSON.stringify({ zalo: "v2" }));
    const vault = createWebhookSecretVault({ load, clock: () => now, ttlMs: 1_000 });
    await expect(vault.resolve("secret:zalo")).rejects.toBeInstanceOf(DeliveryError);
    await expect(vault.resolve("secret:zalo")).resolves.toBe("v2");
    now = 2_000;
    await vault.resolve("secret:zalo");
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("fails the delivery (to be retried) when the name is not in the vault", async () => {
    const vault = createWebhookSecretVault({ load: async () => "{}", clock: () => 0 });
    await expect(vault.resolve("secret:teams")).rejects.toThrow(/no webhook secret named teams/);
  });

  it("signs webhooks with the resolved secret and leaves email alone", async () => {
    const channels: NotificationChannels = {
      webhook: vi.fn(async () => "webhook 200"),
      email: vi.fn(async () => "ok"),
    };
    const vaulted = withVaultedWebhookSecrets(
      channels,
      createWebhookSecretVault({ load: async () => JSON.stringify({ zalo: "real" }), clock: () => 0 }),
    );
    const signal = new AbortController().signal;
    await vaulted.webhook({ url: "https://x", secret: "secret:zalo", document: "{}", idempotencyKey: "k", signal });
    expect(channels.webhook).toHaveBeenCalledWith(expect.objectContaining({ secret: "real" }));
    await vaulted.email({ to: "a@b", subject: "s", text: "t", idempotencyKey: "k" });
    expect(channels.email).toHaveBeenCalledOnce();
  });
});
