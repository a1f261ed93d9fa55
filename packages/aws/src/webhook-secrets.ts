/**
 * Webhook secrets kept out of DynamoDB on AWS: a policy's webhook may say `secret:<name>` instead
 * of the secret itself, and the notifier looks `<name>` up in one Secrets Manager secret holding a
 * JSON object of names to secrets, read at most every few minutes (a rotation applies within that).
 */
import { DeliveryError, type NotificationChannels } from "@ioc/pipeline";

/** The prefix of a policy secret that names a vaulted secret instead of holding it. */
export const VAULTED_SECRET_PREFIX = "secret:";

/** Options of the vault. */
export interface WebhookSecretVaultOptions {
  /** Reads the secret's current JSON (Secrets Manager GetSecretValue on AWS). */
  load(): Promise<string | undefined>;
  clock: () => number;
  /** How long a read is reused (default 5 min). */
  ttlMs?: number;
}

/** The vault's view: the secret a policy's `secret` field stands for. */
export interface WebhookSecretVault {
  resolve(secret: string): Promise<string>;
}

/** Builds the vault; a value without the prefix is returned as it is (secrets kept in the policy). */
export function createWebhookSecretVault(options: WebhookSecretVaultOptions): WebhookSecretVault {
  const ttl = options.ttlMs ?? 300_000;
  let cached: { at: number; secrets: Promise<Record<string, unknown>> } | undefined;
  const secrets = () => {
    if (cached && options.clock() - cached.at < ttl) return cached.secrets;
    const loading = options.load().then((raw) => (raw ? (JSON.parse(raw) as Record<string, unknown>) : {}));
    cached = { at: options.clock(), secrets: loading };
    // A failed read is not remembered: the next send tries again.
    loading.catch(() => {
      cached = undefined;
    });
    return loading;
  };
  return {
    async resolve(secret) {
      if (!secret.startsWith(VAULTED_SECRET_PREFIX)) return secret;
      const name = secret.slice(VAULTED_SECRET_PREFIX.length);
      let value: unknown;
      try {
        value = (await secrets())[name];
      } catch (error) {
        throw new DeliveryError("the webhook secrets could not be read", { cause: error });
      }
      if (typeof value !== "string" || value === "") {
        throw new DeliveryError(`no webhook secret named ${name} in the deployment's secrets`);
      }
      return value;
    },
  };
}

/** The channels with each webhook's secret resolved through `vault` before signing. */
export function withVaultedWebhookSecrets(
  channels: NotificationChannels,
  vault: WebhookSecretVault,
): NotificationChannels {
  return {
    email: (input) => channels.email(input),
    webhook: async (input) => channels.webhook({ ...input, secret: await vault.resolve(input.secret) }),
  };
}
