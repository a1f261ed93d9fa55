/**
 * Whether the administration screen is open (`?admin=sources`), kept in the address apart from
 * the planning view's `view` parameter so the two never fight over it; Back closes it.
 */
import { createSignal } from "solid-js";

/** An administration section's id (./sections.tsx lists them; the shell ignores unknown ones). */
export type AdminSection = string;

const fromLocation = (): AdminSection | undefined =>
  (typeof location !== "undefined" && new URLSearchParams(location.search).get("admin")) || undefined;
const [adminSection, setSection] = createSignal<AdminSection | undefined>(fromLocation());
if (typeof window !== "undefined") window.addEventListener("popstate", () => setSection(fromLocation()));

/** The open administration section, or undefined. */
export { adminSection };

/** Opens (or, with undefined, closes) an administration section and records it in the address. */
export function setAdminSection(next: AdminSection | undefined): void {
  if (next === adminSection()) return;
  setSection(next);
  if (typeof history === "undefined") return;
  const url = new URL(location.href);
  if (next) url.searchParams.set("admin", next);
  else url.searchParams.delete("admin");
  history.pushState(null, "", url);
}
