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
