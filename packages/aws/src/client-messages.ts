/**
 * Parses what a dashboard sends over the live socket into the protocol's `ClientMessage`, with
 * the same checks and error codes as the local hub, so both runtimes answer a bad message alike.
 */
import type { ClientMessage, ServerMessage } from "@ioc/core";

/** An `error` message for the client. */
export type ProtocolError = Extract<ServerMessage, { type: "error" }>;

const protocolError = (code: string, detail: string): ProtocolError => ({ type: "error", code, detail });

/** The message, or the `error` to answer it with. */
export function parseClientMessage(text: string | undefined): ClientMessage | ProtocolError {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? "");
  } catch {
    return protocolError("malformed-json", "messages are JSON objects");
  }
  const message = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  switch (message.type) {
    case "subscribe": {
      if (typeof message.province !== "string" || !/^\d{2}$/.test(message.province)) {
        return protocolError("invalid-province", "province must be a 2-digit code");
      }
      const topics = Array.isArray(message.topics)
        ? message.topics.filter((topic): topic is string => typeof topic === "string")
        : undefined;
      return { type: "subscribe", province: message.province, ...(topics ? { topics } : {}) };
    }
    case "resume":
      return { type: "resume", after: Number(message.after) };
    case "ping":
      return { type: "ping" };
    default:
      return protocolError("unknown-message", "expected subscribe, resume or ping");
  }
}
