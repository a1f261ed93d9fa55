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
  updated: { vi: "cập nhật", en: "updated" },
  ago: { vi: "trước", en: "ago" },
  seconds: { vi: "giây", en: "s" },
  minutes: { vi: "phút", en: "min" },
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
  role_leader: { vi: "Lãnh đạo", en: "Leader" },
  role_ops: { vi: "Vận hành", en: "Operations" },
  role_planner: { vi: "Kế hoạch", en: "Planner" },
  role_admin: { vi: "Quản trị", en: "Administrator" },
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
