/**
 * The header's way into administration, for admins only (the server refuses everyone else anyway).
 * Rendered into the header's status area through a portal, like the planning link.
 */
import { can } from "@ioc/core";
import { createSignal, onMount, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { useSession } from "../session.js";
import { a } from "./admin-i18n.js";
import { setAdminSection } from "./admin-view.js";

/** A header button opening "Quản trị → Nguồn dữ liệu"; nothing for roles without `sources:write`. */
export function AdminLink() {
  const session = useSession();
  const [mountPoint, setMountPoint] = createSignal<Element>();
  onMount(() => setMountPoint(document.querySelector(".topbar .status") ?? undefined));
  const allowed = () => {
    const user = session.user();
    return user !== undefined && can(user, "sources:write");
  };
  return (
    <Show when={allowed() && mountPoint()}>
      {(element) => (
        <Portal mount={element()}>
          <button
            type="button"
            class="lang"
            onClick={() => setAdminSection("sources")}
            data-testid="open-admin"
            title={`${a("admin")} → ${a("sources")}`}
          >
            {a("admin")}
          </button>
        </Portal>
      )}
    </Show>
  );
}
