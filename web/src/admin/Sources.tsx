/**
 * "Quản trị → Nguồn dữ liệu" (issue 13 item 1): an admin lists the province's data sources, adds
 * one, edits its scope and cadence, disables it, and creates, rotates and revokes its keys. A new
 * key is shown once, with a copy button and a warning; the server never sends it again.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { lang } from "../i18n.js";
import { formatDateTime } from "../time-format.js";
import { AdminTable } from "./AdminTable.js";
import { type AdminMessage, useAdminCall, useAdminProvince } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";
import { a } from "./admin-i18n.js";
import "./admin.css";

interface KeyView {
  keyId: string;
  status: "active" | "revoked";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface SourceView {
  id: string;
  name: string;
  metricPrefixes: string[];
  cadenceSeconds: number;
  rateLimitPerMinute: number;
  enabled: boolean;
  keys: KeyView[];
}
interface CreatedKey {
  key: string;
  record: KeyView;
  revokedKeyId?: string;
}

/** Prefixes as typed ("net., gov." or "*") to the wire form; "*" is every metric (""). */
export function prefixesOf(text: string): string[] {
  if (text.trim() === "*") return [""];
  return text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The wire form back to what the field shows. */
export function prefixesText(prefixes: readonly string[]): string {
  return prefixes.map((p) => (p === "" ? "*" : p)).join(", ");
}

/** The sources screen of the admin's province. */
export function SourcesAdmin() {
  const province = useAdminProvince();
  const [message, setMessage] = createSignal<AdminMessage>();
  const [newKey, setNewKey] = createSignal<CreatedKey & { sourceId: string }>();
  const call = useAdminCall(setMessage);

  const [list, { refetch }] = createResource(province, (p) =>
    p ? call<{ sources: SourceView[] }>("GET", "/v1/sources") : undefined,
  );
  const sources = () => list()?.sources ?? [];

  const showKey = (sourceId: string, created: CreatedKey | undefined) => {
    if (!created) return;
    setMessage(undefined);
    setNewKey({ ...created, sourceId });
    void refetch();
    // The key panel takes the focus so a keyboard or screen-reader user meets the warning first.
    queueMicrotask(() => document.getElementById("new-key-value")?.focus());
  };

  return (
    <>
      <p class="muted">{a("sourcesHint")}</p>
      <AdminBanner message={message()} />
      <Show when={newKey()}>
        {(created) => <NewKeyPanel created={created()} onDone={() => setNewKey(undefined)} />}
      </Show>
      <AddSourceForm
        onAdd={async (body) => {
          const stored = await call<SourceView>("POST", "/v1/sources", body);
          if (!stored) return false;
          setMessage({ kind: "ok", text: `${a("created_ok")} ${stored.id}` });
          void refetch();
          return true;
        }}
      />
      <Show when={!list.loading || list()} fallback={<p>{a("loading")}</p>}>
        <Show when={sources().length > 0} fallback={<p class="muted">{a("noSources")}</p>}>
          <ul class="source-list">
            <For each={sources()}>
              {(source) => (
                <SourceCard
                  source={source}
                  onPatch={async (patch) => {
                    const ok = await call<SourceView>("PATCH", `/v1/sources/${source.id}`, patch);
                    if (ok) {
                      setMessage({ kind: "ok", text: `${a("saved_ok")} — ${source.id}` });
                      void refetch();
                    }
                    return ok !== undefined;
                  }}
                  onCreateKey={async () =>
                    showKey(source.id, await call<CreatedKey>("POST", `/v1/sources/${source.id}/keys`))
                  }
                  onRotate={async (keyId) =>
                    showKey(source.id, await call<CreatedKey>("POST", `/v1/sources/${source.id}/keys/${keyId}/rotate`))
                  }
                  onRevoke={async (keyId) => {
                    const ok = await call<KeyView>("DELETE", `/v1/sources/${source.id}/keys/${keyId}`);
                    if (ok) {
                      setMessage({ kind: "ok", text: `${a("revoked_ok")} ${keyId}` });
                      void refetch();
                    }
                  }}
                />
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </>
  );
}

/** The key just created: shown this once, with a copy button and the warning. */
function NewKeyPanel(props: { created: CreatedKey & { sourceId: string }; onDone: () => void }) {
  const [copied, setCopied] = createSignal<"yes" | "no">();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.key);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <section class="new-key" aria-labelledby="new-key-title" data-testid="new-key">
      <h3 id="new-key-title">
        {a("newKeyFor")} {props.created.sourceId}: {props.created.record.keyId}
      </h3>
      <p class="new-key-warning" role="alert">
        {a("newKeyWarning")}
      </p>
      <Show when={props.created.revokedKeyId}>
        {(old) => (
          <p>
            {a("rotatedNote")} {old()}
          </p>
        )}
      </Show>
      <label for="new-key-value">{a("newKey")}</label>
      <div class="new-key-row">
        <input
          id="new-key-value"
          readOnly
          value={props.created.key}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-key-value"
          spellcheck={false}
        />
        <button type="button" onClick={copy} data-testid="copy-key">
          {a("copy")}
        </button>
      </div>
      <Show when={copied()}>{(state) => <p role="status">{state() === "yes" ? a("copied") : a("copyFailed")}</p>}</Show>
      <button type="button" class="secondary" onClick={() => props.onDone()} data-testid="key-stored">
        {a("keySaved")}
      </button>
    </section>
  );
}

/** The add form: id, name, scope, cadence, each labelled. */
function AddSourceForm(props: {
  onAdd: (body: { id: string; name: string; metricPrefixes: string[]; cadenceSeconds: number }) => Promise<boolean>;
}) {
  let form: HTMLFormElement | undefined;
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!form) return;
    const data = new FormData(form);
    setBusy(true);
    const ok = await props.onAdd({
      id: String(data.get("id") ?? "").trim(),
      name: String(data.get("name") ?? "").trim(),
      metricPrefixes: prefixesOf(String(data.get("scope") ?? "")),
      cadenceSeconds: Number(data.get("cadence")),
    });
    setBusy(false);
    if (ok) form.reset();
  };
  return (
    <form class="add-source" ref={form} onSubmit={submit} aria-labelledby="add-source-title" data-testid="add-source">
      <h3 id="add-source-title">{a("addSource")}</h3>
      <div class="fields">
        <label>
          <span>{a("sourceId")}</span>
          <input name="id" required pattern="[a-z0-9][a-z0-9\-]{1,62}" aria-describedby="source-id-hint" />
          <small id="source-id-hint">{a("sourceIdHint")}</small>
        </label>
        <label>
          <span>{a("name")}</span>
          <input name="name" required maxLength={200} />
        </label>
        <label>
          <span>{a("scope")}</span>
          <input name="scope" required aria-describedby="scope-hint" placeholder="net." />
          <small id="scope-hint">{a("scopeHint")}</small>
        </label>
        <label>
          <span>{a("cadence")}</span>
          <input name="cadence" type="number" required min="1" step="1" value="300" />
        </label>
      </div>
      <button type="submit" disabled={busy()} data-testid="add-source-submit">
        {a("addSource")}
      </button>
    </form>
  );
}

