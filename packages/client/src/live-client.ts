/**
 * The dashboard's end of the live protocol: connects, subscribes, reconnects with jittered
 * exponential backoff, resumes from the last `seq` it saw, asks for a snapshot when the server
 * says the gap is too old, and sends heartbeats so idle connections stay open.
 */
import type { ClientMessage, LiveEvent, ServerMessage } from "@ioc/core";

/** The subset of the WebSocket API the client uses (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((this: unknown, ev: unknown) => unknown) | null;
  onclose: ((this: unknown, ev: unknown) => unknown) | null;
  onerror: ((this: unknown, ev: unknown) => unknown) | null;
  onmessage: ((this: unknown, ev: { data: unknown }) => unknown) | null;
  send(data: string): void;
  close(): void;
}

/** What the dashboard shows as the connection state. */
export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

/** Options of the live client. */
export interface LiveClientOptions {
  url: string;
  province: string;
  topics?: string[];
  onEvent: (event: LiveEvent & { seq: number }) => void;
  /** The client missed too much: refetch the state, then keep listening. */
  onSnapshotRequired: () => void;
  onStateChange?: (state: ConnectionState) => void;
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  heartbeatMs?: number;
  random?: () => number;
}

/** A live connection that keeps itself alive until closed. */
export interface LiveClient {
  readonly state: ConnectionState;
  /** The last `seq` received. */
  readonly lastSeq: number;
  close(): void;
}

const OPEN = 1;

/** Connects and keeps the connection alive. */
export function connectLive(options: LiveClientOptions): LiveClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const random = options.random ?? Math.random;
  let state: ConnectionState = "connecting";
  let lastSeq: number | undefined;
  let attempt = 0;
  let closed = false;
  let socket: WebSocketLike | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next);
  };
  const send = (message: ClientMessage) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  };

  const handle = (message: ServerMessage) => {
    switch (message.type) {
      case "subscribed":
        if (lastSeq === undefined) lastSeq = message.seq;
        else if (message.seq !== lastSeq) send({ type: "resume", after: lastSeq });
        return;
      case "snapshot-required":
        lastSeq = message.seq;
        options.onSnapshotRequired();
        return;
      case "latest":
        // Drop what a resume replays twice; never go backwards.
        if (lastSeq !== undefined && message.seq <= lastSeq) return;
        lastSeq = message.seq;
        options.onEvent(message);
        return;
      default:
        return;
    }
  };

  const open = () => {
    if (closed) return;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState("open");
      send({ type: "subscribe", province: options.province, ...(options.topics ? { topics: options.topics } : {}) });
      heartbeat = setInterval(() => send({ type: "ping" }), options.heartbeatMs ?? 25_000);
    };
    ws.onmessage = (event) => {
      try {
        handle(JSON.parse(String(event.data)) as ServerMessage);
      } catch {
        // A malformed frame is dropped, the connection is kept.
      }
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (heartbeat) clearInterval(heartbeat);
      if (socket !== ws) return;
      if (closed) {
        setState("closed");
        return;
      }
      setState("reconnecting");
      const delay = Math.min(maxBackoff, backoff * 2 ** attempt) * (0.5 + random() / 2);
      attempt++;
      reconnectTimer = setTimeout(open, delay);
    };
  };
  open();

  return {
    get state() {
      return state;
    },
    get lastSeq() {
      return lastSeq ?? 0;
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (heartbeat) clearInterval(heartbeat);
      socket?.close();
      setState("closed");
    },
  };
}
