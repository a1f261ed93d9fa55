/**
 * The line an administration screen shows after an action: a success is announced politely
 * (`role="status"`), a failure at once (`role="alert"`). One copy for every screen, so their
 * classes, roles and test ids cannot drift apart.
 */
import { Show } from "solid-js";
import type { AdminMessage } from "./admin-api.js";

export function AdminBanner(p: { message: AdminMessage | undefined; testId?: string }) {
  return (
    <Show when={p.message}>
      {(m) => (
        <p class={`admin-message ${m().kind}`} role={m().kind === "error" ? "alert" : "status"} data-testid={p.testId}>
          {m().text}
        </p>
      )}
    </Show>
  );
}