/** One source: its settings (editable), its state and its keys. */
function SourceCard(props: {
  source: SourceView;
  onPatch: (patch: Record<string, unknown>) => Promise<boolean>;
  onCreateKey: () => Promise<void>;
  onRotate: (keyId: string) => Promise<void>;
  onRevoke: (keyId: string) => Promise<void>;
}) {
  const [editing, setEditing] = createSignal(false);
  const [confirming, setConfirming] = createSignal<string>();
  const s = () => props.source;
  const when = (iso: string | null) => (iso ? formatDateTime(Date.parse(iso), lang()) : "—");
  const scope = () =>
    s()
      .metricPrefixes.map((p) => (p === "" ? a("everyMetric") : `${p}*`))
      .join(", ");
  const fieldId = (name: string) => `source-${s().id}-${name}`;
  return (
    <li class="source-card" data-testid={`source-${s().id}`} data-enabled={s().enabled}>
      <div class="source-head">
        <h3>
          {s().name} <code>{s().id}</code>
        </h3>
        <span class={`source-state ${s().enabled ? "on" : "off"}`}>{s().enabled ? a("enabled") : a("disabled")}</span>
      </div>
      <Show
        when={editing()}
        fallback={
          <p>
            {a("scope")}: <strong>{scope()}</strong> · {a("cadence")}: <strong>{s().cadenceSeconds}</strong>
          </p>
        }
      >
        <form
          class="edit-source"
          onSubmit={async (e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const ok = await props.onPatch({
              metricPrefixes: prefixesOf(String(data.get("scope") ?? "")),
              cadenceSeconds: Number(data.get("cadence")),
            });
            if (ok) setEditing(false);
          }}
        >
          <label for={fieldId("scope")}>{a("scope")}</label>
          <input id={fieldId("scope")} name="scope" required value={prefixesText(s().metricPrefixes)} />
          <label for={fieldId("cadence")}>{a("cadence")}</label>
          <input
            id={fieldId("cadence")}
            name="cadence"
            type="number"
            min="1"
            step="1"
            required
            value={s().cadenceSeconds}
          />
          <button type="submit">{a("save")}</button>
          <button type="button" class="secondary" onClick={() => setEditing(false)}>
            {a("cancel")}
          </button>
        </form>
      </Show>
      <div class="source-actions">
        <Show when={!editing()}>
          <button type="button" class="secondary" onClick={() => setEditing(true)}>
            {a("edit")}
          </button>
        </Show>
        <button type="button" class="secondary" onClick={() => props.onPatch({ enabled: !s().enabled })}>
          {s().enabled ? a("disable") : a("enable")}
        </button>
        <button type="button" onClick={() => props.onCreateKey()} data-testid={`create-key-${s().id}`}>
          {a("createKey")}
        </button>
      </div>
      <Show when={s().keys.length > 0} fallback={<p class="muted">{a("noKeys")}</p>}>
        <AdminTable
          class="key-table"
          wrapClass="key-table-wrap"
          caption={
            <>
              {a("keys")} — {s().id}
            </>
          }
          rows={s().keys}
          row={(key) => ({ "data-testid": `key-${key.keyId}`, "data-status": key.status })}
          columns={[
            { header: () => a("keys"), rowHeader: true, cell: (key) => <code>{key.keyId}</code> },
            {
              header: () => a("status"),
              label: () => a("status"),
              cell: (key) => (key.status === "active" ? a("keyActive") : a("keyRevoked")),
            },
            { header: () => a("created"), label: () => a("created"), cell: (key) => when(key.createdAt) },
            {
              header: () => a("lastUsed"),
              label: () => a("lastUsed"),
              cell: (key) => (key.lastUsedAt ? when(key.lastUsedAt) : a("never")),
            },
            { header: () => a("revokedAt"), label: () => a("revokedAt"), cell: (key) => when(key.revokedAt) },
            {
              header: () => a("actions"),
              class: "key-actions",
              cell: (key) => (
                <>
                  <Show when={key.status === "active"}>
                    <Show
                      when={confirming() === key.keyId}
                      fallback={
                        <>
                          <button type="button" class="secondary" onClick={() => props.onRotate(key.keyId)}>
                            {a("rotate")}
                          </button>
                          <button
                            type="button"
                            class="danger"
                            onClick={() => setConfirming(key.keyId)}
                            data-testid={`revoke-${key.keyId}`}
                            aria-label={`${a("revoke")} ${key.keyId}`}
                          >
                            {a("revoke")}
                          </button>
                        </>
                      }
                    >
                      <span class="muted">{a("revokeWarning")}</span>
                      <button
                        type="button"
                        class="danger"
                        onClick={async () => {
                          await props.onRevoke(key.keyId);
                          setConfirming(undefined);
                        }}
                        data-testid={`confirm-revoke-${key.keyId}`}
                      >
                        {a("confirmRevoke")}
                      </button>
                      <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
                        {a("cancel")}
                      </button>
                    </Show>
                  </Show>
                </>
              ),
            },
          ]}
        />
      </Show>
    </li>
  );
}
