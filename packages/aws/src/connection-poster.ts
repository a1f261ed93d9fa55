/**
 * Sending to one WebSocket connection through the API Gateway Management API. The port is small
 * so the publisher and the message handler can be tested with a fake of it.
 */
import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";

/** Sends frames to connections. */
export interface ConnectionPoster {
  /** Sends one frame; `"gone"` when the connection no longer exists (410). */
  post(connectionId: string, frame: string): Promise<"sent" | "gone">;
  /** Closes a connection from the server side; the client will reconnect and resume. */
  disconnect(connectionId: string): Promise<void>;
}

/** The part of the Management API client the poster uses. */
export type ManagementApiClient = Pick<ApiGatewayManagementApiClient, "send">;

/** The Management API endpoint of a WebSocket stage (what `wss://…` is to clients, `https://…` is to us). */
export function managementEndpoint(domainName: string, stage: string): string {
  return `https://${domainName}/${stage}`;
}

/** A poster over the API Gateway Management API. */
export function createManagementApiPoster(client: ManagementApiClient): ConnectionPoster {
  const encoder = new TextEncoder();
  return {
    async post(connectionId, frame) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(frame) }));
        return "sent";
      } catch (error) {
        if (isGone(error)) return "gone";
        throw error;
      }
    },
    async disconnect(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    },
  };
}

function isGone(error: unknown): boolean {
  // The class check covers the SDK; the status covers a client built from another SDK copy.
  return (
    error instanceof GoneException ||
    (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 410
  );
}
