/**
 * The ops console: live alerts with counts per severity, filters, keyboard navigation, a page at a
 * time ("Tải thêm" fetches the next), and acknowledge/resolve with a note for the roles that may
 * (the server refuses the others anyway).
 */
import { ApiProblem } from "@ioc/client";
import { type Alert, type AlertStatus, findMetric, permissionsOf, type Severity } from "@ioc/core";
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import { useDashboard } from "../dashboard-store.js";
import { ago, createNow } from "../freshness.js";
import { alertText, formatValue, lang, type MessageKey, t } from "../i18n.js";
import { actionFailure, online } from "../network.js";
import { useSession } from "../session.js";
import { formatDateTime } from "../time-format.js";
import { AlertOpsPanel, AlertSelect, AlertSlaLine, BulkAckBar } from "./AlertOps.js";
import { useAlerts } from "./alerts-store.js";

const SEVERITIES: Severity[] = ["critical", "warning", "info"];
const STATUSES: Array<AlertStatus | "active"> = ["active", "open", "acknowledged", "resolved"];

/** The console as a side panel. `sound`/`setSound` drive the optional cue for new critical alerts. */
export function AlertsConsole(props: {
  sound: boolean;
  onSound: (on: boolean) => void;
  /** The open alert, when the page owns it (a map pin opens one too); else the console keeps its own. */
  open?: string | undefined;
  /** An alert was opened (its id) or closed; with it, `open` says which is open. */
  onOpen?: (id: string | undefined) => void;
}) {
  const alerts = useAlerts();
  const dashboard = useDashboard();
  const session = useSession();
  const now = createNow();
  const [ownOpenId, setOwnOpenId] = createSignal<string>();
  const openId = () => (props.onOpen ? props.open : ownOpenId());
  const setOpenId = (next: string | undefined | ((current: string | undefined) => string | undefined)) => {
    const value = typeof next === "function" ? next(openId()) : next;
    if (props.onOpen) props.onOpen(value);
    else setOwnOpenId(value);
  };
  // An alert opened from elsewhere (a map pin) is brought into view in the list.
  createEffect(
    on(openId, (id) => {
      if (!id) return;
      // Found by dataset, not a selector: ids carry ":" and jsdom has no CSS.escape.
      const row = [...(list?.querySelectorAll<HTMLElement>("[data-alert-id]") ?? [])].find(
        (el) => el.dataset.alertId === id,
      );
      row?.scrollIntoView?.({ block: "nearest" });
    }),
  );
  let list!: HTMLUListElement;

  const canWrite = createMemo(() => {
    const user = session.user();
    return user ? permissionsOf(user.role).includes("alerts:write") : false;
  });
  const names = createMemo(() => {
    const out = new Map<string, string>();
    for (const f of dashboard.collection()?.features ?? []) out.set(f.properties.code, f.properties.name);
    return out;
  });
  const metrics = createMemo(() => {
    const keys = new Set<string>();
    for (const a of alerts.visible()) if (a.metric) keys.add(a.metric);
    for (const key of ["net.bts_down", "iot.cameras_online_rate", "net.coverage_4g", "gov.feedback_open"])
      keys.add(key);
    const selected = alerts.filters().metric;
    if (selected) keys.add(selected);
    return [...keys].flatMap((k) => findMetric(k) ?? []);
  });

  const items = () => [...list.querySelectorAll<HTMLElement>("[data-alert-id]")];
  const onKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const focus = (k: number) => all[Math.max(0, Math.min(all.length - 1, k))]?.focus();
    if (event.key === "ArrowDown") focus(index + 1);
    else if (event.key === "ArrowUp") focus(index - 1);
    else if (event.key === "Home") focus(0);
    else if (event.key === "End") focus(all.length - 1);
    else if (event.key === "Escape") setOpenId(undefined);
    else return;
    event.preventDefault();
  };

  const setFilter = (key: "severity" | "status" | "metric", value: string) =>
    alerts.setFilters((f) => {
      const next = { ...f };
      if (value) (next as Record<string, string>)[key] = value;
      else delete next[key];
      return next;
    });

  return (
    <section class="alerts-console" aria-label={t("alerts")} data-testid="alerts-console">
      <div class="alerts-head">
        <h2>{t("alerts")}</h2>
        <ul class="counts" aria-label={t("severity")}>
          <For each={SEVERITIES}>
            {(s) => (
              <li class={`count sev-${s}`} data-testid={`count-${s}`}>
                <span class="sev-icon" aria-hidden="true">
                  {s === "critical" ? "▲" : s === "warning" ? "◆" : "●"}
                </span>
                {t(`sev_${s}`)} <strong>{alerts.counts()[s]}</strong>
              </li>
            )}
          </For>
        </ul>
        <label class="sound-toggle">
          <input
            type="checkbox"
            checked={props.sound}
            onChange={(e) => props.onSound(e.currentTarget.checked)}
            data-testid="sound-toggle"
          />
          {t("sound")}
        </label>
      </div>
      <div class="filters">
        <label>
          <span>{t("severity")}</span>
          <select
            value={alerts.filters().severity ?? ""}
            onChange={(e) => setFilter("severity", e.currentTarget.value)}
            data-testid="filter-severity"
          >
            <option value="">{t("any")}</option>
            <For each={SEVERITIES}>{(s) => <option value={s}>{t(`sev_${s}`)}</option>}</For>
          </select>
        </label>
        <label>
          <span>{t("status")}</span>
          <select
            value={alerts.filters().status ?? ""}
            onChange={(e) => setFilter("status", e.currentTarget.value)}
            data-testid="filter-status"
          >
            <option value="">{t("any")}</option>
            <For each={STATUSES}>{(s) => <option value={s}>{t(`st_${s}`)}</option>}</For>
          </select>
        </label>
        <label>
          <span>{t("metric")}</span>
          <select
            value={alerts.filters().metric ?? ""}
            onChange={(e) => setFilter("metric", e.currentTarget.value)}
            data-testid="filter-metric"
          >
            <option value="">{t("any")}</option>
            <For each={metrics()}>{(m) => <option value={m.key}>{m.label[lang()]}</option>}</For>
          </select>
        </label>
      </div>
      <p class="hint muted">{t("alertListHint")}</p>
      <Show when={alerts.error()}>
        {(message) => (
          <p class="error-text" role="alert">
            {t("loadFailed")}: {message()}
          </p>
        )}
      </Show>
      <Show when={canWrite()}>
        <BulkAckBar />
      </Show>
      <ul class="alert-list" ref={list} onKeyDown={onKeyDown} data-testid="alert-list">
        <For each={alerts.visible()} fallback={<li class="muted empty">{t("noAlerts")}</li>}>
          {(alert) => (
            <AlertRow
              alert={alert}
              communeName={alert.commune ? (names().get(alert.commune) ?? alert.commune) : (alert.sourceId ?? "")}
              fresh={alerts.fresh().has(alert.id) && alert.status === "open"}
              open={openId() === alert.id}
              onToggle={() => setOpenId((current) => (current === alert.id ? undefined : alert.id))}
              canWrite={canWrite()}
              now={now()}
            />
          )}
        </For>
        {/* At the end of the list, where a reader scrolling down looks for more. */}
        <Show when={alerts.hasMore()}>
          <li class="load-more">
            <button
              type="button"
              class="secondary"
              disabled={alerts.loadingMore()}
              onClick={() => void alerts.loadMore()}
              data-testid="load-more"
            >
              {alerts.loadingMore() ? t("loadingMore") : t("loadMore")}
            </button>
          </li>
        </Show>
      </ul>
    </section>
  );
}

