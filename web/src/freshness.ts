/**
 * "cập nhật 12 giây trước": how old a value is, in words, ticking every second.
 */
import { createSignal, onCleanup } from "solid-js";
import { t } from "./i18n.js";

/** A signal of the current time, ticking every `everyMs` while its owner lives. */
export function createNow(everyMs = 1000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** "12 giây trước" / "3 phút trước" / "2 giờ trước" for a moment `at` seen from `now`. */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 120) return `${seconds} ${t("seconds")} ${t("ago")}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} ${t("minutes")} ${t("ago")}`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} ${t("hours")} ${t("ago")}` : `${Math.round(hours / 24)} ${t("days")} ${t("ago")}`;
}

/** "cập nhật 12 giây trước", or "chưa có cập nhật". */
export function updatedAgo(at: number | undefined, now: number): string {
  return at === undefined ? t("never") : `${t("updated")} ${ago(at, now)}`;
}
