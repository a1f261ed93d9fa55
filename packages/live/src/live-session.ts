/**
 * The live protocol's server side, once for both runtimes and free of any transport. The session
 * answers what a client sends (subscribe, resume, ping), closes a connection whose token has
 * expired, and the publisher numbers outgoing messages per province, keeps them for `resume` and
 * hands them to the runtime for delivery. A runtime supplies the ports: where connections and the
 * sequence live (DynamoDB on AWS, memory locally) and how a frame reaches a socket (the API
 * Gateway Management API on AWS, `ws` locally).
 */
import { can, type LiveEvent, type Principal, type ServerMessage } from "@ioc/core";
import { parseClientMessage, protocolError } from "./client-messages.js";
import { frameBytes, LIVE_CLOSE, MAX_FRAME_BYTES } from "./frames.js";

/** What the session knows about one connection. */
export interface LiveConnection {
  principal: Principal;
  /** The province subscribed to, once the client has sent `subscribe`. */
  province?: string;
  /** When the connection's sign-in token expires (epoch ms); never when absent. */
  expiresAt?: number;
}

/** Where a runtime keeps its connections. */
export interface LiveConnections {
  get(connectionId: string): Promise<LiveConnection | undefined>;
  /** Subscribes the connection to one province (replacing any earlier one); false when it is gone. */
  subscribe(connectionId: string, province: string): Promise<boolean>;
  /** Forgets a connection; a no-op for an unknown one. */
  close(connectionId: string): Promise<void>;
}

/** A sent message as kept for `resume`. */
export interface KeptFrame {
  seq: number;
  frame: string;
}

/** Each province's `seq` and its recent frames. */
export interface SequenceLog {
  /** The last `seq` given in a province; 0 before the first. */
  current(province: string): Promise<number>;
  /** Takes the next `seq` of a province, renders the frame with it and keeps it for `resume`. */
  append(province: string, render: (seq: number) => string): Promise<KeptFrame>;
  /** Up to `limit` kept frames numbered after `after`, in order (fewer when some are gone). */
  framesAfter(province: string, after: number, limit: number): Promise<KeptFrame[]>;
}

/** How frames reach one connection. */
export interface LiveTransport {
  /** Sends one frame; `"gone"` when the connection no longer exists. */
  send(connectionId: string, frame: string): Promise<"sent" | "gone">;
  /** Closes from the server's side; `code` travels where the transport can carry one. */
  close(connectionId: string, code: number, reason: string): Promise<void>;
}

/** What the session needs. */
export interface LiveSessionDeps {
  connections: LiveConnections;
  log: Pick<SequenceLog, "current" | "framesAfter">;
  clock: () => number;
  /** How many missed messages `resume` replays; past that the client refetches a snapshot. */
  replayLimit?: number;
  /** The largest client frame read; API Gateway's frame limit by default. */
  maxClientFrameBytes?: number;
}

/** How many missed messages `resume` replays by default. */
export const REPLAY_LIMIT = 100;

/** The session: one call per client frame, one per expiry. */
export interface LiveSession {
  /** Answers one frame a client sent. Never throws for anything the client sent. */
  receive(connectionId: string, text: string | undefined, transport: LiveTransport): Promise<void>;
  /** Tells the client its token expired, closes the socket with `LIVE_CLOSE.tokenExpired`, forgets it. */
  expire(connectionId: string, transport: LiveTransport): Promise<void>;
}

const TOKEN_EXPIRED = protocolError("token-expired", "the sign-in token has expired; renew it and reconnect");

