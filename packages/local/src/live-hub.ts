/**
 * The local side of the live protocol: a WebSocket endpoint on the HTTP server's port, speaking
 * exactly what API Gateway's WebSocket API speaks on AWS. A connection needs a valid sign-in token
 * (`?token=`, checked on upgrade) and may subscribe only to provinces its user may read. Messages
 * are numbered per province (`seq`); the recent ones are kept so a reconnecting client can
 * `resume`, and a client whose gap cannot be replayed is told to refetch a snapshot.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type ClientMessage, can, LIVE_PATH, type LiveEvent, type Principal, type ServerMessage } from "@ioc/core";
import type { JwtVerifier } from "@ioc/identity";
import type { LivePublisher } from "@ioc/pipeline";
import { type WebSocket, WebSocketServer } from "ws";
import { ReplayBuffer } from "./replay-buffer.js";

/** Options of the hub. */
export interface LiveHubOptions {
  /** Verifies the sign-in token a connection presents. */
  verifier: Pick<JwtVerifier, "verify">;
  /** Messages kept per province for `resume`. */
  bufferSize?: number;
  /** How long a message stays available to `resume`; as long as on AWS (15 minutes). */
  bufferAgeMs?: number;
  /** Interval of WebSocket pings; a client that misses one is dropped. */
  heartbeatMs?: number;
  /** A client this far behind (bytes queued) is dropped; it reconnects and resumes. */
  maxBufferedBytes?: number;
  clock?: () => number;
  logger?: { warn(message: string, ...extra: unknown[]): void };
}

interface Client {
  socket: WebSocket;
  principal: Principal;
  province?: string;
  alive: boolean;
}

const DEFAULTS = {
  bufferSize: 10_000,
  bufferAgeMs: 15 * 60_000,
  heartbeatMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  clock: Date.now,
  logger: { warn() {} },
} satisfies Omit<LiveHubOptions, "verifier">;

/** The hub: attach it to an HTTP server, publish to it from the broadcaster. */
export class LiveHub implements LivePublisher {
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #clients = new Set<Client>();
  readonly #seq = new Map<string, number>();
  readonly #recent = new Map<string, ReplayBuffer>();
  readonly #options: Required<LiveHubOptions>;
  readonly #heartbeat: NodeJS.Timeout;
  #detach: (() => void) | undefined;

