/**
 * The admin "Nhật ký" page (issue 13 item 2): the province's audit trail as a table, filtered by
 * person, action, object and period, newest first, with older pages on demand and a CSV download
 * of the same search. A section of the administration screen, also opened from a header button that
 * only admins get (the server refuses the others anyway).
 */
import { type AuditQuery, type AuditRecordView, createOpsClient } from "@ioc/client";
import { AUDIT_ACTIONS, can, canonicalJson } from "@ioc/core";
import { createResource, createSignal, For, onMount, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { adminSection, setAdminSection } from "../admin/admin-view.js";
import { o } from "../alerts/ops-i18n.js";
import { lang } from "../i18n.js";
import { useSession } from "../session.js";
import { formatDateTime } from "../time-format.js";

/** The header button (admins only): opens the administration screen's audit section. */
export function AuditLink() {
  const session = useSession();
  const [mountPoint, setMountPoint] = createSignal<Element>();
  onMount(() => setMountPoint(document.querySelector(".topbar .status") ?? undefined));
  const allowed = () => {
    const user = session.user();
    return user !== undefined && can(user, "audit:read");
  };
  return (
    <Show when={allowed()}>
      <Show when={mountPoint()}>
        {(element) => (
          <Portal mount={element()}>
            <button
              type="button"
              class="lang"
              aria-pressed={adminSection() === "audit"}
              onClick={() => setAdminSection(adminSection() === "audit" ? undefined : "audit")}
              data-testid="open-audit"
            >
              {o("audit")}
            </button>
          </Portal>
        )}
      </Show>
    </Show>
  );
}

const label = (action: string) =>
  (AUDIT_ACTIONS as Record<string, { vi: string; en: string }>)[action]?.[lang()] ?? action;
const brief = (value: unknown) => (value === undefined ? "—" : canonicalJson(value));
/** A date input's day as the start of that day in Vietnam (UTC+7), ISO. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00+07:00`).toISOString() : undefined);
const dayEnd = (day: string) =>
  day ? new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000).toISOString() : undefined;

/** The audit section of the administration screen. */
export function AuditPage() {
  const session = useSession();
  const client = createOpsClient({
    baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    token: session.token,
    onUnauthorized: () => session.signOut(),
  });
  const [actor, setActor] = createSignal("");
  const [action, setAction] = createSignal("");
  const [object, setObject] = createSignal("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [query, setQuery] = createSignal<AuditQuery>({});
  const [older, setOlder] = createSignal<AuditRecordView[]>([]);
  const [cursor, setCursor] = createSignal<string>();
  const [downloadError, setDownloadError] = createSignal<string>();
  const [page] = createResource(query, async (q) => {
    const result = await client.audit({ ...q, limit: 50 });
    setOlder([]);
    setCursor(result.nextCursor);
    return result;
  });
  const rows = () => [...(page()?.records ?? []), ...older()];
  const apply = (event: Event) => {
    event.preventDefault();
    setQuery({
      ...(actor().trim() ? { actor: actor().trim() } : {}),
      ...(action() ? { action: action() } : {}),
      ...(object().trim() ? { object: object().trim() } : {}),
      ...(from() ? { from: dayStart(from()) } : {}),
      ...(to() ? { to: dayEnd(to()) } : {}),
    });
  };
  const more = async () => {
    const next = await client.audit({ ...query(), limit: 50, cursor: cursor() });
    setOlder((o) => [...o, ...next.records]);
    setCursor(next.nextCursor);
  };
  const download = async () => {
    setDownloadError(undefined);
    try {
      const file = await client.exportAudit(query());
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setDownloadError(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section class="audit-page" aria-label={o("auditTitle")} data-testid="audit-page">
      <p class="muted">{o("auditHint")}</p>
      <form class="audit-filters" onSubmit={apply}>
        <label>
          <span>{o("actor")}</span>
          <input
            type="text"
            value={actor()}
            onInput={(e) => setActor(e.currentTarget.value)}
            data-testid="audit-actor"
          />
        </label>
        <label>
          <span>{o("action")}</span>
          <select value={action()} onChange={(e) => setAction(e.currentTarget.value)} data-testid="audit-action">
            <option value="">{o("any")}</option>
            <For each={Object.keys(AUDIT_ACTIONS)}>{(a) => <option value={a}>{label(a)}</option>}</For>
          </select>
        </label>
        <label>
          <span>{o("object")}</span>
          <input
            type="text"
            value={object()}
            onInput={(e) => setObject(e.currentTarget.value)}
            data-testid="audit-object"
          />
        </label>
        <label>
          <span>{o("from")}</span>
          <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} data-testid="audit-from" />
        </label>
        <label>
          <span>{o("to")}</span>
          <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} data-testid="audit-to" />
        </label>
        <button type="submit" class="primary" data-testid="audit-search">
          {o("search")}
        </button>
        <button type="button" class="secondary" onClick={() => void download()} data-testid="audit-csv">
          {o("downloadCsv")}
        </button>
      </form>
      <Show when={page.error || downloadError()}>
        <p class="error-text" role="alert">
          {o("failed")}: {String(downloadError() ?? page.error)}
        </p>
      </Show>
      <div class="audit-table-wrap">
        <table class="audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{o("seq")}</th>
              <th scope="col">{o("at")}</th>
              <th scope="col">{o("actor")}</th>
              <th scope="col">{o("role")}</th>
              <th scope="col">{o("action")}</th>
              <th scope="col">{o("object")}</th>
              <th scope="col">{o("change")}</th>
              <th scope="col">{o("client")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={8} class="muted">
                    {page.loading ? "…" : o("noRecords")}
                  </td>
                </tr>
              }
            >
              {(r) => (
                <tr data-testid="audit-row" data-action={r.action} data-object={r.objectId}>
                  <td>{r.seq}</td>
                  <td>{formatDateTime(Date.parse(r.at), lang())}</td>
                  <td>{r.actor}</td>
                  <td>{r.role}</td>
                  <td>{label(r.action)}</td>
                  <td>
                    {r.objectType}/{r.objectId}
                  </td>
                  <td class="audit-change">
                    <code>{brief(r.before)}</code> → <code>{brief(r.after)}</code>
                  </td>
                  <td class="muted">
                    {r.address ?? "—"} · {r.userAgent ?? "—"}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={cursor()}>
        <button type="button" class="secondary" onClick={() => void more()} data-testid="audit-more">
          {o("more")}
        </button>
      </Show>
    </section>
  );
}
