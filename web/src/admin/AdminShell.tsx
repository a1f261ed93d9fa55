/**
 * The administration screen (issue 13 item 1): one page over the operations room with a tab per
 * section the admin may use, the open one in the address (`?admin=<section>`). Each section is a
 * component of its own, listed once in ./sections.tsx.
 */
import { can } from "@ioc/core";
import { createMemo, For, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { useSession } from "../session.js";
import { a } from "./admin-i18n.js";
import { adminSection, setAdminSection } from "./admin-view.js";
import { ADMIN_SECTIONS } from "./sections.js";
import "./admin.css";

/** The page: a bar with the way back and the section tabs, then the open section. */
export function AdminShell() {
  const session = useSession();
  const allowed = createMemo(() => {
    const user = session.user();
    return user ? ADMIN_SECTIONS.filter((s) => can(user, s.permission)) : [];
  });
  const current = createMemo(() => allowed().find((s) => s.id === adminSection()));
  return (
    <Show when={current()}>
      {(section) => (
        <section class="admin" aria-labelledby="admin-title" data-testid={`admin-${section().id}`}>
          <div class="admin-bar">
            <button type="button" class="lang" onClick={() => setAdminSection(undefined)} data-testid="close-admin">
              {a("back")}
            </button>
            <nav aria-label={a("admin")} class="admin-crumbs">
              <span>{a("admin")}</span>
              <span aria-hidden="true"> → </span>
              <h2 id="admin-title">{section().label()}</h2>
            </nav>
            <div class="admin-tabs" role="tablist" aria-label={a("admin")}>
              <For each={allowed()}>
                {(s) => (
                  <button
                    type="button"
                    role="tab"
                    class="lang admin-tab"
                    aria-selected={s.id === section().id}
                    onClick={() => setAdminSection(s.id)}
                    data-testid={`admin-tab-${s.id}`}
                  >
                    {s.label()}
                  </button>
                )}
              </For>
            </div>
          </div>
          <div class="admin-body">
            <Dynamic component={section().component} />
          </div>
        </section>
      )}
    </Show>
  );
}
