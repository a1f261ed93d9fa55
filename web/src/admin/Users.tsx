/**
 * "Quản trị → Người dùng" (issue 13 item 1): the sign-in issuer's users who can see the admin's
 * province, with role and provinces. Read-only: locally the users are the runtime's start-up
 * configuration, on AWS they live in Cognito and are changed there; the screen says which.
 */
import type { Role } from "@ioc/core";
import { createResource, createSignal, For, Show } from "solid-js";
import { lang, t } from "../i18n.js";
import { formatDateTime } from "../time-format.js";
import { type AdminMessage, useAdminCall, useAdminProvince } from "./admin-api.js";
import { a } from "./admin-i18n.js";
import "./admin.css";
import "./admin-ops.css";

interface UserView {
  username: string;
  role: Role | null;
  provinces: string[];
  enabled: boolean;
  status?: string;
  createdAt?: string;
}
interface UserList {
  province: string;
  issuer: "local" | "cognito";
  users: UserView[];
}

/** The users screen of the admin's province. */
export function UsersAdmin() {
  const province = useAdminProvince();
  const [message, setMessage] = createSignal<AdminMessage>();
  const call = useAdminCall(setMessage);
  const [list] = createResource(province, (p) => (p ? call<UserList>("GET", "/v1/users") : undefined));
  // The local issuer keeps no creation dates: no column of dashes then.
  const dated = () => (list()?.users ?? []).some((u) => u.createdAt !== undefined);
  const provinces = (codes: readonly string[]) =>
    codes.map((c) => (c === "*" ? a("everyProvince") : c)).join(", ") || "—";
  return (
    <>
      <Show when={list()}>
        {(l) => (
          <p class="ops-note" data-testid="users-issuer" data-issuer={l().issuer}>
            {l().issuer === "cognito" ? a("usersCognito") : a("usersLocal")}
          </p>
        )}
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class={`admin-message ${m().kind}`} role="alert">
            {m().text}
          </p>
        )}
      </Show>
      <Show when={!list.loading || list()} fallback={<p>{a("loading")}</p>}>
        <Show when={(list()?.users.length ?? 0) > 0} fallback={<p class="muted">{a("noUsers")}</p>}>
          <div class="key-table-wrap">
            <table class="key-table ops-table" data-testid="users-table">
              <caption>
                {a("usersOf")} {province()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{a("username")}</th>
                  <th scope="col">{a("role")}</th>
                  <th scope="col">{a("provinces")}</th>
                  <th scope="col">{a("status")}</th>
                  <Show when={dated()}>
                    <th scope="col">{a("created")}</th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={list()?.users ?? []}>
                  {(u) => (
                    <tr data-testid="user-row" data-username={u.username} data-role={u.role ?? ""}>
                      <th scope="row">
                        <code>{u.username}</code>
                      </th>
                      <td data-label={a("role")}>{u.role ? t(`role_${u.role}`) : a("noRole")}</td>
                      <td data-label={a("provinces")}>{provinces(u.provinces)}</td>
                      <td data-label={a("status")}>
                        {u.enabled ? a("userEnabled") : a("userDisabled")}
                        {u.status ? ` (${u.status})` : ""}
                      </td>
                      <Show when={dated()}>
                        <td data-label={a("created")}>
                          {u.createdAt ? formatDateTime(Date.parse(u.createdAt), lang()) : "—"}
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </>
  );
}