  constructor(options: LiveHubOptions) {
    this.#options = { ...DEFAULTS, ...options };
    this.#heartbeat = setInterval(() => this.#ping(), this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Serves the live protocol on `server` at `path`. */
  attach(server: Server, path = LIVE_PATH): void {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== path) {
        socket.destroy();
        return;
      }
      // The socket may fail while the token is checked; nothing is listening for that yet.
      socket.on("error", () => socket.destroy());
      void this.#authorize(url.searchParams.get("token") ?? undefined).then((principal) => {
        if (socket.destroyed) return;
        if (!principal) {
          refuse(socket, 401, "Unauthorized");
          return;
        }
        this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, principal));
      });
    };
    server.on("upgrade", onUpgrade);
    this.#detach = () => server.off("upgrade", onUpgrade);
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** The last `seq` given to a message of `province` (0 before the first). */
  currentSeq(province: string): number {
    return this.#seq.get(province) ?? 0;
  }

  async publish(province: string, event: LiveEvent): Promise<void> {
    const seq = this.currentSeq(province) + 1;
    this.#seq.set(province, seq);
    const frame = JSON.stringify({ ...event, seq } satisfies ServerMessage);
    this.#buffer(province).push(seq, frame);
    for (const client of this.#clients) {
      if (client.province !== province || client.socket.readyState !== client.socket.OPEN) continue;
      // A client that cannot keep up would hold ever more memory here; dropping it is safe because
      // it reconnects and resumes from the buffer (or refetches), so it misses nothing.
      if (client.socket.bufferedAmount > this.#options.maxBufferedBytes) {
        this.#options.logger.warn(`live: dropping a client ${client.socket.bufferedAmount} bytes behind`);
        this.#drop(client);
        continue;
      }
      client.socket.send(frame);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#detach?.();
    for (const client of this.#clients) client.socket.terminate();
    this.#clients.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #authorize(token: string | undefined): Promise<Principal | undefined> {
    try {
      return await this.#options.verifier.verify(token);
    } catch {
      // Why is for the server's logs at most; the client only learns 401.
      return undefined;
    }
  }

  #buffer(province: string): ReplayBuffer {
    let buffer = this.#recent.get(province);
    if (!buffer) {
      buffer = new ReplayBuffer({
        capacity: this.#options.bufferSize,
        maxAgeMs: this.#options.bufferAgeMs,
        clock: this.#options.clock,
      });
      this.#recent.set(province, buffer);
    }
    return buffer;
  }

  #accept(socket: WebSocket, principal: Principal): void {
    const client: Client = { socket, principal, alive: true };
    this.#clients.add(client);
    socket.on("pong", () => {
      client.alive = true;
    });
    socket.on("close", () => this.#clients.delete(client));
    socket.on("error", () => this.#drop(client));
    socket.on("message", (data) => {
      client.alive = true;
      this.#receive(client, String(data));
    });
  }

  #receive(client: Client, text: string): void {
    let message: ClientMessage;
    try {
      message = JSON.parse(text) as ClientMessage;
    } catch {
      this.#send(client, { type: "error", code: "malformed-json", detail: "messages are JSON objects" });
      return;
    }
    switch (message?.type) {
      case "subscribe": {
        if (typeof message.province !== "string" || !/^\d{2}$/.test(message.province)) {
          this.#send(client, { type: "error", code: "invalid-province", detail: "province must be a 2-digit code" });
          return;
        }
        if (!can(client.principal, "read", message.province)) {
          this.#send(client, {
            type: "error",
            code: "forbidden-province",
            detail: `this account may not watch province ${message.province}`,
          });
          return;
        }
        client.province = message.province;
        // Synchronous from here to the send: no message can be numbered in between, so the client
        // receives exactly the messages after `seq` from now on.
        this.#send(client, { type: "subscribed", province: message.province, seq: this.currentSeq(message.province) });
        return;
      }
      case "resume": {
        if (!client.province) {
          this.#send(client, { type: "error", code: "not-subscribed", detail: "subscribe before resume" });
          return;
        }
        this.#resume(client, client.province, Number(message.after));
        return;
      }
      case "ping":
        this.#send(client, { type: "pong" });
        return;
      default:
        this.#send(client, { type: "error", code: "unknown-message", detail: "expected subscribe, resume or ping" });
    }
  }

  #resume(client: Client, province: string, after: number): void {
    const current = this.currentSeq(province);
    // A seq ahead of ours comes from before a restart (numbering starts afresh): it names nothing
    // we can replay. A gap older than the buffer cannot be replayed either.
    const frames =
      Number.isInteger(after) && after >= 0 && after <= current
        ? this.#buffer(province).framesAfter(after, current)
        : undefined;
    if (!frames) {
      this.#send(client, { type: "snapshot-required", province, seq: current });
      return;
    }
    // Sent in one synchronous run: no live message can interleave, so the order is the seq order.
    for (const frame of frames) this.#sendFrame(client, frame);
  }

  #send(client: Client, message: ServerMessage): void {
    this.#sendFrame(client, JSON.stringify(message));
  }

  #sendFrame(client: Client, frame: string): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
  }

  #drop(client: Client): void {
    this.#clients.delete(client);
    client.socket.terminate();
  }

  #ping(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        this.#drop(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

/** Answers an upgrade request with a plain HTTP status, then closes the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n` +
      `WWW-Authenticate: Bearer realm="ioc-live"\r\n\r\n`,
  );
}
