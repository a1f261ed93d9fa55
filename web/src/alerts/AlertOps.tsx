/**
 * Ops basics in the console (issue 13 item 4): each alert's SLA timers and who has it, a panel
 * to assign or snooze it, and a bar to acknowledge several selected alerts at once. The server
 * refuses leaders, planners and other provinces; these controls show only to who may act.
 */
import { ApiProblem, createOpsClient } from "@ioc/client";
import { type Alert, alertSla, formatDuration, isSnoozed } from "@ioc/core";
import { createSignal, Show } from "solid-js";
import { lang, t } from "../i18n.js";
import { actionFailure, online } from "../network.js";
import { useSession } from "../session.js";
import { formatDateTime } from "../time-format.js";
import { useAlerts } from "./alerts-store.js";
import { o } from "./ops-i18n.js";

/** The ops client of the signed-in user. */
function useOpsClient() {
  const session = useSession();
  return createOpsClient({
    baseUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "",
    token: session.token,
    onUnauthorized: () => session.signOut(),
  });
}

const failureText = (error: unknown) => {
  const sentence = t(actionFailure(error, online()));
  return error instanceof ApiProblem ? `${sentence} (${error.status} ${error.code})` : sentence;
};

// The console's selection for bulk acknowledgement: alert ids, kept across filter changes.
const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
/** Selects or unselects one alert. */
export function toggleSelected(id: string, on: boolean): void {
  setSelected((s) => {
    const next = new Set(s);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
}
export { selected };

/** A row's timers and state: open for, since acknowledged, assignee, snoozed until. */
export function AlertSlaLine(props: { alert: Alert; now: number }) {
  const sla = () => alertSla(props.alert, props.now);
  return (
    <span class="alert-sla muted" data-testid="alert-sla">
      {o("openFor")} {formatDuration(sla().openMs)}
      <Show when={sla().sinceAckMs !== undefined}>
        {" · "}
        {o("sinceAck")} {formatDuration(sla().sinceAckMs ?? 0)}
      </Show>
      <Show when={props.alert.assignee}>
        {" · "}
        <span data-testid="alert-assignee">
          {o("assignedTo")}: {props.alert.assignee}
        </span>
      </Show>
      <Show when={isSnoozed(props.alert, props.now)}>
        {" · "}
        <span data-testid="alert-snoozed">
          ⏸ {o("snoozedUntil")} {formatDateTime(props.alert.snoozedUntil ?? 0, lang())}
        </span>
      </Show>
    </span>
  );
}

/** The checkbox that puts an open alert in the selection. */
export function AlertSelect(props: { alert: Alert }) {
  return (
    <Show when={props.alert.status === "open"}>
      <label class="alert-select">
        <input
          type="checkbox"
          checked={selected().has(props.alert.id)}
          onChange={(e) => toggleSelected(props.alert.id, e.currentTarget.checked)}
          onKeyDown={(e) => e.stopPropagation()}
          aria-label={`${o("select")}: ${props.alert.id}`}
          data-testid="alert-select"
        />
      </label>
    </Show>
  );
}

/** Above the list: acknowledge every selected alert at once, and what came of each. */
export function BulkAckBar() {
  const alerts = useAlerts();
  const client = useOpsClient();
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<string>();
  const run = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { results } = await client.acknowledgeMany([...selected()]);
      for (const r of results) if (r.alert) alerts.applyAnswer(r.alert);
      const done = results.filter((r) => r.outcome === "acknowledged").length;
      setMessage(
        `${o("bulkDone")} ${done}${done < results.length ? `; ${o("bulkSkipped")} ${results.length - done}` : ""}`,
      );
      setSelected(new Set<string>());
    } catch (error) {
      setMessage(failureText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={selected().size > 0 || message()}>
      <div class="bulk-bar" data-testid="bulk-bar">
        <Show when={selected().size > 0}>
          <span>
            {o("selectedCount")}: <strong>{selected().size}</strong>
          </span>
          <button
            type="button"
            class="primary"
            disabled={busy() || !online()}
            onClick={() => void run()}
            data-testid="bulk-ack"
          >
            {o("ackSelected")}
          </button>
          <button type="button" class="secondary" onClick={() => setSelected(new Set<string>())}>
            {o("clearSelection")}
          </button>
        </Show>
        <Show when={message()}>
          {(text) => (
            <span role="status" data-testid="bulk-result">
              {text()}
            </span>
          )}
        </Show>
      </div>
    </Show>
  );
}

/** In an open alert: assign it, snooze it with a reason until a time, or end its snooze. */
export function AlertOpsPanel(props: { alert: Alert; now: number }) {
  const alerts = useAlerts();
  const client = useOpsClient();
  const [assignee, setAssignee] = createSignal(props.alert.assignee ?? "");
  // The default end: an hour from now, as the local time a datetime-local input shows.
  const inAnHour = () => {
    const d = new Date(Date.now() + 3_600_000 - new Date().getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 16);
  };
  const [until, setUntil] = createSignal(inAnHour());
  const [reason, setReason] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  const act = async (run: () => Promise<Alert>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      alerts.applyAnswer(await run());
    } catch (error) {
      setFailure(failureText(error));
    } finally {
      setBusy(false);
    }
  };
  const stop = (e: KeyboardEvent) => e.stopPropagation();
  return (
    <div class="alert-ops" data-testid="alert-ops">
      <Show when={props.alert.acknowledgedAt !== undefined}>
        <p class="muted">
          {o("timeToAck")}: {formatDuration(alertSla(props.alert, props.now).timeToAckMs ?? 0)}
        </p>
      </Show>
      <div class="ops-row">
        <label>
          <span>{o("assignee")}</span>
          <input
            type="text"
            value={assignee()}
            placeholder={o("assigneePlaceholder")}
            onInput={(e) => setAssignee(e.currentTarget.value)}
            onKeyDown={stop}
            data-testid="assignee-input"
          />
        </label>
        <button
          type="button"
          class="secondary"
          disabled={busy() || !online() || assignee().trim() === ""}
          onClick={() => void act(() => client.assign(props.alert.id, assignee().trim()))}
          onKeyDown={stop}
          data-testid="assign"
        >
          {o("assign")}
        </button>
      </div>
      <Show
        when={!isSnoozed(props.alert, props.now)}
        fallback={
          <button
            type="button"
            class="secondary"
            disabled={busy() || !online()}
            onClick={() => void act(() => client.unsnooze(props.alert.id))}
            onKeyDown={stop}
            data-testid="unsnooze"
          >
            {o("unsnooze")}
          </button>
        }
      >
        <div class="ops-row">
          <label>
            <span>{o("snoozeUntil")}</span>
            <input
              type="datetime-local"
              value={until()}
              onInput={(e) => setUntil(e.currentTarget.value)}
              onKeyDown={stop}
              data-testid="snooze-until"
            />
          </label>
          <label>
            <span>{o("snoozeReason")}</span>
            <input
              type="text"
              value={reason()}
              onInput={(e) => setReason(e.currentTarget.value)}
              onKeyDown={stop}
              data-testid="snooze-reason"
            />
          </label>
          <button
            type="button"
            class="secondary"
            disabled={busy() || !online() || reason().trim() === "" || until() === ""}
            onClick={() =>
              void act(() => client.snooze(props.alert.id, new Date(until()).toISOString(), reason().trim()))
            }
            onKeyDown={stop}
            data-testid="snooze"
          >
            {o("snooze")}
          </button>
        </div>
      </Show>
      <Show when={failure()}>
        {(message) => (
          <p class="error-text" role="alert">
            {t("actionFailed")}: {message()}
          </p>
        )}
      </Show>
    </div>
  );
}