/** Builds the session. */
export function createLiveSession(deps: LiveSessionDeps): LiveSession {
  const replayLimit = deps.replayLimit ?? REPLAY_LIMIT;
  const maxBytes = deps.maxClientFrameBytes ?? MAX_FRAME_BYTES;

  const expire = async (connectionId: string, transport: LiveTransport) => {
    await transport.send(connectionId, JSON.stringify(TOKEN_EXPIRED));
    await transport.close(connectionId, LIVE_CLOSE.tokenExpired, "token expired");
    await deps.connections.close(connectionId);
  };

  const receive = async (connectionId: string, text: string | undefined, transport: LiveTransport) => {
    let gone = false;
    const send = async (message: ServerMessage | string) => {
      if (gone) return;
      const frame = typeof message === "string" ? message : JSON.stringify(message);
      if ((await transport.send(connectionId, frame)) === "gone") gone = true;
    };

    const message = parseClientMessage(text, maxBytes);
    const connection = await deps.connections.get(connectionId);
    // Checked on every message, even a bad one: on AWS nothing else runs while a socket is idle.
    if (connection?.expiresAt !== undefined && connection.expiresAt <= deps.clock()) {
      await expire(connectionId, transport);
      return;
    }
    switch (message.type) {
      case "error":
        await send(message);
        break;
      case "ping":
        await send({ type: "pong" });
        break;
      case "subscribe": {
        if (!connection) {
          await send({ type: "error", code: "not-authorized", detail: "no sign-in is on record; reconnect" });
          break;
        }
        if (!can(connection.principal, "read", message.province)) {
          await send({
            type: "error",
            code: "forbidden-province",
            detail: `this account may not watch province ${message.province}`,
          });
          break;
        }
        // Subscribed before the seq is read: a message numbered after this read is sent to us.
        if (!(await deps.connections.subscribe(connectionId, message.province))) {
          gone = true;
          break;
        }
        const seq = await deps.log.current(message.province);
        await send({ type: "subscribed", province: message.province, seq });
        break;
      }
      case "resume": {
        if (!connection?.province) {
          await send({ type: "error", code: "not-subscribed", detail: "subscribe before resume" });
          break;
        }
        const province = connection.province;
        const current = await deps.log.current(province);
        const after = message.after;
        const missed = current - after;
        const snapshot = () => send({ type: "snapshot-required", province, seq: current });
        // A seq ahead of ours comes from before a restart (numbering starts afresh): it names
        // nothing we can replay; nor does a gap longer than the replay limit.
        if (!Number.isInteger(after) || after < 0 || missed < 0 || missed > replayLimit) {
          await snapshot();
          break;
        }
        if (missed === 0) break;
        const frames = await deps.log.framesAfter(province, after, missed);
        // Anything short of the whole contiguous run (expired, or not yet kept by a concurrent
        // publish) would leave a hole the client cannot see, so it refetches instead.
        const contiguous = frames.length === missed && frames.every((f, index) => f.seq === after + 1 + index);
        if (!contiguous) {
          await snapshot();
          break;
        }
        for (const { frame } of frames) await send(frame);
        break;
      }
    }
    if (gone) await deps.connections.close(connectionId);
  };

  return { receive, expire };
}

/** Logging the publisher needs (Powertools' Logger and the local console logger both fit). */
export interface LiveLogger {
  error(message: string, extra: Record<string, unknown>): void;
}

/** What the publisher needs. */
export interface LivePublisherDeps {
  log: Pick<SequenceLog, "append">;
  /** The connections subscribed to a province whose token still holds. */
  subscribers(province: string): Promise<readonly string[]>;
  /** Delivers one frame to one connection; handles (never throws for) a failed connection. */
  deliver(connectionId: string, frame: string, province: string): Promise<void>;
  logger: LiveLogger;
  maxFrameBytes?: number;
  /** Deliveries in flight at once; enough to hide latency, few enough to stay under API limits. */
  concurrency?: number;
}

/** Publishes to live clients: what the broadcaster hands its events to (`LivePublisher`). */
export interface LiveBroadcast {
  publish(province: string, event: LiveEvent): Promise<void>;
}

/** Builds the publisher: frame limit, numbering, keeping, fan-out. */
export function createLivePublisher(deps: LivePublisherDeps): LiveBroadcast {
  const maxBytes = deps.maxFrameBytes ?? MAX_FRAME_BYTES;
  const concurrency = deps.concurrency ?? 32;
  return {
    async publish(province, event) {
      // Measured with the largest possible seq, so an oversized event is refused before it
      // takes a number: a client must never see a gap that no resume can fill.
      const worstCase = frameBytes(JSON.stringify({ ...event, seq: Number.MAX_SAFE_INTEGER }));
      if (worstCase > maxBytes) {
        deps.logger.error("live message exceeds the WebSocket frame limit; not sent", {
          province,
          type: event.type,
          bytes: worstCase,
          limit: maxBytes,
        });
        return;
      }
      // Kept before it is sent, so a client that sees a later seq can always resume this one.
      const { frame } = await deps.log.append(province, (seq) =>
        JSON.stringify({ ...event, seq } satisfies ServerMessage),
      );
      const connections = await deps.subscribers(province);
      await forEachLimited(connections, concurrency, (id) => deps.deliver(id, frame, province));
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
