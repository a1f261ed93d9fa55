/**
 * "Quản trị → Người dùng" (issue 13 item 1): the sign-in issuer's users who can see the admin's
 * province, with role and provinces. Read-only: locally the users are the runtime's start-up
 * configuration, on AWS they live in Cognito and are changed there; the screen says which.
 */
import type { Role } from "@ioc/core";
import { createResource, createSignal, Show } from "solid-js";
import { lang, t } from "../i18n.js";
import { formatDateTime } from "../time-format.js";
import { AdminTable } from "./AdminTable.js";
import { type AdminMessage, useAdminCall, useAdminProvince } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";
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
      <AdminBanner message={message()} />
      <Show when={!list.loading || list()} fallback={<p>{a("loading")}</p>}>
        <Show when={(list()?.users.length ?? 0) > 0} fallback={<p class="muted">{a("noUsers")}</p>}>
          <AdminTable
            class="key-table ops-table"
            wrapClass="key-table-wrap"
            testid="users-table"
            caption={
              <>
                {a("usersOf")} {province()}
              </>
            }
            rows={list()?.users ?? []}
            row={(u) => ({ "data-testid": "user-row", "data-username": u.username, "data-role": u.role ?? "" })}
            columns={[
              { header: () => a("username"), rowHeader: true, cell: (u) => <code>{u.username}</code> },
              {
                header: () => a("role"),
                label: () => a("role"),
                cell: (u) => (u.role ? t(`role_${u.role}`) : a("noRole")),
              },
              { header: () => a("provinces"), label: () => a("provinces"), cell: (u) => provinces(u.provinces) },
              {
                header: () => a("status"),
                label: () => a("status"),
                cell: (u) => `${u.enabled ? a("userEnabled") : a("userDisabled")}${u.status ? ` (${u.status})` : ""}`,
              },
              {
                header: () => a("created"),
                label: () => a("created"),
                when: dated,
                cell: (u) => (u.createdAt ? formatDateTime(Date.parse(u.createdAt), lang()) : "—"),
              },
            ]}
          />
        </Show>
      </Show>
    </>
  );
}
