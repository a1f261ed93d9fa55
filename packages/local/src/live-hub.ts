/**
 * The local side of the live protocol: a WebSocket endpoint on the HTTP server's port. It numbers
 * messages per province (`seq`), keeps the recent ones so a reconnecting client can `resume`, and
 * tells a client whose gap is too old to refetch a snapshot.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type ClientMessage, LIVE_PATH, type LiveEvent, type ServerMessage } from "@ioc/core";
import type { LivePublisher } from "@ioc/pipeline";
import { type WebSocket, WebSocketServer } from "ws";

/** Options of the hub. */
export interface LiveHubOptions {
  /** Messages kept per province for `resume`. */
  bufferSize?: number;
  /** Interval of WebSocket pings; a client that misses one is dropped. */
  heartbeatMs?: number;
}

interface Client {
  socket: WebSocket;
  province?: string;
  alive: boolean;
}

/** The hub: attach it to an HTTP server, publish to it from the broadcaster. */
export class LiveHub implements LivePublisher {
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #clients = new Set<Client>();
  readonly #seq = new Map<string, number>();
  readonly #recent = new Map<string, ServerMessage[]>();
  readonly #bufferSize: number;
  readonly #heartbeat: NodeJS.Timeout;
  #detach: (() => void) | undefined;

  constructor(options: LiveHubOptions = {}) {
    this.#bufferSize = options.bufferSize ?? 10_000;
    this.#heartbeat = setInterval(() => this.#ping(), options.heartbeatMs ?? 30_000);
    this.#heartbeat.unref();
    this.#server.on("connection", (socket) => this.#accept(socket));
  }

  /** Serves the live protocol on `server` at `path`. */
  attach(server: Server, path = LIVE_PATH): void {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== path) {
        socket.destroy();
        return;
      }
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#server.emit("connection", ws, request));
    };
    server.on("upgrade", onUpgrade);
    this.#detach = () => server.off("upgrade", onUpgrade);
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  async publish(province: string, event: LiveEvent): Promise<void> {
    const seq = (this.#seq.get(province) ?? 0) + 1;
    this.#seq.set(province, seq);
    const message: ServerMessage = { ...event, seq };
    const recent = this.#recent.get(province) ?? [];
    recent.push(message);
    if (recent.length > this.#bufferSize) recent.splice(0, recent.length - this.#bufferSize);
    this.#recent.set(province, recent);
    const frame = JSON.stringify(message);
    for (const client of this.#clients) {
      if (client.province === province && client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#detach?.();
    for (const client of this.#clients) client.socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    const client: Client = { socket, alive: true };
    this.#clients.add(client);
    socket.on("pong", () => {
      client.alive = true;
    });
    socket.on("close", () => this.#clients.delete(client));
    socket.on("error", () => this.#clients.delete(client));
    socket.on("message", (data) => this.#receive(client, String(data)));
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
        client.province = message.province;
        this.#send(client, {
          type: "subscribed",
          province: message.province,
          seq: this.#seq.get(message.province) ?? 0,
        });
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
    const current = this.#seq.get(province) ?? 0;
    const recent = this.#recent.get(province) ?? [];
    const oldest = (recent[0] as { seq?: number } | undefined)?.seq ?? current + 1;
    if (!Number.isInteger(after) || after > current || after < oldest - 1) {
      this.#send(client, { type: "snapshot-required", province, seq: current });
      return;
    }
    for (const message of recent) {
      if ((message as { seq: number }).seq > after) this.#send(client, message);
    }
  }

  #send(client: Client, message: ServerMessage): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }

  #ping(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.#clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
