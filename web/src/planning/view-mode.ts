/**
 * Which screen the dashboard shows: the operations room, or the planning view (`?view=planning`).
 * Kept in the address so a planner can bookmark or share the view.
 */
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
