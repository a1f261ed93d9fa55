/**
 * The three routes of the API Gateway WebSocket API, as plain functions of the event. `$connect`
 * authorizes (the dashboard's sign-in token in `?token=`), `$default` speaks the live protocol
 * exactly as the local hub does (subscribe, resume, ping), `$disconnect` cleans up.
 */
import type { ServerMessage } from "@ioc/core";
import { TokenError, type JwtVerifier as TokenVerifier } from "@ioc/identity";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import type { AwsLogger } from "./aws-logger.js";
import { parseClientMessage } from "./client-messages.js";
import type { ConnectionPoster } from "./connection-poster.js";
import type { ConnectionStore } from "./connection-store.js";
import type { LiveSequenceStore } from "./live-sequence-store.js";
import { canWatchProvince } from "./principal.js";

/** A WebSocket event; `$connect` also carries the query string. */
export type LiveSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined> | null;
};

/** How many missed messages `resume` replays; past that the client refetches a snapshot. */
export const REPLAY_LIMIT = 100;

const ok: APIGatewayProxyResultV2 = { statusCode: 200 };

/** What `$connect` needs. */
export interface ConnectHandlerDeps {
  verifier: TokenVerifier;
  connections: Pick<ConnectionStore, "open">;
  logger: AwsLogger;
}

/** Builds the `$connect` handler: refuses the upgrade unless the token is valid and grants a role. */
export function createConnectHandler(deps: ConnectHandlerDeps) {
  return async (event: LiveSocketEvent): Promise<APIGatewayProxyResultV2> => {
    const { connectionId } = event.requestContext;
    try {
      const principal = await deps.verifier.verify(event.queryStringParameters?.token);
      await deps.connections.open(connectionId, principal);
      return ok;
    } catch (error) {
      if (error instanceof TokenError) {
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
  replayLimit?: number;
}

/** Builds the `$default` handler: the live protocol's server side. */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const replayLimit = deps.replayLimit ?? REPLAY_LIMIT;

  return async (event: LiveSocketEvent): Promise<APIGatewayProxyResultV2> => {
    const { connectionId } = event.requestContext;
    const poster = deps.poster(event);
    let gone = false;
    const send = async (message: ServerMessage | string) => {
      if (gone) return;
      const frame = typeof message === "string" ? message : JSON.stringify(message);
      if ((await poster.post(connectionId, frame)) === "gone") gone = true;
    };

    const message = parseClientMessage(event.body);
    switch (message.type) {
      case "error":
        await send(message);
        break;
      case "ping":
        await send({ type: "pong" });
        break;
      case "subscribe": {
        const connection = await deps.connections.get(connectionId);
        if (!connection) {
          await send({ type: "error", code: "not-authorized", detail: "no sign-in is on record; reconnect" });
          break;
        }
        if (!canWatchProvince(connection.principal, message.province)) {
          await send({
            type: "error",
            code: "forbidden-province",
            detail: `this account may not watch province ${message.province}`,
          });
          break;
        }
        // Subscribed before the seq is read: a message numbered after this read is posted to us.
        if (!(await deps.connections.subscribe(connectionId, message.province))) {
          gone = true;
          break;
        }
        const seq = await deps.sequence.current(message.province);
        await send({ type: "subscribed", province: message.province, seq });
        break;
      }
      case "resume": {
        const connection = await deps.connections.get(connectionId);
        if (!connection?.province) {
          await send({ type: "error", code: "not-subscribed", detail: "subscribe before resume" });
          break;
        }
        const province = connection.province;
        const current = await deps.sequence.current(province);
        const after = message.after;
        const missed = current - after;
        const snapshot = () => send({ type: "snapshot-required", province, seq: current });
        if (!Number.isInteger(after) || after < 0 || missed < 0 || missed > replayLimit) {
          await snapshot();
          break;
        }
        if (missed === 0) break;
        const frames = await deps.sequence.framesAfter(province, after, missed);
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
    return ok;
  };
}
