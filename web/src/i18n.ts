/**
 * Vietnamese first, English on a switch. Every string the dashboard shows lives here.
 */
import { createSignal } from "solid-js";

/** The languages the dashboard speaks. */
export type Lang = "vi" | "en";

const DICTIONARY = {
  title: { vi: "Trung tâm điều hành thông minh", en: "Intelligent Operations Centre" },
  province: { vi: "Tỉnh", en: "Province" },
  synthetic: { vi: "Dữ liệu mô phỏng", en: "Synthetic demo data" },
  syntheticHint: {
    vi: "Tỉnh mô phỏng để trình diễn, không phải số liệu thật",
    en: "A generated province for demonstration, not real figures",
  },
  metric: { vi: "Chỉ số", en: "Indicator" },
  noData: { vi: "Chưa có dữ liệu", en: "No data" },
  connectionOpen: { vi: "Trực tuyến", en: "Live" },
  connectionConnecting: { vi: "Đang kết nối…", en: "Connecting…" },
  connectionReconnecting: { vi: "Mất kết nối — đang kết nối lại…", en: "Disconnected — reconnecting…" },
  connectionClosed: { vi: "Đã ngắt kết nối", en: "Disconnected" },
  connectionOffline: { vi: "Mất mạng — số liệu đang dừng", en: "Offline — figures are paused" },
  actionOffline: {
    vi: "Không có mạng nên chưa thực hiện được. Nút sẽ mở lại khi có mạng.",
    en: "No network, so this was not done. The button comes back when the network does.",
  },
  actionUnreachable: {
    vi: "Không kết nối được máy chủ nên chưa thực hiện được. Vui lòng thử lại.",
    en: "The server could not be reached, so this was not done. Please try again.",
  },
  actionRefused: { vi: "Máy chủ từ chối thao tác này", en: "The server refused this action" },
  waitingForNetwork: {
    vi: "Đang mất mạng: thao tác sẽ mở lại khi có kết nối.",
    en: "Offline: actions come back when the network does.",
  },
  updated: { vi: "cập nhật", en: "updated" },
  ago: { vi: "trước", en: "ago" },
  seconds: { vi: "giây", en: "s" },
  minutes: { vi: "phút", en: "min" },
  hours: { vi: "giờ", en: "h" },
  days: { vi: "ngày", en: "d" },
  never: { vi: "chưa có cập nhật", en: "no update yet" },
  loading: { vi: "Đang tải bản đồ…", en: "Loading map…" },
  loadFailed: { vi: "Không tải được dữ liệu", en: "Could not load data" },
  population: { vi: "Dân số", en: "Population" },
  observed: { vi: "Thời điểm đo", en: "Observed" },
  mountainous: { vi: "miền núi", en: "mountainous" },
  midland: { vi: "trung du", en: "midland" },
  delta: { vi: "đồng bằng", en: "delta" },
  coastal: { vi: "ven biển", en: "coastal" },
  island: { vi: "hải đảo", en: "island" },
  border: { vi: "biên giới", en: "border" },
  communes: { vi: "xã, phường", en: "communes" },
  language: { vi: "English", en: "Tiếng Việt" },
  pillar_government: { vi: "Chính quyền số", en: "Digital government" },
  pillar_society: { vi: "Xã hội số", en: "Digital society" },
  pillar_economy: { vi: "Kinh tế số", en: "Digital economy" },
  pillar_infrastructure: { vi: "Hạ tầng số", en: "Digital infrastructure" },
  signInTitle: { vi: "Đăng nhập", en: "Sign in" },
  username: { vi: "Tên đăng nhập", en: "Username" },
  password: { vi: "Mật khẩu", en: "Password" },
  signIn: { vi: "Đăng nhập", en: "Sign in" },
  signingIn: { vi: "Đang đăng nhập…", en: "Signing in…" },
  invalidCredentials: { vi: "Sai tên đăng nhập hoặc mật khẩu", en: "Wrong username or password" },
  signInFailed: { vi: "Không đăng nhập được", en: "Could not sign in" },
  signOut: { vi: "Đăng xuất", en: "Sign out" },
  // Sign-in through Cognito's hosted UI (the deployed dashboard).
  signInHostedHint: {
    vi: "Đăng nhập bằng tài khoản do quản trị viên cấp, trên trang đăng nhập của hệ thống.",
    en: "Sign in with the account your administrator created, on the system's sign-in page.",
  },
  signInStateMismatch: {
    vi: "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.",
    en: "This sign-in could not be verified or has expired. Please sign in again.",
  },
  signInDenied: { vi: "Trang đăng nhập đã từ chối yêu cầu", en: "The sign-in page refused the request" },
  signInNetwork: {
    vi: "Không kết nối được dịch vụ đăng nhập. Kiểm tra mạng rồi thử lại.",
    en: "Could not reach the sign-in service. Check the network and try again.",
  },
  signInNoRole: {
    vi: "Tài khoản chưa được gán vai trò hoặc tỉnh trên bảng điều khiển. Hãy liên hệ quản trị viên.",
    en: "This account has no dashboard role or province yet. Please contact your administrator.",
  },
  sessionExpired: {
    vi: "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.",
    en: "Your session has ended. Please sign in again.",
  },
  role_leader: { vi: "Lãnh đạo", en: "Leader" },
  role_ops: { vi: "Vận hành", en: "Operations" },
  role_planner: { vi: "Kế hoạch", en: "Planner" },
  role_admin: { vi: "Quản trị", en: "Administrator" },
  alerts: { vi: "Cảnh báo", en: "Alerts" },
  severity: { vi: "Mức độ", en: "Severity" },
  status: { vi: "Trạng thái", en: "Status" },
  any: { vi: "Tất cả", en: "All" },
  sev_critical: { vi: "Nghiêm trọng", en: "Critical" },
  sev_warning: { vi: "Cảnh báo", en: "Warning" },
  sev_info: { vi: "Thông tin", en: "Info" },
  st_active: { vi: "Chưa xử lý xong", en: "Not resolved" },
  st_open: { vi: "Đang mở", en: "Open" },
  st_acknowledged: { vi: "Đã tiếp nhận", en: "Acknowledged" },
  st_resolved: { vi: "Đã xử lý", en: "Resolved" },
  escalated: { vi: "Đã leo thang", en: "Escalated" },
  newAlert: { vi: "Mới", en: "New" },
  acknowledge: { vi: "Tiếp nhận", en: "Acknowledge" },
  resolve: { vi: "Đã xử lý xong", en: "Resolve" },
  note: { vi: "Ghi chú", en: "Note" },
  notePlaceholder: { vi: "Ghi chú xử lý (không bắt buộc)", en: "Handling note (optional)" },
  noAlerts: { vi: "Không có cảnh báo", en: "No alerts" },
  sound: { vi: "Âm báo", en: "Sound" },
  history: { vi: "Lịch sử", en: "History" },
  ev_opened: { vi: "mở", en: "opened" },
  ev_reopened: { vi: "mở lại", en: "reopened" },
  ev_acknowledged: { vi: "tiếp nhận", en: "acknowledged" },
  ev_resolved: { vi: "xử lý xong", en: "resolved" },
  "ev_auto-resolved": { vi: "tự hết", en: "cleared" },
  ev_escalated: { vi: "leo thang", en: "escalated" },
  ev_updated: { vi: "cập nhật", en: "updated" },
  ev_assigned: { vi: "giao cho", en: "assigned to" },
  ev_snoozed: { vi: "tạm hoãn", en: "snoozed" },
  ev_unsnoozed: { vi: "bỏ tạm hoãn", en: "unsnoozed" },
  by: { vi: "bởi", en: "by" },
  actionFailed: { vi: "Không thực hiện được", en: "Action failed" },
  occurrences: { vi: "lần", en: "times" },
  alertListHint: {
    vi: "Dùng phím mũi tên để di chuyển, Enter để mở",
    en: "Arrow keys to move, Enter to open",
  },
  close: { vi: "Đóng", en: "Close" },
  kpis: { vi: "Chỉ tiêu của tỉnh", en: "Province targets" },
  targetMet: { vi: "đạt mục tiêu", en: "target met" },
  target: { vi: "mục tiêu", en: "target" },
  kpi_on_track: { vi: "Đúng tiến độ", en: "On track" },
  kpi_at_risk: { vi: "Có nguy cơ chậm", en: "At risk" },
  kpi_off_track: { vi: "Chậm tiến độ", en: "Off track" },
  kpi_no_data: { vi: "Chưa có dữ liệu", en: "No data" },
  kpi_no_target: { vi: "Không có mục tiêu", en: "No target" },
  week: { vi: "7 ngày", en: "7 days" },
  reporting: { vi: "xã báo cáo", en: "communes reporting" },
  lastSevenDays: { vi: "7 ngày qua", en: "last 7 days" },
  lastThirtyDays: { vi: "30 ngày qua", en: "last 30 days" },
  sevenDays: { vi: "7 ngày", en: "7 days" },
  thirtyDays: { vi: "30 ngày", en: "30 days" },
  period: { vi: "Khoảng thời gian", en: "Period" },
  openAlerts: { vi: "Cảnh báo đang mở", en: "Open alerts" },
  layersService: { vi: "Dịch vụ", en: "Service usage" },
  layersInfra: { vi: "Hạ tầng", en: "Infrastructure" },
  wallMode: { vi: "Màn hình lớn", en: "Wall mode" },
  laggingCommunes: { vi: "Xã chậm nhất", en: "Most lagging communes" },
  exitWall: { vi: "Thoát màn hình lớn", en: "Leave wall mode" },
  // Operations room at scale: alert paging, the KPI strip per role, map highlights.
  loadMore: { vi: "Tải thêm", en: "Load more" },
  loadingMore: { vi: "Đang tải…", en: "Loading…" },
  kpiShow: { vi: "Hiện chỉ tiêu", en: "Show targets" },
  kpiHide: { vi: "Ẩn chỉ tiêu", en: "Hide targets" },
  justChanged: { vi: "vừa thay đổi", en: "just changed" },
  selectedCommune: { vi: "xã đang xem", en: "selected commune" },
  mapHome: { vi: "Về toàn tỉnh", en: "Whole province" },
  showTable: { vi: "Xem dạng bảng", en: "Show as a table" },
  showMap: { vi: "Xem bản đồ", en: "Show the map" },
  commune: { vi: "Xã, phường", en: "Commune" },
  value: { vi: "Giá trị", en: "Value" },
  class: { vi: "Nhóm", en: "Class" },
  searchCommune: { vi: "Tìm xã", en: "Find a commune" },
  legend: { vi: "Chú giải", en: "Legend" },
  noLagging: { vi: "Không có xã nào dưới mục tiêu cấp xã.", en: "No commune is below its commune target." },
  mapLabel: { vi: "Bản đồ các xã, phường", en: "Map of the communes" },
  // Trends and playback (issue 12).
  range_7d: { vi: "7 ngày", en: "7 days" },
  range_30d: { vi: "30 ngày", en: "30 days" },
  range_90d: { vi: "90 ngày", en: "90 days" },
  range_1y: { vi: "1 năm", en: "1 year" },
  range_all: { vi: "Tất cả", en: "All" },
  last_7d: { vi: "7 ngày qua", en: "last 7 days" },
  last_30d: { vi: "30 ngày qua", en: "last 30 days" },
  last_90d: { vi: "90 ngày qua", en: "last 90 days" },
  last_1y: { vi: "1 năm qua", en: "last year" },
  last_all: { vi: "toàn bộ thời gian", en: "all the time" },
  provinceTrend: { vi: "Diễn biến toàn tỉnh", en: "Province trend" },
  actualLine: { vi: "Thực tế", en: "Actual" },
  pathLine: { vi: "Lộ trình đến mục tiêu", en: "Path to the target" },
  pathStraight: {
    vi: "Lộ trình: đường thẳng từ năm gốc đến năm mục tiêu",
    en: "Path: a straight line from the baseline year to the target year",
  },
  playback: { vi: "Phát lại", en: "Playback" },
  playbackOpen: { vi: "Phát lại theo ngày", en: "Replay by day" },
  playbackClose: { vi: "Về trực tiếp", en: "Back to live" },
  play: { vi: "Phát", en: "Play" },
  pause: { vi: "Tạm dừng", en: "Pause" },
  stepBack: { vi: "Lùi một ngày", en: "One day back" },
  stepForward: { vi: "Tiến một ngày", en: "One day forward" },
  playbackDay: { vi: "Ngày phát lại", en: "Replayed day" },
  playbackPaused: {
    vi: "Đang phát lại — dữ liệu trực tiếp tạm dừng",
    en: "Replaying — live data paused",
  },
  playbackLoading: { vi: "Đang tải số liệu ngày…", en: "Loading the day's figures…" },
  playbackSpeed: { vi: "Tốc độ", en: "Speed" },
  daysPerSecond: { vi: "ngày/giây", en: "days/s" },
  valuesOn: { vi: "Số liệu ngày", en: "Figures of" },
  playbackKeys: {
    vi: "Phím mũi tên: lùi/tiến một ngày; phím cách: phát/tạm dừng",
    en: "Arrow keys: a day back/forward; space: play/pause",
  },
} as const;

