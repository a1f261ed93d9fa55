/**
 * The words of the ops basics (assign, snooze, bulk acknowledge, SLA timers) and of the audit
 * page, Vietnamese first. Kept beside these features, as the planning view keeps its own, so
 * they change without touching the operations room's dictionary.
 */
import { lang } from "../i18n.js";

const WORDS = {
  select: { vi: "Chọn", en: "Select" },
  selectedCount: { vi: "Đã chọn", en: "Selected" },
  ackSelected: { vi: "Tiếp nhận các cảnh báo đã chọn", en: "Acknowledge selected" },
  clearSelection: { vi: "Bỏ chọn", en: "Clear selection" },
  bulkDone: { vi: "Đã tiếp nhận", en: "Acknowledged" },
  bulkSkipped: { vi: "bỏ qua", en: "skipped" },
  assignee: { vi: "Giao cho", en: "Assign to" },
  assigneePlaceholder: { vi: "Tên đăng nhập người xử lý", en: "The person's user name" },
  assign: { vi: "Giao việc", en: "Assign" },
  assignedTo: { vi: "Người xử lý", en: "Assignee" },
  snoozeUntil: { vi: "Tạm hoãn đến", en: "Snooze until" },
  snoozeReason: { vi: "Lý do tạm hoãn", en: "Snooze reason" },
  snooze: { vi: "Tạm hoãn", en: "Snooze" },
  unsnooze: { vi: "Bỏ tạm hoãn", en: "Unsnooze" },
  snoozedUntil: { vi: "Tạm hoãn đến", en: "Snoozed until" },
  openFor: { vi: "Mở được", en: "Open for" },
  sinceAck: { vi: "Từ khi tiếp nhận", en: "Since acknowledged" },
  timeToAck: { vi: "Thời gian đến khi tiếp nhận", en: "Time to acknowledge" },
  audit: { vi: "Nhật ký", en: "Audit log" },
  auditTitle: { vi: "Nhật ký thao tác", en: "Audit trail" },
  auditHint: {
    vi: "Mọi đăng nhập và thao tác được ghi lại, nối chuỗi băm, không sửa không xóa được; lưu ít nhất 2 năm.",
    en: "Every sign-in and action is recorded in a hash chain that cannot be edited or deleted; kept at least 2 years.",
  },
  backToDashboard: { vi: "← Bảng điều hành", en: "← Operations" },
  actor: { vi: "Người thực hiện", en: "Person" },
  action: { vi: "Hành động", en: "Action" },
  object: { vi: "Đối tượng", en: "Object" },
  from: { vi: "Từ ngày", en: "From" },
  to: { vi: "Đến ngày", en: "To" },
  any: { vi: "Tất cả", en: "Any" },
  search: { vi: "Lọc", en: "Filter" },
  downloadCsv: { vi: "Tải CSV", en: "Download CSV" },
  at: { vi: "Thời điểm", en: "When" },
  role: { vi: "Vai trò", en: "Role" },
  change: { vi: "Trước → sau", en: "Before → after" },
  client: { vi: "Địa chỉ, trình duyệt", en: "Address, client" },
  seq: { vi: "Số", en: "No." },
  noRecords: { vi: "Không có bản ghi nào", en: "No records" },
  more: { vi: "Xem thêm", en: "Older records" },
  failed: { vi: "Không tải được nhật ký", en: "Could not load the audit trail" },
} as const;

/** A word of these features in the current language. */
export function o(key: keyof typeof WORDS): string {
  return WORDS[key][lang()];
}
