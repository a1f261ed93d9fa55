/**
 * The problem catalogue: every problem code the API answers with, declared once with its HTTP
 * status and its titles in Vietnamese and English. The API raises them (`problem(code, …)` in
 * packages/api), the OpenAPI document lists them per status, and clients may switch on them.
 */

/** One entry of the catalogue: the HTTP status and the title in Vietnamese and English. */
export interface ProblemEntry {
  /** An HTTP error status. */
  status: number;
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
  // The store cannot be reached right now (a named StoreUnavailableError); sent with Retry-After.
  "store-unavailable": {
    status: 503,
    vi: "Kho dữ liệu tạm thời không sẵn sàng",
    en: "Store temporarily unavailable",
  },
  "too-many-sign-ins": {
    status: 429,
    vi: "Đăng nhập sai quá nhiều lần",
    en: "Too many failed sign-ins",
  },
  "scenarios-unavailable": { status: 503, vi: "Chức năng kịch bản không khả dụng", en: "Scenarios unavailable" },
  // A historical import with any bad row stores nothing; the rows' problems are in `rejected`.
  "history-import-refused": {
    status: 422,
    vi: "Tệp lịch sử bị từ chối, không lưu dòng nào",
    en: "History file refused; nothing stored",
  },
  "device-refused": { status: 401, vi: "Thiết bị không được chấp nhận", en: "Device refused" },
  "device-not-found": { status: 404, vi: "Không tìm thấy thiết bị", en: "Device not found" },
  "devices-unavailable": {
    status: 503,
    vi: "Chức năng màn hình treo tường không khả dụng",
    en: "Wall devices unavailable",
  },
  "reports-unavailable": {
    status: 503,
    vi: "Chức năng báo cáo không khả dụng tại đây",
    en: "Reports unavailable here",
  },
  "source-not-found": { status: 404, vi: "Không tìm thấy nguồn dữ liệu", en: "Source not found" },
  "source-exists": { status: 409, vi: "Mã nguồn dữ liệu đã tồn tại", en: "Source id already taken" },
  "source-key-not-found": { status: 404, vi: "Không tìm thấy khóa của nguồn", en: "Source key not found" },
  "source-key-revoked": { status: 409, vi: "Khóa đã bị thu hồi", en: "Source key already revoked" },
  "dead-letter-not-found": { status: 404, vi: "Không tìm thấy bản ghi lỗi", en: "Dead letter not found" },
  "dead-letters-unavailable": {
    status: 503,
    vi: "Chức năng bản ghi lỗi không khả dụng tại đây",
    en: "Dead letters unavailable here",
  },
  "users-unavailable": {
    status: 503,
    vi: "Danh sách người dùng không khả dụng tại đây",
    en: "User list unavailable here",
  },
  // Boundary imports from the dashboard (boundary-routes.ts).
  "boundaries-invalid": {
    status: 422,
    vi: "Tệp ranh giới có lỗi, không ghi gì",
    en: "Boundary file has errors; nothing written",
  },
  "boundary-token-mismatch": {
    status: 409,
    vi: "Tệp hoặc tùy chọn khác với lần xem trước",
    en: "The file or options differ from the preview",
  },
  // Boundary imports and tiles are served by the Geo function on AWS (ApiDeps.geo).
  "geometry-unavailable": {
    status: 503,
    vi: "Chức năng ranh giới và ô bản đồ không khả dụng tại đây",
    en: "Boundaries and map tiles unavailable here",
  },
  "boundary-preview-stale": {
    status: 409,
    vi: "Ranh giới đã lưu thay đổi từ lần xem trước",
    en: "Stored boundaries changed since the preview",
  },
  "boundary-removals-unconfirmed": {
    status: 409,
    vi: "Việc bỏ xã khỏi danh mục chưa được xác nhận",
    en: "Removing communes was not confirmed",
  },
} as const satisfies Record<string, ProblemEntry>;

/** A problem code of the catalogue. */
export type ProblemCode = keyof typeof PROBLEMS;

/** The problem codes, for schemas and documentation. */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

/** The codes answered with `status`, for documentation. */
export function problemCodesWithStatus(status: number): ProblemCode[] {
  return PROBLEM_CODES.filter((code) => PROBLEMS[code].status === status);
}
