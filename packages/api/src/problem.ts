/**
 * Errors on the wire are RFC 9457 problem documents. Every failure a client can cause is a
 * `ProblemError` with a stable `code`; `app.onError` turns it into `application/problem+json` in
 * one place, and anything else becomes a 500 that reveals nothing internal.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Base of the `type` URIs; each problem code is documented under it. */
export const PROBLEM_TYPE_BASE = "https://ioc.example.vn/problems/";

/** Fields a problem document may carry besides the standard ones. */
export type ProblemExtensions = Record<string, unknown>;

/** A failure the client caused (or may retry), with a stable code. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: ProblemExtensions = {},
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause });
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

/** The problem document for an error. */
export function problemBody(error: ProblemError, instance?: string) {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    code: error.code,
    title: error.title,
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
