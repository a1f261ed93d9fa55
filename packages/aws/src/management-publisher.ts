/**
 * The AWS side of `LivePublisher`: numbers each message per province with an atomic counter,
 * keeps it for `resume`, and posts it to every subscribed connection through the API Gateway
 * Management API. A connection that answers 410 Gone is forgotten; one that fails otherwise is
 * closed, so its client reconnects and resumes instead of silently missing a message.
 */
import type { LiveEvent } from "@ioc/core";
import type { LivePublisher } from "@ioc/pipeline";
import type { AwsLogger } from "./aws-logger.js";
import type { ConnectionPoster } from "./connection-poster.js";
import type { ConnectionStore } from "./connection-store.js";
import type { LiveSequenceStore } from "./live-sequence-store.js";

/** API Gateway's WebSocket frame limit; a larger message would be split or refused. */
export const MAX_FRAME_BYTES = 32 * 1024;

/** What the publisher needs. */
export interface ManagementPublisherDeps {
  connections: Pick<ConnectionStore, "subscribers" | "close">;
  sequence: Pick<LiveSequenceStore, "next" | "remember">;
  poster: ConnectionPoster;
  logger: AwsLogger;
  maxFrameBytes?: number;
  /** Posts in flight at once; enough to hide latency, few enough to stay under API limits. */
  concurrency?: number;
}

/** The UTF-8 size of a frame. */
export function frameBytes(frame: string): number {
  return Buffer.byteLength(frame, "utf8");
}

/** Builds the publisher the broadcaster Lambda hands its events to. */
export function createManagementPublisher(deps: ManagementPublisherDeps): LivePublisher {
  const maxBytes = deps.maxFrameBytes ?? MAX_FRAME_BYTES;
  const concurrency = deps.concurrency ?? 32;

  const deliver = async (connectionId: string, frame: string, province: string) => {
    try {
      if ((await deps.poster.post(connectionId, frame)) === "gone") {
        await deps.connections.close(connectionId);
        deps.logger.debug("connection gone; forgotten", { connectionId, province });
      }
    } catch (error) {
      // Throwing would retry the whole record and re-send it to everyone; closing this one
      // connection makes its client reconnect and resume the message from the kept copy.
      deps.logger.warn("post failed; closing the connection so its client resumes", {
        connectionId,
        province,
        error: String(error),
      });
      try {
        await deps.poster.disconnect(connectionId);
      } catch (closeError) {
        deps.logger.warn("could not close the connection", { connectionId, error: String(closeError) });
      }
    }
  };

  return {
    async publish(province: string, event: LiveEvent): Promise<void> {
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
      const seq = await deps.sequence.next(province);
      const frame = JSON.stringify({ ...event, seq });
      // Kept before it is sent, so a client that sees a later seq can always resume this one.
      await deps.sequence.remember(province, seq, frame);
      const connections = await deps.connections.subscribers(province);
      await forEachLimited(connections, concurrency, (id) => deliver(id, frame, province));
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
