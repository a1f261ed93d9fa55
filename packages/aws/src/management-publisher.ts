/**
 * The AWS side of `LivePublisher`: the one live publisher (`@ioc/live`: frame limit, numbering,
 * keeping for `resume`) over an atomic DynamoDB counter and the API Gateway Management API. A
 * connection that answers 410 Gone is forgotten; one that fails otherwise is closed, so its client
 * reconnects and resumes instead of silently missing a message.
 */
import { createLivePublisher } from "@ioc/live";
import type { LivePublisher } from "@ioc/pipeline";
import type { AwsLogger } from "./aws-logger.js";
import type { ConnectionPoster } from "./connection-poster.js";
import type { ConnectionStore } from "./connection-store.js";
import type { LiveSequenceStore } from "./live-sequence-store.js";

export { frameBytes, MAX_FRAME_BYTES } from "@ioc/live";

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

/** Builds the publisher the broadcaster Lambda hands its events to. */
export function createManagementPublisher(deps: ManagementPublisherDeps): LivePublisher {
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

  return createLivePublisher({
    log: {
      // Two calls on AWS: the atomic counter, then the kept copy, before anything is posted.
      async append(province, render) {
        const seq = await deps.sequence.next(province);
        const frame = render(seq);
        await deps.sequence.remember(province, seq, frame);
        return { seq, frame };
      },
    },
    subscribers: (province) => deps.connections.subscribers(province),
    deliver,
    logger: deps.logger,
    ...(deps.maxFrameBytes === undefined ? {} : { maxFrameBytes: deps.maxFrameBytes }),
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
  });
}
