/**
 * The local stand-ins for a mail server and a chat bridge, so a newcomer sees a notification
 * arrive: a real SMTP receiver (smtp-server) and an HTTP webhook receiver that checks each
 * signature, both on localhost, and a page listing what they received (the port is printed at
 * `npm start`). Tests use the same receivers, with an answer they choose (fail five times, hold
 * a response), because they are the real thing: an SMTP dialogue and an HTTP POST.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from "@ioc/core";
import { hmacSha256Hex } from "@ioc/pipeline";
import { SMTPServer } from "smtp-server";

/** One email the SMTP receiver accepted. */
export interface ReceivedEmail {
  at: number;
  from: string;
  to: string[];
  subject: string;
  idempotencyKey?: string;
  messageId?: string;
  text: string;
}

/** One webhook POST the HTTP receiver answered. */
export interface ReceivedWebhook {
  at: number;
  path: string;
  status: number;
  signature: "valid" | string;
  idempotencyKey?: string;
  /** True when an earlier POST with the same idempotency key and path was answered 2xx. */
  duplicate: boolean;
  body: unknown;
}

/** Options of the inbox. */
export interface DevInboxOptions {
  /** 0 picks a free port. */
  smtpPort: number;
  httpPort: number;
  /** The webhook secret it verifies with; random when omitted. */
  secret?: string;
  clock?: () => number;
  /**
   * The status to answer a webhook with (default 200). Tests make a receiver fail or hold its
   * answer; a POST whose connection closes before the answer counts as not received.
   */
  answer?: (request: { path: string; idempotencyKey?: string; attempt: number }) => number | Promise<number>;
}

/** A running inbox. */
export interface DevInbox {
  /** The page listing what arrived. */
  url: string;
  /** Where a policy's webhook points (any path under it is accepted, so several hooks can share it). */
  webhookUrl: string;
  smtp: { host: string; port: number };
  secret: string;
  emails: ReceivedEmail[];
  webhooks: ReceivedWebhook[];
  /** Resolves once `count` webhooks have been answered 2xx (or rejects after `timeoutMs`). */
  waitForWebhooks(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` emails have arrived. */
  waitForEmails(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/** Splits a raw message into decoded headers and its text (quoted-printable or base64 decoded). */
export function parseMessage(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const bodyRaw = split < 0 ? "" : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeHeader(line.slice(colon + 1).trim()));
  }
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? Buffer.from(
          bodyRaw
            .replace(/=\r\n/g, "")
            .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8")
      : encoding === "base64"
        ? Buffer.from(bodyRaw.replace(/\s+/g, ""), "base64").toString("utf8")
        : bodyRaw;
  return { headers, text: text.trim() };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function page(inbox: { emails: ReceivedEmail[]; webhooks: ReceivedWebhook[] }): string {
  const time = (t: number) => new Date(t + 7 * 3_600_000).toISOString().slice(11, 19);
  const emails = [...inbox.emails]
    .reverse()
    .map(
      (e) =>
        `<tr><td>${time(e.at)}</td><td>${escapeHtml(e.to.join(", "))}</td><td>${escapeHtml(e.subject)}</td><td><code>${escapeHtml(e.idempotencyKey ?? "")}</code></td></tr>`,
    )
    .join("");
  const hooks = [...inbox.webhooks]
    .reverse()
    .map((w) => {
      const body = w.body as { title?: { vi?: string } } | undefined;
      return `<tr><td>${time(w.at)}</td><td>${escapeHtml(w.path)}</td><td>${w.status}${w.duplicate ? " (trùng / duplicate)" : ""}</td><td>${escapeHtml(w.signature)}</td><td>${escapeHtml(body?.title?.vi ?? "")}</td><td><code>${escapeHtml(w.idempotencyKey ?? "")}</code></td></tr>`;
    })
    .join("");
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Hộp thư thử nghiệm — IOC dev inbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}code{font-size:12px}</style></head>
<body><h1>Hộp thư thử nghiệm <small>(dev inbox)</small></h1>
<p>Thông báo cảnh báo mà IOC cục bộ gửi đi: thư điện tử qua máy chủ SMTP thử nghiệm và webhook có chữ ký. Trang tự làm mới mỗi 3 giây. <br><small>Notifications the local IOC sent: emails through the local SMTP receiver and signed webhooks. Refreshes every 3 s.</small></p>
<h2>Webhook (${inbox.webhooks.length})</h2><table><thead><tr><th>Giờ VN</th><th>Đường dẫn</th><th>Trả lời</th><th>Chữ ký</th><th>Tiêu đề</th><th>Khoá chống trùng</th></tr></thead><tbody>${hooks}</tbody></table>
<h2>Thư điện tử / Email (${inbox.emails.length})</h2><table><thead><tr><th>Giờ VN</th><th>Người nhận</th><th>Tiêu đề</th><th>Khoá chống trùng</th></tr></thead><tbody>${emails}</tbody></table></body></html>`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function waiter(list: { length: number }, count: () => number) {
  return (target: number, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (count() >= target) return resolve();
        if (Date.now() - started > timeoutMs)
          return reject(new Error(`waited ${timeoutMs} ms for ${target}, have ${count()} of ${list.length}`));
        setTimeout(check, 10);
      };
      check();
    });
}

