/**
 * The way into the planning view for users who may read gaps. It is rendered into the header's
 * status area through a portal, so the header component itself stays untouched by this feature.
 */
import { can } from "@ioc/core";
import { createSignal, onMount, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { useSession } from "../session.js";
import { p } from "./planning-i18n.js";
import { setView } from "./view-mode.js";

/** A header button opening the planning view; nothing for roles without `gaps:read`. */
export function PlanningLink() {
  const session = useSession();
  const [mountPoint, setMountPoint] = createSignal<Element>();
  // The header is in the document only once the tree is mounted.
  onMount(() => setMountPoint(document.querySelector(".topbar .status") ?? undefined));
  const allowed = () => {
    const user = session.user();
    return user !== undefined && can(user, "gaps:read");
  };
  return (
    <Show when={allowed() && mountPoint()}>
      {(element) => (
        <Portal mount={element()}>
          <button type="button" class="lang" onClick={() => setView("planning")} data-testid="open-planning">
            {p("planning")}
          </button>
        </Portal>
      )}
    </Show>
  );
}
