/**
 * Errors on the wire are RFC 9457 problem documents. Every failure a client can cause is named by
 * a code in `PROBLEMS` (packages/contract), declared once with its status and its titles; call sites say
 * `problem("commune-not-found", { detail })` and `app.onError` turns the error into
 * `application/problem+json` in one place. Anything else becomes a 500 that reveals nothing internal.
 */
import { PROBLEMS, type ProblemCode, type ProblemEntry } from "@ioc/contract";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export { PROBLEM_CODES, PROBLEMS, type ProblemCode, type ProblemEntry } from "@ioc/contract";

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Base of the `type` URIs; each problem code is documented under it. */
export const PROBLEM_TYPE_BASE = "https://ioc.example.vn/problems/";

/** Fields a problem document may carry besides the standard ones. */
export type ProblemExtensions = Record<string, unknown>;

/** What a call site says about one occurrence of a problem. */
export interface ProblemOptions {
  /** What was wrong and where, for the client (never a stack or a library's raw message). */
  detail: string;
  cause?: unknown;
  extensions?: ProblemExtensions;
  headers?: Record<string, string>;
  /** Only for `http-error`, whose status is the wrapped HTTPException's. */
  status?: ContentfulStatusCode;
}

/** A failure the client caused (or may retry), with a stable code from the catalogue. */
export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly title: string;
  readonly titleVi: string;
  readonly detail: string;
  readonly extensions: ProblemExtensions;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ProblemCode,
    options: ProblemOptions,
  ) {
    super(options.detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProblemError";
    const entry: ProblemEntry = PROBLEMS[code];
    this.status = options.status ?? (entry.status as ContentfulStatusCode);
    this.title = entry.en;
    this.titleVi = entry.vi;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

/** The error for a catalogued problem: `throw problem("alert-not-found", { detail })`. */
export function problem(code: ProblemCode, options: ProblemOptions): ProblemError {
  return new ProblemError(code, options);
}

/** The problem document for an error. */
export function problemBody(error: ProblemError, instance?: string) {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    code: error.code,
    title: error.title,
    titleVi: error.titleVi,
    status: error.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    ...error.extensions,
  };
}

/** A problem response. */
export function problemResponse(error: ProblemError, instance?: string): Response {
  return new Response(JSON.stringify(problemBody(error, instance)), {
    status: error.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, ...error.headers },
  });
}

/** How long a client should wait before retrying while the store is unavailable, in seconds. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * True when `error` (or a cause of it) is the named store error: stable code `store-unavailable`
 * (packages/local's StoreUnavailableError, or any adapter's error with that code). Matched by
 * code, not class, so the API does not depend on the runtime that raises it.
 */
export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  const { code, name, cause } = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (code === "store-unavailable" || name === "StoreUnavailableError") return true;
  return isStoreUnavailable(cause, depth + 1);
}

/** The 503 problem for a request that needed the store while it was down. */
export function storeUnavailable(cause?: unknown, retryAfterSeconds = STORE_RETRY_AFTER_SECONDS): ProblemError {
  return problem("store-unavailable", {
    detail: `Kho dữ liệu tạm thời không sẵn sàng; thử lại sau ${retryAfterSeconds} giây. The store is unavailable; retry in ${retryAfterSeconds} s (ingest: with the same reading ids).`,
    cause,
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}
