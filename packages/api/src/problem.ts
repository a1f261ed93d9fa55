/**
 * Errors on the wire are RFC 9457 problem documents. Every failure a client can cause is named by
 * a code in `PROBLEMS`, declared once with its status and its titles; call sites say
 * `problem("commune-not-found", { detail })` and `app.onError` turns the error into
 * `application/problem+json` in one place. Anything else becomes a 500 that reveals nothing internal.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Base of the `type` URIs; each problem code is documented under it. */
export const PROBLEM_TYPE_BASE = "https://ioc.example.vn/problems/";

/** One entry of the catalogue: the HTTP status and the title in Vietnamese and English. */
export interface ProblemEntry {
  status: ContentfulStatusCode;
  vi: string;
  en: string;
}

/** Every problem code the API answers with, each declared once. */
export const PROBLEMS = {
  "invalid-request": { status: 400, vi: "Yêu cầu không hợp lệ", en: "Invalid request" },
  "malformed-json": { status: 400, vi: "JSON không hợp lệ", en: "Malformed JSON" },
  "malformed-csv": { status: 400, vi: "CSV không hợp lệ", en: "Malformed CSV" },
  "invalid-encoding": { status: 400, vi: "Mã hóa văn bản không hợp lệ", en: "Invalid text encoding" },
  // Raised by Hono's own middleware (an HTTPException); the status is the exception's.
  "http-error": { status: 400, vi: "Yêu cầu không thực hiện được", en: "Request failed" },
  unauthorized: { status: 401, vi: "Cần xác thực", en: "Authentication required" },
  "invalid-credentials": { status: 401, vi: "Sai tên đăng nhập hoặc mật khẩu", en: "Invalid credentials" },
  forbidden: { status: 403, vi: "Không có quyền", en: "Forbidden" },
  "out-of-scope": { status: 403, vi: "Ngoài phạm vi của khóa", en: "Outside the key's scope" },
  "not-found": { status: 404, vi: "Không tìm thấy", en: "Not found" },
  "province-not-found": { status: 404, vi: "Không tìm thấy tỉnh", en: "Province not found" },
  "commune-not-found": { status: 404, vi: "Không tìm thấy xã, phường", en: "Commune not found" },
  "alert-not-found": { status: 404, vi: "Không tìm thấy cảnh báo", en: "Alert not found" },
  "scenario-not-found": { status: 404, vi: "Không tìm thấy kịch bản", en: "Scenario not found" },
  "alert-already-resolved": { status: 409, vi: "Cảnh báo đã được xử lý xong", en: "Alert already resolved" },
  "alert-already-acknowledged": {
    status: 409,
    vi: "Cảnh báo đã được tiếp nhận",
    en: "Alert already acknowledged",
  },
  "payload-too-large": { status: 413, vi: "Nội dung yêu cầu quá lớn", en: "Request body too large" },
  "too-many-readings": { status: 413, vi: "Quá nhiều số liệu trong một yêu cầu", en: "Too many readings" },
  "unsupported-media-type": { status: 415, vi: "Kiểu nội dung không được hỗ trợ", en: "Unsupported content type" },
  "invalid-body": { status: 422, vi: "Nội dung yêu cầu không hợp lệ", en: "Invalid request body" },
  "rate-limited": { status: 429, vi: "Vượt hạn mức gửi số liệu", en: "Over the readings budget" },
  internal: { status: 500, vi: "Lỗi máy chủ", en: "Internal error" },
  "store-unreachable": { status: 503, vi: "Không kết nối được kho dữ liệu", en: "Store unreachable" },
  "scenarios-unavailable": { status: 503, vi: "Chức năng kịch bản không khả dụng", en: "Scenarios unavailable" },
} as const satisfies Record<string, ProblemEntry>;

/** A problem code of the catalogue. */
export type ProblemCode = keyof typeof PROBLEMS;

/** The problem codes, for schemas and documentation. */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

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
    this.status = options.status ?? entry.status;
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