/** A key of the dictionary. */
export type MessageKey = keyof typeof DICTIONARY;

const stored = typeof localStorage === "undefined" ? null : localStorage.getItem("ioc.lang");
const [lang, setLangSignal] = createSignal<Lang>(stored === "en" ? "en" : "vi");

/** The current language. */
export { lang };

/** Switches language and remembers the choice. */
export function setLang(next: Lang): void {
  setLangSignal(next);
  if (typeof localStorage !== "undefined") localStorage.setItem("ioc.lang", next);
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/** The message for `key` in the current language. */
export function t(key: MessageKey): string {
  return DICTIONARY[key][lang()];
}

/** Numbers the Vietnamese way (1.234,5) or the English way (1,234.5). */
export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat(lang() === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: digits }).format(value);
}

/**
 * The catalogue's units (core's METRICS speak Vietnamese) in the current language, singular or
 * plural by `count` in English: "228 villages", "20 applications/day", "1 station".
 */
const UNITS: Record<string, { en: [string, string] }> = {
  "hồ sơ/ngày": { en: ["application/day", "applications/day"] },
  "phản ánh": { en: ["report", "reports"] },
  "lượt/ngày": { en: ["consultation/day", "consultations/day"] },
  hộ: { en: ["household", "households"] },
  thôn: { en: ["village", "villages"] },
  trạm: { en: ["station", "stations"] },
};

