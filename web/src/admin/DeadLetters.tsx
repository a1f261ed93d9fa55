/**
 * "Quản trị → Bản ghi lỗi" (issue 13 item 1): the processor's dead letters of the admin's
 * province, newest first, with why each was set aside and what it carried. An admin opens a
 * record's detail, replays one or the selected ones, and sees each row's result: replayed and
 * removed, or failed again with the reason (kept). Every replay is in the audit trail.
 */
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { lang } from "../i18n.js";
import { formatDateTime } from "../time-format.js";
import { type AdminMessage, useAdminCall, useAdminProvince } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";
import { a } from "./admin-i18n.js";
import "./admin.css";
import "./admin-ops.css";

interface DeadLetterView {
  id: string;
  at: string;
  reason: string;
  attempts: number | null;
  summary: {
    eventName?: string;
    entity?: string;
    sourceId?: string;
    readingId?: string;
    province?: string;
    commune?: string;
    metric?: string;
    value?: number;
    observedAt?: string;
  };
}
interface DeadLetterPage {
  total: number;
  deadLetters: DeadLetterView[];
  nextCursor?: string;
}
interface ReplayResult {
  id: string;
  outcome: "replayed" | "failed";
  reason?: string;
}
/** A row's replay state: under way, or what the server answered. */
type RowResult = { state: "busy" } | { state: "replayed" } | { state: "failed"; reason: string };

const PAGE = 50;

/** The record in one line: commune · metric = value (what an operator recognises). */
export function recordLine(s: DeadLetterView["summary"], noValue: string): string {
  const what = [s.commune, s.metric].filter(Boolean).join(" · ");
  const value = s.value === undefined ? noValue : String(s.value);
  return `${what || s.entity || "—"} = ${value}`;
}