/** Starts the SMTP and webhook receivers and their page on localhost. */
export async function startDevInbox(options: DevInboxOptions): Promise<DevInbox> {
  const clock = options.clock ?? Date.now;
  const secret = options.secret ?? randomBytes(24).toString("hex");
  const emails: ReceivedEmail[] = [];
  const webhooks: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const accepted = new Set<string>();

  const smtp = new SMTPServer({
    // A local receiver: no TLS to negotiate, no accounts, any sender.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    banner: "IOC dev inbox",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const { headers, text } = parseMessage(Buffer.concat(chunks).toString("latin1"));
        const idempotencyKey = headers.get("x-ioc-idempotency-key");
        const messageId = headers.get("message-id");
        emails.push({
          at: clock(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: headers.get("subject") ?? "",
          ...(idempotencyKey ? { idempotencyKey } : {}),
          ...(messageId ? { messageId } : {}),
          text,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page({ emails, webhooks }));
      return;
    }
    if (request.method === "GET" && path === "/received.json") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ emails, webhooks }));
      return;
    }
    if (request.method !== "POST" || !path.startsWith("/webhook")) {
      response.writeHead(404).end();
      return;
    }
    const raw = await readBody(request);
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const idempotencyKey = header(IDEMPOTENCY_HEADER);
    const verdict = verifyWebhook({
      body: raw,
      signature: header(SIGNATURE_HEADER),
      timestamp: header(TIMESTAMP_HEADER),
      secret,
      now: clock(),
      hmac: hmacSha256Hex,
      // Tests move the clock by hours; the signature is what this receiver proves.
      toleranceMs: Number.POSITIVE_INFINITY,
    });
    const id = `${path} ${idempotencyKey ?? ""}`;
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    let status = verdict.ok ? 200 : 401;
    if (verdict.ok && options.answer)
      status = await options.answer({ path, attempt, ...(idempotencyKey ? { idempotencyKey } : {}) });
    // A sender that gave up before the answer did not hear it: not received.
    if (request.socket.destroyed || response.destroyed) return;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const ok = status >= 200 && status < 300;
    webhooks.push({
      at: clock(),
      path,
      status,
      signature: verdict.ok ? "valid" : verdict.reason,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      duplicate: ok && accepted.has(id),
      body,
    });
    if (ok) accepted.add(id);
    response.writeHead(status, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.httpPort, "127.0.0.1", () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    url: `http://localhost:${httpPort}/`,
    webhookUrl: `http://127.0.0.1:${httpPort}/webhook`,
    smtp: { host: "127.0.0.1", port: smtpPort },
    secret,
    emails,
    webhooks,
    waitForWebhooks: waiter(webhooks, () => webhooks.filter((w) => w.status < 300).length),
    waitForEmails: waiter(emails, () => emails.length),
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
