/**
 * The local side of the live protocol: a WebSocket endpoint on the HTTP server's port. What it
 * speaks is the one live session both runtimes share (`@ioc/live`: client messages, `seq`,
 * replay, frame limits, token expiry); this file only adapts `ws` and memory to its ports, as
 * `@ioc/aws` adapts API Gateway and DynamoDB. A connection needs a valid sign-in token (`?token=`,
 * checked on upgrade) and is closed with `LIVE_CLOSE.tokenExpired` when that token expires.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { LIVE_PATH, type LiveEvent, type Principal } from "@ioc/core";
import {
  type Admission,
  admit,
  createLivePublisher,
  createLiveSession,
  type LiveBroadcast,
  type LiveConnections,
  type LiveSession,
  type LiveTokenVerifier,
  type LiveTransport,
  MAX_MESSAGE_BYTES,
} from "@ioc/live";
import type { LivePublisher } from "@ioc/pipeline";
import { type WebSocket, WebSocketServer } from "ws";
import { createMemorySequenceLog, type MemorySequenceLog } from "./replay-buffer.js";

/** Options of the hub. */
export interface LiveHubOptions {
  /** Verifies the sign-in token a connection presents. */
  verifier: LiveTokenVerifier;
  /** Messages kept per province for `resume` (and so the most one `resume` replays). */
  bufferSize?: number;
  /** How long a message stays available to `resume`; as long as on AWS (15 minutes). */
  bufferAgeMs?: number;
  /** Interval of WebSocket pings; a client that misses one is dropped. */
  heartbeatMs?: number;
  /** A client this far behind (bytes queued) is dropped; it reconnects and resumes. */
  maxBufferedBytes?: number;
  /**
   * The largest message `ws` reads: API Gateway's message limit, so a larger one closes the
   * socket (1009) before it is buffered, as on AWS. Up to it, the session refuses anything over
   * the 32 KiB frame limit with an `error` message.
   */
  maxPayloadBytes?: number;
  clock?: () => number;
  logger?: { warn(message: string, ...extra: unknown[]): void; error?(message: string, ...extra: unknown[]): void };
}

interface Client {
  id: string;
  socket: WebSocket;
  principal: Principal;
  province?: string;
  expiresAt?: number;
  alive: boolean;
  /** Messages are answered one after the other, in the order they came. */
  inbox: Promise<void>;
  expiry?: NodeJS.Timeout;
}

const DEFAULTS = {
  bufferSize: 10_000,
  bufferAgeMs: 15 * 60_000,
  heartbeatMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxPayloadBytes: MAX_MESSAGE_BYTES,
  clock: Date.now,
  logger: { warn() {} },
} satisfies Omit<LiveHubOptions, "verifier">;

/** `setTimeout` takes at most 2³¹−1 ms (24.8 days); a later expiry is checked on each message. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The hub: attach it to an HTTP server, publish to it from the broadcaster. */
export class LiveHub implements LivePublisher {
  readonly #clients = new Map<string, Client>();
  readonly #options: Required<Omit<LiveHubOptions, "logger">> & Pick<Required<LiveHubOptions>, "logger">;
  readonly #server: WebSocketServer;
  readonly #log: MemorySequenceLog;
  readonly #session: LiveSession;
  readonly #publisher: LiveBroadcast;
  readonly #transport: LiveTransport;
  readonly #heartbeat: NodeJS.Timeout;
  #nextId = 0;
  #detach: (() => void) | undefined;

