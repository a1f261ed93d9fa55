/**
 * The channels the notifier sends through: a signed webhook (fetch, HMAC-SHA256 from node:crypto)
 * and email through a nodemailer transport — SMTP locally, Amazon SES on AWS, one port.
 */
import { createHmac } from "node:crypto";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureOf, TIMESTAMP_HEADER } from "@ioc/core";
import nodemailer from "nodemailer";
import { DeliveryError, type NotificationChannels } from "./notifier.js";

/** HMAC-SHA256 as hex, for `signatureOf`. */
export const hmacSha256Hex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");

/** Where email goes out. */
export type MailTransport = { kind: "smtp"; host: string; port: number } | { kind: "ses"; region?: string };

/** Options of the channels. */
export interface ChannelOptions {
  mail: MailTransport;
  /** The From address of notification emails. */
  from: string;
  clock: () => number;
  /** Longest wait for a webhook's answer. Default 10 s. */
  webhookTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** The webhook and email channels. */
export function createNotificationChannels(options: ChannelOptions): NotificationChannels {
  const doFetch = options.fetch ?? fetch;
  const transport =
    options.mail.kind === "smtp"
      ? // A local receiver without TLS: nothing to upgrade to.
        nodemailer.createTransport({ host: options.mail.host, port: options.mail.port, secure: false, ignoreTLS: true })
      : nodemailer.createTransport({
          SES: {
            sesClient: new SESv2Client(options.mail.region ? { region: options.mail.region } : {}),
            SendEmailCommand,
          },
        });
  return {
    async webhook({ url, secret, document, idempotencyKey, signal }) {
      const sentAt = options.clock();
      const body = JSON.stringify({ ...(JSON.parse(document) as object), sentAt });
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [SIGNATURE_HEADER]: signatureOf(body, secret, hmacSha256Hex),
            [TIMESTAMP_HEADER]: String(sentAt),
            [IDEMPOTENCY_HEADER]: idempotencyKey,
          },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(options.webhookTimeoutMs ?? 10_000)]),
        });
      } catch (error) {
        throw new DeliveryError(`webhook unreachable: ${(error as Error).message}`, { cause: error });
      }
      await response.body?.cancel();
      if (!response.ok) throw new DeliveryError(`webhook answered ${response.status}`);
      return `webhook ${response.status}`;
    },
    async email({ to, subject, text, idempotencyKey }) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to,
          subject,
          text,
          // The same Message-ID on every retry of one change, so a mailbox can drop a repeat.
          messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.@:-]/g, "_").replace("@", ".v")}/${to}@ioc.local>`,
          headers: { "X-IOC-Idempotency-Key": idempotencyKey },
        });
        return `email ${String(info.response ?? "sent").slice(0, 80)}`;
      } catch (error) {
        throw new DeliveryError(`email not accepted: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
