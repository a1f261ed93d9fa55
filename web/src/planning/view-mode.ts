/**
 * Which screen the dashboard shows: the operations room, or the planning view (`?view=planning`).
 * Kept in the address so a planner can bookmark or share the view.
 */
import type { Role } from "@ioc/core";
import { createSignal } from "solid-js";

/** The dashboard's screens. */
export type View = "operations" | "planning";

const fromLocation = (): View =>
  typeof location !== "undefined" && new URLSearchParams(location.search).get("view") === "planning"
    ? "planning"
    : "operations";
const [view, setViewSignal] = createSignal<View>(fromLocation());
if (typeof window !== "undefined") window.addEventListener("popstate", () => setViewSignal(fromLocation()));

/** The current screen. */
export { view };

/** Switches screen and records it in the address (Back returns to the previous screen). */
export function setView(next: View): void {
  if (next === view()) return;
  setViewSignal(next);
  if (typeof history === "undefined") return;
  const url = new URL(location.href);
  if (next === "planning") url.searchParams.set("view", "planning");
  else url.searchParams.delete("view");
  history.pushState(null, "", url);
}

/** The screen a role starts on: planners come for the analysis view (DOMAIN.md), others the room. */
export function landingView(role: Role): View {
  return role === "planner" ? "planning" : "operations";
}

/**
 * After sign-in: shows the role's starting screen, unless the address already names one (a
 * bookmark or a shared link wins). Replaces the history entry rather than adding one.
 */
export function applyLanding(role: Role): void {
  if (typeof location === "undefined" || new URLSearchParams(location.search).has("view")) return;
  const next = landingView(role);
  if (next === view()) return;
  setViewSignal(next);
  const url = new URL(location.href);
  url.searchParams.set("view", next);
  history.replaceState(null, "", url);
}
