/**
 * The dashboard's end of the live protocol: connects with the user's sign-in token, subscribes,
 * hands every event to the caller exactly once and in `seq` order, reconnects with jittered
 * exponential backoff, resumes from the last `seq` it delivered, asks for a snapshot when the
 * server says the gap cannot be replayed, notices a dead connection by its silence, and renews
 * its token when the server closes the socket because the token expired.
 */
import { type ClientMessage, LIVE_CLOSE, type LiveEvent, type ServerMessage } from "@ioc/core";

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

/** A live event as delivered: numbered within its province. */
export type SequencedEvent = LiveEvent & { seq: number };

/** Options of the live client. */
export interface LiveClientOptions {
  url: string;
  province: string;
  topics?: string[];
  /**
   * The sign-in token, or a getter asked before every (re)connection so a renewed token is used.
   * `renew` is true when the server closed the socket because the token expired: the getter
   * should then return a fresh token, not the cached one.
   */
  token?: string | ((request: { renew: boolean }) => string | Promise<string>);
  onEvent: (event: SequencedEvent) => void;
  /** The client missed too much: refetch the state, then keep listening. */
  onSnapshotRequired: () => void;
  onStateChange?: (state: ConnectionState) => void;
  /** The server refused something (e.g. `forbidden-province`); the connection stays open. */
  onError?: (error: { code: string; detail: string }) => void;
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles up to `maxBackoffMs`, each delay jittered to 50–100 %. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Interval of the client's pings; silence for twice this long means the connection is dead. */
  heartbeatMs?: number;
  random?: () => number;
  now?: () => number;
}

/** A live connection that keeps itself alive until closed. */
export interface LiveClient {
  readonly state: ConnectionState;
  /** The `seq` of the last event delivered (or of the snapshot point). */
  readonly lastSeq: number;
  close(): void;
}

const OPEN = 1;