function AlertRow(props: {
  alert: Alert;
  communeName: string;
  fresh: boolean;
  open: boolean;
  onToggle: () => void;
  canWrite: boolean;
  now: number;
}) {
  const alerts = useAlerts();
  const [note, setNote] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  const act = async (action: "acknowledge" | "resolve") => {
    setBusy(true);
    setFailure(undefined);
    try {
      await alerts[action](props.alert.id, note().trim() || undefined);
      setNote("");
    } catch (error) {
      // A plain sentence; the server's problem code stays for whoever calls support.
      const sentence = t(actionFailure(error, online()));
      setFailure(error instanceof ApiProblem ? `${sentence} (${error.status} ${error.code})` : sentence);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      class={`alert-row sev-${props.alert.severity} st-${props.alert.status}`}
      classList={{ escalated: props.alert.escalated, fresh: props.fresh, expanded: props.open }}
      data-status={props.alert.status}
      data-testid="alert-row"
    >
      <Show when={props.canWrite}>
        <AlertSelect alert={props.alert} />
      </Show>
      {/* A button, so Enter and Space open it natively; arrow keys move between these buttons. */}
      <button
        type="button"
        class="alert-summary"
        data-alert-id={props.alert.id}
        aria-expanded={props.open}
        onClick={() => props.onToggle()}
      >
        <span class="sev-badge">
          <span aria-hidden="true">
            {props.alert.severity === "critical" ? "▲" : props.alert.severity === "warning" ? "◆" : "●"}
          </span>{" "}
          {t(`sev_${props.alert.severity}`)}
        </span>
        <Show when={props.alert.escalated}>
          <span class="escalated-badge" data-testid="escalated">
            ⚠ {t("escalated")}
          </span>
        </Show>
        <Show when={props.fresh}>
          <span class="new-badge">{t("newAlert")}</span>
        </Show>
        <span class="alert-status" data-testid="alert-status">
          {t(`st_${props.alert.status}`)}
        </span>
        <span class="alert-message">
          {alertText(props.alert.message, props.alert.value, findMetric(props.alert.metric ?? "")?.unit)}
        </span>
        <span class="alert-meta muted">
          {props.communeName} · {ago(props.alert.lastSeenAt, props.now)}
          {props.alert.occurrences > 1 ? ` · ${props.alert.occurrences} ${t("occurrences")}` : ""}
          {props.alert.acknowledgedBy ? ` · ${t("st_acknowledged")} ${t("by")} ${props.alert.acknowledgedBy}` : ""}
        </span>
        <AlertSlaLine alert={props.alert} now={props.now} />
      </button>
      <Show when={props.open}>
        <div class="alert-detail">
          <Show when={props.alert.value !== undefined && props.alert.metric}>
            <div>
              {findMetric(props.alert.metric ?? "")?.label[lang()]}:{" "}
              {formatValue(props.alert.value ?? 0, findMetric(props.alert.metric ?? "")?.unit)}
            </div>
          </Show>
          <h3>{t("history")}</h3>
          <ol class="history">
            <For each={props.alert.history}>
              {(e) => (
                <li>
                  {formatDateTime(e.at, lang())} · {t(`ev_${e.action}` as MessageKey)}
                  {e.by ? ` ${t("by")} ${e.by}` : ""}
                  {e.note ? ` — “${e.note}”` : ""}
                </li>
              )}
            </For>
          </ol>
          <Show when={props.canWrite && props.alert.status !== "resolved"}>
            <label class="note">
              <span>{t("note")}</span>
              <textarea
                rows="2"
                value={note()}
                placeholder={t("notePlaceholder")}
                onInput={(e) => setNote(e.currentTarget.value)}
                onKeyDown={(e) => e.stopPropagation()}
                data-testid="alert-note"
              />
            </label>
            <div class="actions">
              <Show when={props.alert.status === "open"}>
                <button
                  type="button"
                  class="primary"
                  disabled={busy() || !online()}
                  onClick={() => void act("acknowledge")}
                  onKeyDown={(e) => e.stopPropagation()}
                  data-testid="ack"
                >
                  {t("acknowledge")}
                </button>
              </Show>
              <button
                type="button"
                class="secondary"
                disabled={busy() || !online()}
                onClick={() => void act("resolve")}
                onKeyDown={(e) => e.stopPropagation()}
                data-testid="resolve"
              >
                {t("resolve")}
              </button>
            </div>
          </Show>
          <Show when={props.canWrite && props.alert.status !== "resolved"}>
            <AlertOpsPanel alert={props.alert} now={props.now} />
          </Show>
          <Show when={props.canWrite && props.alert.status !== "resolved" && !online()}>
            <p class="offline-hint" data-testid="offline-hint">
              {t("waitingForNetwork")}
            </p>
          </Show>
          <Show when={failure()}>
            {(message) => (
              <p class="error-text" role="alert" data-testid="action-failure">
                {t("actionFailed")}: {message()}
              </p>
            )}
          </Show>
        </div>
      </Show>
    </li>
  );
}
