/**
 * The administration screens' words, Vietnamese first; the language is the dashboard's switch
 * (`lang` of ../i18n.ts). Kept beside the screens so they change without touching the room's
 * dictionary.
 */
import { lang } from "../i18n.js";

const WORDS = {
  admin: { vi: "Quản trị", en: "Administration" },
  sources: { vi: "Nguồn dữ liệu", en: "Data sources" },
  sourcesHint: {
    vi: "Hệ thống của tỉnh gửi số liệu bằng khóa riêng của từng nguồn. Mỗi nguồn chỉ được ghi các chỉ số trong phạm vi của nó.",
    en: "Provincial systems send readings with their source's own key. Each source may write only the indicators in its scope.",
  },
  back: { vi: "← Bảng điều hành", en: "← Operations" },
  addSource: { vi: "Thêm nguồn", en: "Add a source" },
  sourceId: { vi: "Mã nguồn", en: "Source id" },
  sourceIdHint: { vi: "chữ thường, số, dấu gạch ngang", en: "lowercase letters, digits, hyphens" },
  name: { vi: "Tên", en: "Name" },
  scope: { vi: "Phạm vi chỉ số", en: "Indicator scope" },
  scopeHint: {
    vi: "tiền tố, cách nhau bởi dấu phẩy, ví dụ net., gov.; * là mọi chỉ số",
    en: "prefixes separated by commas, e.g. net., gov.; * is every indicator",
  },
  cadence: { vi: "Chu kỳ gửi (giây)", en: "Cadence (seconds)" },
  status: { vi: "Trạng thái", en: "Status" },
  enabled: { vi: "Đang hoạt động", en: "Enabled" },
  disabled: { vi: "Đã tắt", en: "Disabled" },
  enable: { vi: "Bật lại", en: "Enable" },
  disable: { vi: "Tắt nguồn", en: "Disable" },
  edit: { vi: "Sửa", en: "Edit" },
  save: { vi: "Lưu", en: "Save" },
  cancel: { vi: "Hủy", en: "Cancel" },
  keys: { vi: "Khóa", en: "Keys" },
  noKeys: { vi: "Chưa có khóa", en: "No keys yet" },
  noSources: { vi: "Tỉnh này chưa có nguồn dữ liệu nào.", en: "This province has no data sources yet." },
  createKey: { vi: "Tạo khóa", en: "Create a key" },
  rotate: { vi: "Xoay vòng", en: "Rotate" },
  revoke: { vi: "Thu hồi", en: "Revoke" },
  confirmRevoke: { vi: "Xác nhận thu hồi", en: "Confirm revoke" },
  revokeWarning: {
    vi: "Yêu cầu gửi số liệu bằng khóa này sẽ bị từ chối ngay.",
    en: "Requests with this key will be refused at once.",
  },
  keyActive: { vi: "đang dùng", en: "active" },
  keyRevoked: { vi: "đã thu hồi", en: "revoked" },
  created: { vi: "Tạo lúc", en: "Created" },
  lastUsed: { vi: "Dùng lần cuối", en: "Last used" },
  revokedAt: { vi: "Thu hồi lúc", en: "Revoked" },
  never: { vi: "chưa dùng", en: "never" },
  newKey: { vi: "Khóa mới", en: "New key" },
  newKeyFor: { vi: "Khóa mới của nguồn", en: "New key of source" },
  newKeyWarning: {
    vi: "Hãy sao chép và lưu khóa này ngay: khóa sẽ không được hiển thị lại. Hệ thống chỉ lưu mã băm của khóa.",
    en: "Copy and store this key now: it will not be shown again. Only its hash is stored.",
  },
  copy: { vi: "Sao chép", en: "Copy" },
  copied: { vi: "Đã sao chép", en: "Copied" },
  copyFailed: {
    vi: "Không sao chép được — hãy chọn và sao chép bằng tay",
    en: "Copy failed — select and copy it by hand",
  },
  keySaved: { vi: "Tôi đã lưu khóa", en: "I have stored the key" },
  rotatedNote: { vi: "Khóa cũ đã bị thu hồi:", en: "The old key is revoked:" },
  loading: { vi: "Đang tải…", en: "Loading…" },
  failed: { vi: "Không thực hiện được", en: "Not done" },
  created_ok: { vi: "Đã thêm nguồn", en: "Source added" },
  saved_ok: { vi: "Đã lưu", en: "Saved" },
  revoked_ok: { vi: "Đã thu hồi khóa", en: "Key revoked" },
  seconds: { vi: "giây", en: "s" },
  everyMetric: { vi: "mọi chỉ số", en: "every indicator" },
  actions: { vi: "Thao tác", en: "Actions" },
} as const;

/** A word of the administration screens in the current language. */
export function a(key: keyof typeof WORDS): string {
  return WORDS[key][lang()];
}