/** `url` with `token` added as the `token` query parameter. */
export function withToken(url: string, token: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

/** Connects and keeps the connection alive. */
export function connectLive(options: LiveClientOptions): LiveClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  let state: ConnectionState = "connecting";
  /** Undefined until the first `subscribed`: nothing can be delivered before we know where we are. */
  let lastSeq: number | undefined;
  /** Events received ahead of a gap, held until the gap is filled: delivery stays in seq order. */
  const pending = new Map<number, SequencedEvent>();
  let resumeAskedAt: number | undefined;
  let attempt = 0;
  let closed = false;
  /** The server said our token expired: the next connection asks for a fresh one. */
  let tokenExpired = false;
  let socket: WebSocketLike | undefined;
  let lastHeard = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next);
  };
  const send = (message: ClientMessage) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  };
  const askResume = () => {
    if (lastSeq === undefined) return;
    resumeAskedAt = now();
    send({ type: "resume", after: lastSeq });
  };

  /** Delivers the held events that now follow on, and asks for what is still missing. */
  const flush = () => {
    if (lastSeq === undefined) return;
    for (const seq of pending.keys()) if (seq <= lastSeq) pending.delete(seq);
    for (let next = pending.get(lastSeq + 1); next; next = pending.get(lastSeq + 1)) {
      pending.delete(next.seq);
      lastSeq = next.seq;
      options.onEvent(next);
    }
    if (pending.size === 0) resumeAskedAt = undefined;
    // A gap on an open connection (a frame the server could not send) is filled by a resume.
    else if (resumeAskedAt === undefined) askResume();
  };

  const snapshotAt = (seq: number) => {
    lastSeq = seq;
    resumeAskedAt = undefined;
    options.onSnapshotRequired();
    flush();
  };

  const handle = (message: ServerMessage) => {
    switch (message.type) {
      case "subscribed":
        // Only a subscription proves the server serves us; a socket that opens then closes keeps backing off.
        attempt = 0;
        if (lastSeq === undefined) {
          lastSeq = message.seq;
          flush();
        } else if (message.seq < lastSeq) {
          // The server numbers afresh after a restart: what it could replay is not what we missed.
          snapshotAt(message.seq);
        } else if (message.seq > lastSeq) {
          // Live events after `message.seq` may arrive before the replay; `pending` holds them.
          askResume();
        }
        return;
      case "snapshot-required":
        snapshotAt(message.seq);
        return;
      case "latest":
      case "alert":
        // Duplicates (a replay overlapping live delivery) are dropped; the rest wait their turn.
        if (lastSeq !== undefined && message.seq <= lastSeq) return;
        pending.set(message.seq, message);
        flush();
        return;
      case "error":
        // The close that follows may carry no code of ours (API Gateway closes with its own).
        if (message.code === "token-expired") tokenExpired = true;
        options.onError?.({ code: message.code, detail: message.detail });
        return;
      default:
        return;
    }
  };

  const stopTimers = () => {
    if (heartbeat) clearInterval(heartbeat);
    if (watchdog) clearTimeout(watchdog);
    heartbeat = undefined;
    watchdog = undefined;
  };

  /** `immediately`: no backoff, for a renewal after an expired token (the server itself is fine). */
  const scheduleReconnect = (immediately = false) => {
    stopTimers();
    if (closed) return;
    setState("reconnecting");
    const delay = immediately ? 0 : Math.min(maxBackoff, backoff * 2 ** attempt) * (0.5 + random() / 2);
    attempt++;
    reconnectTimer = setTimeout(() => void open(), delay);
  };

  /** Gives up on a socket without waiting for its close (a dead link may take minutes to say so). */
  const abandon = (ws: WebSocketLike) => {
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = () => {};
    try {
      ws.close();
    } catch {
      // Already closing or never opened.
    }
    if (socket === ws) socket = undefined;
    scheduleReconnect();
  };

  // Re-armed lazily: one timer per silence window, not one per message.
  const armWatchdog = (ws: WebSocketLike) => {
    const silentFor = now() - lastHeard;
    const limit = 2 * heartbeatMs;
    if (silentFor >= limit) {
      abandon(ws);
      return;
    }
    watchdog = setTimeout(() => armWatchdog(ws), limit - silentFor);
  };

  const open = async () => {
    if (closed) return;
    let url = options.url;
    try {
      const renew = tokenExpired;
      tokenExpired = false;
      const token = typeof options.token === "function" ? await options.token({ renew }) : options.token;
      if (token) url = withToken(url, token);
    } catch {
      scheduleReconnect();
      return;
    }
    if (closed) return;
    const ws = createSocket(url);
    socket = ws;
    pending.clear();
    resumeAskedAt = undefined;
    lastHeard = now();
    // Also bounds the wait for the handshake, which a dropped network can leave hanging.
    armWatchdog(ws);
    ws.onopen = () => {
      lastHeard = now();
      setState("open");
      send({ type: "subscribe", province: options.province, ...(options.topics ? { topics: options.topics } : {}) });
      heartbeat = setInterval(() => {
        send({ type: "ping" });
        // A resume whose answer never came (a dropped frame) is asked again.
        if (resumeAskedAt !== undefined && now() - resumeAskedAt >= heartbeatMs) askResume();
      }, heartbeatMs);
    };
    ws.onmessage = (event) => {
      lastHeard = now();
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        // A malformed frame is dropped, the connection is kept.
        return;
      }
      handle(message);
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = undefined;
      if (closed) {
        setState("closed");
        return;
      }
      if ((event as { code?: unknown } | null)?.code === LIVE_CLOSE.tokenExpired) tokenExpired = true;
      // At once only after a subscription (attempt 0): a renewed token refused again backs off.
      scheduleReconnect(tokenExpired && attempt === 0);
    };
  };
  void open();

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
      stopTimers();
      socket?.close();
      setState("closed");
    },
  };
}