/** `unit` in the current language (units without words, % and Mbps, stay as they are). */
export function unitLabel(unit: string | undefined, count?: number): string {
  if (!unit) return "";
  const words = UNITS[unit];
  if (!words || lang() === "vi") return unit;
  return count === 1 ? words.en[0] : words.en[1];
}

/** A value with its unit, formatted for the current language: "77,1 %", "228 villages". */
export function formatValue(value: number, unit: string | undefined, digits = 1): string {
  const label = unitLabel(unit, value);
  return label ? `${formatNumber(value, digits)} ${label}` : formatNumber(value, digits);
}

/**
 * An alert's text in the current language with its number formatted the local way. The server
 * writes the value with JavaScript's plain `${value}` ("77.1 %"); where the text ends with exactly
 * that and the alert carries the value and metric, the ending is written again ("77,1 %").
 */
export function alertText(
  message: { vi: string; en: string },
  value: number | undefined,
  unit: string | undefined,
): string {
  const text = message[lang()];
  if (value === undefined) return text;
  const plain = `: ${value}${unit ? ` ${unit}` : ""}`;
  return text.endsWith(plain) ? `${text.slice(0, -plain.length)}: ${formatValue(value, unit)}` : text;
}

/**
 * A position as latitude then longitude. In Vietnamese the decimal comma would make "15,7163,
 * 107,7883" ambiguous, so the two are separated by a semicolon: "15,7163; 107,7883".
 */
export function formatLatLon([lng, lat]: readonly [number, number] | readonly number[]): string {
  return `${formatNumber(lat ?? 0, 4)}${lang() === "vi" ? "; " : ", "}${formatNumber(lng ?? 0, 4)}`;
}
