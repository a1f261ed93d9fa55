/**
 * Test doubles of this package's own ports (never of DynamoDB): a poster that records what each
 * connection received, with scripted failures.
 */
import type { ConnectionPoster } from "./connection-poster.js";

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