  constructor(options: LiveHubOptions) {
    this.#options = { ...DEFAULTS, ...options };
    const { clock, logger } = this.#options;
    this.#server = new WebSocketServer({ noServer: true, maxPayload: this.#options.maxPayloadBytes });
    this.#log = createMemorySequenceLog({
      capacity: this.#options.bufferSize,
      maxAgeMs: this.#options.bufferAgeMs,
      clock,
    });
    const clients = this.#clients;
    const connections: LiveConnections = {
      get: async (id) => clients.get(id),
      subscribe: async (id, province) => {
        const client = clients.get(id);
        if (client) client.province = province;
        return client !== undefined;
      },
      close: async (id) => {
        const client = clients.get(id);
        if (client) this.#forget(client);
      },
    };
    this.#transport = {
      send: async (id, frame) => {
        const socket = clients.get(id)?.socket;
        if (!socket || socket.readyState !== socket.OPEN) return "gone";
        socket.send(frame);
        return "sent";
      },
      close: async (id, code, reason) => clients.get(id)?.socket.close(code, reason),
    };
    // The whole buffer may be replayed: memory is the only cost here, and it is bounded already.
    this.#session = createLiveSession({ connections, log: this.#log, clock, replayLimit: this.#options.bufferSize });
    this.#publisher = createLivePublisher({
      log: this.#log,
      subscribers: async (province) => {
        const now = clock();
        const ids: string[] = [];
        for (const client of clients.values()) {
          if (client.province === province && !(client.expiresAt !== undefined && client.expiresAt <= now))
            ids.push(client.id);
        }
        return ids;
      },
      deliver: async (id, frame) => {
        const client = clients.get(id);
        if (!client || client.socket.readyState !== client.socket.OPEN) return;
        // A client that cannot keep up would hold ever more memory here; dropping it is safe
        // because it reconnects and resumes from the buffer (or refetches), so it misses nothing.
        if (client.socket.bufferedAmount > this.#options.maxBufferedBytes) {
          logger.warn(`live: dropping a client ${client.socket.bufferedAmount} bytes behind`);
          this.#drop(client);
          return;
        }
        client.socket.send(frame);
      },
      logger: { error: (message, extra) => (logger.error ?? logger.warn).call(logger, message, extra) },
    });
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
      void this.#authorize(url.searchParams.get("token") ?? undefined).then((admission) => {
        if (socket.destroyed) return;
        if (!admission) {
          refuse(socket, 401, "Unauthorized");
          return;
        }
        this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, admission));
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
    return this.#log.currentNow(province);
  }

  async publish(province: string, event: LiveEvent): Promise<void> {
    await this.#publisher.publish(province, event);
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#detach?.();
    for (const client of this.#clients.values()) this.#drop(client);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #authorize(token: string | undefined): Promise<Admission | undefined> {
    try {
      return await admit(this.#options.verifier, token, this.#options.clock);
    } catch {
      // Why is for the server's logs at most; the client only learns 401.
      return undefined;
    }
  }

  #accept(socket: WebSocket, { principal, expiresAt }: Admission): void {
    const id = String(++this.#nextId);
    const client: Client = { id, socket, principal, alive: true, inbox: Promise.resolve() };
    if (expiresAt !== undefined) {
      client.expiresAt = expiresAt;
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - this.#options.clock()));
      client.expiry = setTimeout(() => this.#enqueue(client, () => this.#session.expire(id, this.#transport)), delay);
      client.expiry.unref();
    }
    this.#clients.set(id, client);
    socket.on("pong", () => {
      client.alive = true;
    });
    socket.on("close", () => this.#forget(client));
    socket.on("error", () => {
      // A frame over `maxPayload` has `ws` close the socket with 1009 itself: let that finish.
      if (socket.readyState === socket.OPEN) this.#drop(client);
      else this.#forget(client);
    });
    socket.on("message", (data) => {
      client.alive = true;
      const text = String(data);
      this.#enqueue(client, () => this.#session.receive(id, text, this.#transport));
    });
  }

  #enqueue(client: Client, task: () => Promise<void>): void {
    client.inbox = client.inbox.then(task).catch((error: unknown) => {
      this.#options.logger.warn(`live: a message could not be answered: ${String(error)}`);
    });
  }

  /** Stops tracking a client whose socket is closing or closed. */
  #forget(client: Client): void {
    if (client.expiry) clearTimeout(client.expiry);
    this.#clients.delete(client.id);
  }

  #drop(client: Client): void {
    this.#forget(client);
    client.socket.terminate();
  }

  #ping(): void {
    for (const client of this.#clients.values()) {
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
