/**
 * The sizes and close codes of the live socket, the same on both runtimes. API Gateway's WebSocket
 * API carries at most 32 KiB per frame and 128 KiB per message (a larger message is split into
 * frames on AWS, and the connection is closed past 128 KiB); the local server enforces the same.
 */

/** API Gateway's WebSocket frame limit: the largest message either side of the protocol sends. */
export const MAX_FRAME_BYTES = 32 * 1024;

/** API Gateway's WebSocket message limit: past this the socket is closed before anything is read. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

// The close codes are the protocol's, shared with the client: declared in core.
export { LIVE_CLOSE } from "@ioc/core";

/** The UTF-8 size of a frame. */
export function frameBytes(frame: string): number {
  return Buffer.byteLength(frame, "utf8");
}