/** The dead-letter screen of the admin's province. */
export function DeadLettersAdmin() {
  const province = useAdminProvince();
  const [message, setMessage] = createSignal<AdminMessage>();
  const call = useAdminCall(setMessage);
  const [items, setItems] = createSignal<DeadLetterView[]>([]);
  const [total, setTotal] = createSignal<number>();
  const [cursor, setCursor] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [results, setResults] = createSignal<Record<string, RowResult>>({});
  const [open, setOpen] = createSignal<string>();

  const load = async (more: boolean) => {
    setLoading(true);
    const after = more ? cursor() : undefined;
    const page = await call<DeadLetterPage>(
      "GET",
      `/v1/dead-letters?limit=${PAGE}${after ? `&cursor=${encodeURIComponent(after)}` : ""}`,
    );
    setLoading(false);
    if (!page) return;
    setItems((now) => (more ? [...now, ...page.deadLetters] : page.deadLetters));
    setTotal(page.total);
    setCursor(page.nextCursor);
    if (!more) {
      setResults({});
      setSelected(new Set<string>());
    }
  };
  createEffect(on(province, (p) => p && void load(false)));

  const setResult = (id: string, result: RowResult) => setResults((r) => ({ ...r, [id]: result }));
  const replayable = (id: string) => {
    const r = results()[id];
    return r === undefined || r.state === "failed";
  };
  const replay = async (id: string): Promise<RowResult> => {
    setResult(id, { state: "busy" });
    const answer = await call<ReplayResult>("POST", `/v1/dead-letters/${encodeURIComponent(id)}/replay`);
    const result: RowResult = !answer
      ? { state: "failed", reason: a("failed") }
      : answer.outcome === "replayed"
        ? { state: "replayed" }
        : { state: "failed", reason: answer.reason ?? "" };
    setResult(id, result);
    if (result.state === "replayed")
      setSelected((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    return result;
  };
  const replayMany = async (ids: readonly string[]) => {
    setMessage(undefined);
    let ok = 0;
    let failed = 0;
    // One at a time: the processor folds records in order, and each row shows its own answer.
    for (const id of ids) (await replay(id)).state === "replayed" ? ok++ : failed++;
    setMessage({
      kind: failed === 0 ? "ok" : "error",
      text: `${a("replaySummary")}: ${ok}; ${a("stillFailing")}: ${failed}`,
    });
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const candidates = () => items().filter((i) => replayable(i.id));
  const allSelected = () => candidates().length > 0 && candidates().every((i) => selected().has(i.id));
  // What is still kept: the server's count less what was replayed since (those rows stay to show their result).
  const left = () => {
    const all = total();
    return all === undefined ? undefined : all - Object.values(results()).filter((r) => r.state === "replayed").length;
  };
  const when = (iso: string | undefined) => (iso ? formatDateTime(Date.parse(iso), lang()) : "—");

  return (
    <>
      <p class="muted">{a("deadLettersHint")}</p>
      <AdminBanner message={message()} testId="dl-message" />
      <div class="ops-toolbar">
        <span data-testid="dl-total">
          <strong>{left() ?? "…"}</strong> {a("deadLetterCount")}
        </span>
        {/* Outside the table: a phone hides the table's head, and this must stay reachable there. */}
        <label class="ops-select-all">
          <input
            type="checkbox"
            checked={allSelected()}
            disabled={candidates().length === 0}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              for (const i of candidates()) toggle(i.id, on);
            }}
            data-testid="dl-select-all"
          />
          {a("selectAll")}
        </label>
        <button
          type="button"
          disabled={selected().size === 0}
          onClick={() => replayMany([...selected()])}
          data-testid="dl-replay-selected"
        >
          {a("replaySelected")} ({selected().size})
        </button>
        <button type="button" class="secondary" onClick={() => load(false)} data-testid="dl-refresh">
          {a("refresh")}
        </button>
      </div>
      <Show when={!loading() || items().length > 0} fallback={<p>{a("loading")}</p>}>
        <Show when={items().length > 0} fallback={<p class="muted">{a("noDeadLetters")}</p>}>
          <div class="key-table-wrap">
            <table class="key-table ops-table" data-testid="dl-table">
              <caption>
                {a("deadLetters")} — {a("provinceWord")} {province()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{a("select")}</th>
                  <th scope="col">{a("setAsideAt")}</th>
                  <th scope="col">{a("record")}</th>
                  <th scope="col">{a("reason")}</th>
                  <th scope="col">{a("attempts")}</th>
                  <th scope="col">{a("result")}</th>
                  <th scope="col">{a("actions")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()}>
                  {(item) => {
                    const result = () => results()[item.id];
                    const detailId = `dl-detail-${item.id}`;
                    const line = () => recordLine(item.summary, a("noValue"));
                    return (
                      <>
                        <tr data-testid="dl-row" data-id={item.id} data-result={result()?.state ?? ""}>
                          <td class="ops-check">
                            <input
                              type="checkbox"
                              checked={selected().has(item.id)}
                              disabled={!replayable(item.id)}
                              onChange={(e) => toggle(item.id, e.currentTarget.checked)}
                              aria-label={`${a("selectRow")} ${line()}`}
                            />
                          </td>
                          <td data-label={a("setAsideAt")}>{when(item.at)}</td>
                          <th scope="row" data-label={a("record")}>
                            <span class="ops-record">{line()}</span>
                          </th>
                          <td data-label={a("reason")}>{item.reason}</td>
                          <td data-label={a("attempts")}>{item.attempts ?? "—"}</td>
                          <td data-label={a("result")} aria-live="polite" data-testid="dl-result">
                            <Show when={result()}>
                              {(r) => (
                                <span class={`ops-result ${r().state}`}>
                                  {r().state === "busy"
                                    ? a("replaying")
                                    : r().state === "replayed"
                                      ? a("replayedOk")
                                      : `${a("replayFailed")}: ${(r() as { reason: string }).reason}`}
                                </span>
                              )}
                            </Show>
                          </td>
                          <td class="key-actions">
                            <button
                              type="button"
                              class="secondary"
                              aria-expanded={open() === item.id}
                              aria-controls={detailId}
                              onClick={() => setOpen(open() === item.id ? undefined : item.id)}
                              data-testid="dl-details"
                            >
                              {open() === item.id ? a("hideDetails") : a("details")}
                            </button>
                            <button
                              type="button"
                              disabled={!replayable(item.id)}
                              onClick={() => replayMany([item.id])}
                              aria-label={`${a("replay")} ${line()}`}
                              data-testid="dl-replay"
                            >
                              {a("replay")}
                            </button>
                          </td>
                        </tr>
                        <Show when={open() === item.id}>
                          <tr class="ops-detail-row">
                            <td colSpan={7} id={detailId} data-testid="dl-detail">
                              <dl class="ops-detail">
                                <dt>{a("event")}</dt>
                                <dd>
                                  <code>{item.id}</code> {item.summary.eventName ?? ""}
                                </dd>
                                <dt>{a("source")}</dt>
                                <dd>{item.summary.sourceId ?? "—"}</dd>
                                <dt>{a("readingId")}</dt>
                                <dd>{item.summary.readingId ?? "—"}</dd>
                                <dt>{a("commune")}</dt>
                                <dd>{item.summary.commune ?? "—"}</dd>
                                <dt>{a("metric")}</dt>
                                <dd>{item.summary.metric ?? "—"}</dd>
                                <dt>{a("value")}</dt>
                                <dd>{item.summary.value ?? a("noValue")}</dd>
                                <dt>{a("observedAt")}</dt>
                                <dd>{when(item.summary.observedAt)}</dd>
                                <dt>{a("reason")}</dt>
                                <dd>{item.reason}</dd>
                              </dl>
                            </td>
                          </tr>
                        </Show>
                      </>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={cursor()}>
            <button type="button" class="secondary" disabled={loading()} onClick={() => load(true)}>
              {a("loadMore")}
            </button>
          </Show>
        </Show>
      </Show>
    </>
  );
}
