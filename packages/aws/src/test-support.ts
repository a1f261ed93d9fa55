/**
 * Test doubles of this package's own ports (never of DynamoDB): a poster that records what each
 * connection received, with scripted failures; and the WebSocket events API Gateway sends.
 */
import type { ConnectionPoster } from "./connection-poster.js";
import type { LiveSocketEvent } from "./live-socket-handlers.js";

/** A poster that records frames per connection; `gone` and `failing` script its answers. */
export function createRecordingPoster(options: { gone?: Set<string>; failing?: Set<string> } = {}) {
  const received = new Map<string, unknown[]>();
  const disconnected: string[] = [];
  const poster: ConnectionPoster = {
    async post(connectionId, frame) {
      if (options.gone?.has(connectionId)) return "gone";
      if (options.failing?.has(connectionId)) throw new Error("LimitExceededException");
      received.set(connectionId, [...(received.get(connectionId) ?? []), JSON.parse(frame)]);
      return "sent";
    },
    async disconnect(connectionId) {
      disconnected.push(connectionId);
    },
  };
  return {
    poster,
    disconnected,
    /** The messages a connection received, parsed. */
    of: (connectionId: string) => received.get(connectionId) ?? [],
    clear: () => received.clear(),
  };
}

/** A logger that keeps what it was told. */
export function createMemoryLogger() {
  const lines: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, ...extras: Record<string, unknown>[]): void => {
      const extra = extras.length > 0 ? Object.assign({}, ...extras) : undefined;
      lines.push({ level, message, ...(extra ? { extra } : {}) });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** An API Gateway WebSocket event for a connection, as the three routes receive it. */
export function socketEvent(
  connectionId: string,
  routeKey: string,
  at: number,
  extra: Partial<LiveSocketEvent> = {},
): LiveSocketEvent {
  return {
    requestContext: {
      routeKey,
      messageId: "m",
      eventType: routeKey === "$connect" ? "CONNECT" : routeKey === "$disconnect" ? "DISCONNECT" : "MESSAGE",
      extendedRequestId: "x",
      requestTime: "",
      messageDirection: "IN",
      stage: "prod",
      connectedAt: at,
      requestTimeEpoch: at,
      requestId: "r",
      domainName: "abc.execute-api.ap-southeast-1.amazonaws.com",
      connectionId,
      apiId: "abc",
    },
    isBase64Encoded: false,
    ...extra,
  };
}
