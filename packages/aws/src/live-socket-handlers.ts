/**
 * The three routes of the API Gateway WebSocket API, as plain functions of the event. `$connect`
 * authorizes (the dashboard's sign-in token in `?token=`), `$default` hands the frame to the one
 * live session both runtimes share (`@ioc/live`), `$disconnect` cleans up. This file only
 * translates: DynamoDB stores and the Management API poster are the session's ports.
 */

import { TokenError, type JwtVerifier as TokenVerifier } from "@ioc/identity";
import { admit, createLiveSession, type LiveTransport, TokenExpiredError } from "@ioc/live";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import type { AwsLogger } from "./aws-logger.js";
import type { ConnectionPoster } from "./connection-poster.js";
import type { ConnectionStore } from "./connection-store.js";
import type { LiveSequenceStore } from "./live-sequence-store.js";

export { REPLAY_LIMIT } from "@ioc/live";

/** A WebSocket event; `$connect` also carries the query string. */
export type LiveSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined> | null;
};

const ok: APIGatewayProxyResultV2 = { statusCode: 200 };

/** What `$connect` needs. */
export interface ConnectHandlerDeps {
  verifier: TokenVerifier;
  connections: Pick<ConnectionStore, "open">;
  logger: AwsLogger;
  clock: () => number;
}

/** Builds the `$connect` handler: refuses the upgrade unless the token is valid and grants a role. */
export function createConnectHandler(deps: ConnectHandlerDeps) {
  return async (event: LiveSocketEvent): Promise<APIGatewayProxyResultV2> => {
    const { connectionId } = event.requestContext;
    try {
      const { principal, expiresAt } = await admit(deps.verifier, event.queryStringParameters?.token, deps.clock);
      await deps.connections.open(connectionId, principal, expiresAt);
      return ok;
    } catch (error) {
      if (error instanceof TokenError || error instanceof TokenExpiredError) {
        deps.logger.info("live connection refused", { connectionId, code: error.code });
        // A valid sign-in without a dashboard role is forbidden; anything else is unauthenticated.
        return { statusCode: error.code === "unknown-role" ? 403 : 401 };
      }
      throw error;
    }
  };
}

/** What `$disconnect` needs. */
export interface DisconnectHandlerDeps {
  connections: Pick<ConnectionStore, "close">;
}

/** Builds the `$disconnect` handler. */
export function createDisconnectHandler(deps: DisconnectHandlerDeps) {
  return async (event: LiveSocketEvent): Promise<APIGatewayProxyResultV2> => {
    await deps.connections.close(event.requestContext.connectionId);
    return ok;
  };
}

/** What `$default` needs. */
export interface MessageHandlerDeps {
  connections: Pick<ConnectionStore, "get" | "subscribe" | "close">;
  sequence: Pick<LiveSequenceStore, "current" | "framesAfter">;
  /** The poster for the API the event came from (its endpoint is in the event). */
  poster: (event: LiveSocketEvent) => ConnectionPoster;
  logger: AwsLogger;
  clock: () => number;
  replayLimit?: number;
}

/** The session's transport over the Management API: API Gateway closes without our close code. */
export function posterTransport(poster: ConnectionPoster): LiveTransport {
  return {
    send: (connectionId, frame) => poster.post(connectionId, frame),
    close: (connectionId) => poster.disconnect(connectionId),
  };
}

/** Builds the `$default` handler: the live protocol's server side. */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const session = createLiveSession({
    connections: deps.connections,
    log: deps.sequence,
    clock: deps.clock,
    ...(deps.replayLimit === undefined ? {} : { replayLimit: deps.replayLimit }),
  });
  return async (event: LiveSocketEvent): Promise<APIGatewayProxyResultV2> => {
    await session.receive(event.requestContext.connectionId, event.body, posterTransport(deps.poster(event)));
    return ok;
  };
}
