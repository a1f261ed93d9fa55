/**
 * Whether the store answers. A dead DynamoDB Local shows up as connection errors from the SDK;
 * they become one named error, and a request that needs the store while it is down gets a 503
 * problem with `Retry-After` instead of a 500 (the API's error catalogue will carry this mapping).
 */

/** Node's codes for "nothing is listening" or "the connection went away". */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
  "EAI_AGAIN",
]);

/** The store cannot be reached right now; retry later. Stable code: `store-unavailable`. */
export class StoreUnavailableError extends Error {
  readonly code = "store-unavailable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

/** True when `error` (or its cause, or one of an AggregateError's errors) is a connection failure. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  if (error instanceof StoreUnavailableError) return true;
  const { code, name, message, cause, errors } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  if (name === "TimeoutError") return true;
  if (typeof message === "string" && /socket hang up|ECONNREFUSED|ECONNRESET/.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionError(e, depth + 1))) return true;
  return isConnectionError(cause, depth + 1);
}

/** How long a client should wait before retrying while the store restarts, in seconds. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** The 503 problem document (RFC 9457) for a request that needs the store while it is down. */
export function storeUnavailableResponse(instance: string, retryAfterSeconds = STORE_RETRY_AFTER_SECONDS): Response {
  return new Response(
    JSON.stringify({
      // Same shape and type base as the API's problems (packages/api/src/problem.ts).
      type: "https://ioc.example.vn/problems/store-unavailable",
      code: "store-unavailable",
      title: "Kho dữ liệu tạm thời không sẵn sàng (store unavailable)",
      status: 503,
      detail: `Kho dữ liệu đang khởi động lại; thử lại sau ${retryAfterSeconds} giây. The store is restarting; retry in ${retryAfterSeconds} s with the same reading ids.`,
      instance,
    }),
    {
      status: 503,
      headers: {
        "content-type": "application/problem+json",
        "retry-after": String(retryAfterSeconds),
      },
    },
  );
}
