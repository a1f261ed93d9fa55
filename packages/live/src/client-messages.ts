/**
 * Parses what a dashboard sends over the live socket into the protocol's `ClientMessage`: the one
 * parser both runtimes call, so both answer a bad message alike.
 */
import type { ClientMessage, ServerMessage } from "@ioc/core";
import { frameBytes, MAX_FRAME_BYTES } from "./frames.js";

/** An `error` message for the client. */
export type ProtocolError = Extract<ServerMessage, { type: "error" }>;

/** An `error` message with a stable code and a sentence for the developer reading it. */
export const protocolError = (code: string, detail: string): ProtocolError => ({ type: "error", code, detail });

/** The message, or the `error` to answer it with; a frame over `maxBytes` is refused unread. */
export function parseClientMessage(
  text: string | undefined,
  maxBytes: number = MAX_FRAME_BYTES,
): ClientMessage | ProtocolError {
  // Measured before parsing: an oversize frame costs no JSON.parse (API Gateway's frame limit).
  if (text !== undefined && text.length > maxBytes / 3 && frameBytes(text) > maxBytes) {
    return protocolError("frame-too-large", `a message is at most ${maxBytes} bytes`);
  }
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
