/**
 * "Quản trị → Quy tắc cảnh báo" (issue 13 item 1): an admin lists the province's alert rules (its
 * own and the national templates it has not adopted), creates one, edits its condition, severity
 * and hold time, and disables it. While a rule is edited, the screen replays the draft over the
 * last 7 days of hourly history (`POST /v1/rules/preview`, debounced) so the admin sees how often
 * it would have fired before saving. Saving is `PUT /v1/rules/{id}`, audited by the server.
 */
import { type AlertRule, findMetric, METRICS } from "@ioc/core";
import { createEffect, createResource, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { createStore } from "solid-js/store";
import { formatNumber, lang, unitLabel } from "../i18n.js";
import { formatDateTime } from "../time-format.js";
import { type AdminMessage, useAdminCall, useAdminProvince } from "./admin-api.js";
import { AdminBanner } from "./admin-banner.js";
import { a } from "./admin-i18n.js";
import { type FormProblem, useAdminFormCall } from "./admin-problem.js";
import { fieldErrors } from "./field-errors.js";
import "./admin.css";
import "./rules-targets.css";

/** What `POST /v1/rules/preview` answers. */
interface RulePreviewView {
  supported: boolean;
  precision: "exact" | "estimate";
  firings: number;
  communes: number;
  firingHours: number;
  days: Array<{ day: string; firings: number; communes: number }>;
  examples: Array<{ commune: string; name: string; at: string; value: number; message: { vi: string; en: string } }>;
}

type Kind = AlertRule["condition"]["kind"];

/** The editor's fields as typed: numbers stay text until the rule is built, so typing is free. */
interface Draft {
  id: string;
  province?: string;
  nameVi: string;
  nameEn: string;
  severity: AlertRule["severity"];
  enabled: boolean;
  kind: Kind;
  metric: string;
  op: "above" | "below";
  value: string;
  percent: string;
  windowMinutes: string;
  factor: string;
  holdMinutes: string;
  escalateAfterMinutes: string;
}

const PREVIEW_DEBOUNCE_MS = 400;

/** A typed number, or null for an empty field (the server then names the field). */
const numberOf = (text: string): number => (text.trim() === "" ? (null as unknown as number) : Number(text));

/** A stored rule as the editor's fields. */
export function draftOf(rule: AlertRule): Draft {
  const c = rule.condition;
  return {
    id: rule.id,
    ...(rule.province ? { province: rule.province } : {}),
    nameVi: rule.name.vi,
    nameEn: rule.name.en,
    severity: rule.severity,
    enabled: rule.enabled,
    kind: c.kind,
    metric: c.kind === "stale" ? (METRICS[0]?.key ?? "") : c.metric,
    op: c.kind === "threshold" ? c.op : "above",
    value: c.kind === "threshold" ? String(c.value) : "0",
    percent: c.kind === "drop" ? String(c.percent) : "10",
    windowMinutes: c.kind === "drop" ? String(c.windowMinutes) : "60",
    factor: c.kind === "stale" ? String(c.factor) : "3",
    holdMinutes: rule.holdMinutes === undefined ? "" : String(rule.holdMinutes),
    escalateAfterMinutes: rule.escalateAfterMinutes === undefined ? "" : String(rule.escalateAfterMinutes),
  };
}

/** The editor's fields as the rule the server takes. */
export function ruleOf(d: Draft): AlertRule {
  const condition: AlertRule["condition"] =
    d.kind === "threshold"
      ? { kind: "threshold", metric: d.metric, op: d.op, value: numberOf(d.value) }
      : d.kind === "target"
        ? { kind: "target", metric: d.metric }
        : d.kind === "drop"
          ? { kind: "drop", metric: d.metric, percent: numberOf(d.percent), windowMinutes: numberOf(d.windowMinutes) }
          : { kind: "stale", factor: numberOf(d.factor) };
  return {
    id: d.id.trim(),
    name: { vi: d.nameVi.trim(), en: d.nameEn.trim() },
    severity: d.severity,
    enabled: d.enabled,
    condition,
    ...(d.holdMinutes.trim() === "" ? {} : { holdMinutes: numberOf(d.holdMinutes) }),
    ...(d.escalateAfterMinutes.trim() === "" ? {} : { escalateAfterMinutes: numberOf(d.escalateAfterMinutes) }),
  };
}

const BLANK: Draft = draftOf({
  id: "",
  name: { vi: "", en: "" },
  severity: "warning",
  enabled: true,
  condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value: 80 },
});

const SEVERITY_WORD = { critical: "sevCritical", warning: "sevWarning", info: "sevInfo" } as const;
const KIND_WORD = { threshold: "kindThreshold", target: "kindTarget", drop: "kindDrop", stale: "kindStale" } as const;

/** A metric's name in the current language, or its key when the catalogue lacks it. */
const metricName = (key: string) => findMetric(key)?.label[lang()] ?? key;

/** One line saying what the rule watches, for the list. */
function conditionText(rule: AlertRule): string {
  const c = rule.condition;
  switch (c.kind) {
    case "threshold":
      return `${metricName(c.metric)} ${c.op === "above" ? a("opAbove") : a("opBelow")} ${formatNumber(c.value, 2)} ${unitLabel(findMetric(c.metric)?.unit, c.value)}`;
    case "target":
      return `${metricName(c.metric)}: ${a("kindTarget").toLowerCase()}`;
    case "drop":
      return `${metricName(c.metric)}: ${a("kindDrop").toLowerCase()} ≥ ${formatNumber(c.percent)} % / ${c.windowMinutes} ${lang() === "vi" ? "phút" : "min"}`;
    case "stale":
      return `${a("kindStale")}: ≥ ${formatNumber(c.factor)} × ${lang() === "vi" ? "chu kỳ" : "cadence"}`;
  }
}

/** The rules screen of the admin's province. */
export function RulesAdmin() {
  const province = useAdminProvince();
  const [message, setMessage] = createSignal<AdminMessage>();
  const call = useAdminCall(setMessage);
  const [list, { refetch }] = createResource(province, (p) =>
    p ? call<{ rules: AlertRule[] }>("GET", "/v1/rules") : undefined,
  );
  const [editing, setEditing] = createSignal<{ draft: Draft; isNew: boolean }>();
  const rules = () => list()?.rules ?? [];

  const open = (draft: Draft, isNew: boolean) => {
    setMessage(undefined);
    setEditing({ draft, isNew });
    queueMicrotask(() => document.getElementById(isNew ? "rule-f-id" : "rule-f-name-vi")?.focus());
  };

  return (
    <>
      <p class="muted">{a("rulesHint")}</p>
      <AdminBanner message={message()} />
      <Show
        when={editing()}
        keyed
        fallback={
          <button type="button" onClick={() => open({ ...BLANK }, true)} data-testid="add-rule">
            {a("addRule")}
          </button>
        }
      >
        {(e) => (
          <RuleEditor
            initial={e.draft}
            isNew={e.isNew}
            onCancel={(id) => {
              setEditing(undefined);
              queueMicrotask(() => document.getElementById(id ? `edit-rule-${id}` : "add-rule-anchor")?.focus());
            }}
            onSaved={(rule) => {
              setEditing(undefined);
              setMessage({ kind: "ok", text: `${a("ruleSaved")} — ${rule.id}` });
              void refetch();
            }}
          />
        )}
      </Show>
      <span id="add-rule-anchor" tabIndex={-1} />
      <Show when={!list.loading || list()} fallback={<p>{a("loading")}</p>}>
        <Show when={rules().length > 0} fallback={<p class="muted">{a("noRules")}</p>}>
          <ul class="rule-list" aria-label={a("rules")}>
            <For each={rules()}>
              {(rule) => (
                <li
                  class="rule-card"
                  data-testid={`rule-${rule.id}`}
                  data-enabled={rule.enabled}
                  data-origin={rule.province ? "province" : "template"}
                >
                  <div class="rule-head">
                    <h3>
                      {rule.name[lang()]} <code>{rule.id}</code>
                    </h3>
                    <span class={`sev-chip ${rule.severity}`}>{a(SEVERITY_WORD[rule.severity])}</span>
                  </div>
                  <p class="rule-condition" data-testid={`rule-condition-${rule.id}`}>
                    {conditionText(rule)}
                  </p>
                  <p class="rule-meta">
                    <span class={`source-state ${rule.enabled ? "on" : "off"}`}>
                      {rule.enabled ? a("ruleEnabled") : a("disabled")}
                    </span>
                    {" · "}
                    <span>{rule.province ? a("provinceRule") : a("template")}</span>
                  </p>
                  <div class="source-actions">
                    <button
                      type="button"
                      class="secondary"
                      id={`edit-rule-${rule.id}`}
                      onClick={() => open(draftOf(rule), false)}
                      data-testid={`edit-rule-${rule.id}`}
                      aria-label={`${a("edit")} ${rule.name[lang()]}`}
                    >
                      {a("edit")}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      data-testid={`toggle-rule-${rule.id}`}
                      onClick={async () => {
                        const next = { ...rule, enabled: !rule.enabled };
                        const stored = await call<AlertRule>("PUT", `/v1/rules/${rule.id}`, next);
                        if (!stored) return;
                        setMessage({ kind: "ok", text: `${a("ruleSaved")} — ${rule.id}` });
                        void refetch();
                      }}
                    >
                      {rule.enabled ? a("disableRule") : a("enableRule")}
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </>
  );
}

/** The editor of one rule, with the live preview beside it. */
function RuleEditor(props: {
  initial: Draft;
  isNew: boolean;
  onCancel: (id?: string) => void;
  onSaved: (rule: AlertRule) => void;
}) {
  const formCall = useAdminFormCall();
  const [draft, setDraft] = createStore<Draft>({ ...props.initial });
  const [problem, setProblem] = createSignal<FormProblem>();
  const [busy, setBusy] = createSignal(false);
  const [preview, setPreview] = createSignal<RulePreviewView>();
  const [previewProblem, setPreviewProblem] = createSignal<FormProblem>();
  const [previewing, setPreviewing] = createSignal(false);

  // The preview follows the draft: each change waits for typing to pause, then replaces the
  // previous request (aborted, so a slow answer cannot overwrite a newer one).
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  createEffect(
    on(
      () => JSON.stringify(ruleOf(draft)),
      (body) => {
        clearTimeout(timer);
        setPreviewing(true);
        timer = setTimeout(async () => {
          inFlight?.abort();
          const controller = new AbortController();
          inFlight = controller;
          const rule = JSON.parse(body) as AlertRule;
          // The preview judges the condition: a new rule's id and names, still being typed, are
          // stood in for, so the preview reports only on what it is about (saving checks them).
          const result = await formCall<RulePreviewView>(
            "POST",
            "/v1/rules/preview",
            { ...rule, id: "draft", name: { vi: rule.name.vi || "—", en: rule.name.en || "—" } },
            controller.signal,
          );
          if (controller.signal.aborted) return;
          setPreviewing(false);
          if (result.ok) {
            setPreview(result.data);
            setPreviewProblem(undefined);
          } else if (result.problem.status !== 0) setPreviewProblem(result.problem);
        }, PREVIEW_DEBOUNCE_MS);
      },
    ),
  );
  onCleanup(() => {
    clearTimeout(timer);
    inFlight?.abort();
  });

  // A field's problem comes from the last save or, failing that, the last preview.
  const { fid, invalid, FieldError } = fieldErrors("rule-f", () => problem() ?? previewProblem());
  const unit = () => findMetric(draft.metric)?.unit;

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const rule = { ...ruleOf(draft), ...(draft.province ? { province: draft.province } : {}) };
    setBusy(true);
    const result = await formCall<AlertRule>("PUT", `/v1/rules/${encodeURIComponent(rule.id || "-")}`, rule);
    setBusy(false);
    if (result.ok) return props.onSaved(result.data);
    setProblem(result.problem);
    // The keyboard lands on the field the server named, else on the summary.
    queueMicrotask(() =>
      (
        (result.problem.field && document.getElementById(fid(result.problem.field))) ||
        document.getElementById("rule-problem")
      )?.focus(),
    );
  };

  return (
    <section class="rule-editor" aria-labelledby="rule-editor-title" data-testid="rule-editor">
      <h3 id="rule-editor-title">
        {props.isNew
          ? a("addRule")
          : `${a("editRule")}: ${lang() === "vi" ? props.initial.nameVi : props.initial.nameEn}`}{" "}
        <Show when={!props.isNew}>
          <code>{props.initial.id}</code>
        </Show>
      </h3>
      <div class="rule-editor-grid">
        <form
          class="rule-form"
          noValidate
          onSubmit={save}
          onInput={() => setProblem(undefined)}
          onKeyDown={(e) => {
            if (e.key === "Escape") props.onCancel(props.isNew ? undefined : props.initial.id);
          }}
          data-testid="rule-form"
        >
          <Show when={problem()}>
            {(p) => (
              <p class="admin-message error" role="alert" id="rule-problem" tabIndex={-1} data-testid="rule-problem">
                {a("fieldErrors")} <strong>{p().title}</strong> — {p().detail}
              </p>
            )}
          </Show>
          <div class="form-fields">
            <Show when={props.isNew}>
              <label for={fid("id")}>
                <span>{a("ruleId")}</span>
                <input
                  id={fid("id")}
                  value={draft.id}
                  onInput={(e) => setDraft("id", e.currentTarget.value)}
                  pattern="[a-z0-9][a-z0-9\-]{1,62}"
                  spellcheck={false}
                  {...invalid("id")}
                />
                <small class="muted">{a("sourceIdHint")}</small>
                <FieldError field="id" />
              </label>
            </Show>
            <label for={fid("name.vi")}>
              <span>{a("nameVi")}</span>
              <input
                id={fid("name.vi")}
                value={draft.nameVi}
                onInput={(e) => setDraft("nameVi", e.currentTarget.value)}
                {...invalid("name.vi")}
              />
              <FieldError field="name.vi" />
            </label>
            <label for={fid("name.en")}>
              <span>{a("nameEn")}</span>
              <input
                id={fid("name.en")}
                lang="en"
                value={draft.nameEn}
                onInput={(e) => setDraft("nameEn", e.currentTarget.value)}
                {...invalid("name.en")}
              />
              <FieldError field="name.en" />
            </label>
            <label for={fid("severity")}>
              <span>{a("severity")}</span>
              <select
                id={fid("severity")}
                value={draft.severity}
                onChange={(e) => setDraft("severity", e.currentTarget.value as Draft["severity"])}
              >
                <For each={["critical", "warning", "info"] as const}>
                  {(s) => (
                    <option value={s} selected={draft.severity === s}>
                      {a(SEVERITY_WORD[s])}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <label for={fid("condition.kind")}>
              <span>{a("condition")}</span>
              <select
                id={fid("condition.kind")}
                value={draft.kind}
                onChange={(e) => setDraft("kind", e.currentTarget.value as Kind)}
              >
                <For each={["threshold", "target", "drop", "stale"] as const}>
                  {(k) => (
                    <option value={k} selected={draft.kind === k}>
                      {a(KIND_WORD[k])}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <Show when={draft.kind !== "stale"}>
              <label for={fid("condition.metric")}>
                <span>{a("metric")}</span>
                <select
                  id={fid("condition.metric")}
                  value={draft.metric}
                  onChange={(e) => setDraft("metric", e.currentTarget.value)}
                  {...invalid("condition.metric")}
                >
                  <For each={METRICS}>
                    {(m) => (
                      <option value={m.key} selected={draft.metric === m.key}>
                        {m.label[lang()]}
                      </option>
                    )}
                  </For>
                </select>
                <FieldError field="condition.metric" />
              </label>
            </Show>
            <Switch>
              <Match when={draft.kind === "threshold"}>
                <label for={fid("condition.op")}>
                  <span>{a("op")}</span>
                  <select
                    id={fid("condition.op")}
                    value={draft.op}
                    onChange={(e) => setDraft("op", e.currentTarget.value as Draft["op"])}
                  >
                    <option value="above" selected={draft.op === "above"}>
                      {a("opAbove")}
                    </option>
                    <option value="below" selected={draft.op === "below"}>
                      {a("opBelow")}
                    </option>
                  </select>
                </label>
                <label for={fid("condition.value")}>
                  <span>
                    {a("threshold")}
                    <Show when={unit()}> ({unitLabel(unit(), 2)})</Show>
                  </span>
                  <input
                    id={fid("condition.value")}
                    type="number"
                    step="any"
                    inputMode="decimal"
                    value={draft.value}
                    onInput={(e) => setDraft("value", e.currentTarget.value)}
                    data-testid="rule-threshold"
                    {...invalid("condition.value")}
                  />
                  <FieldError field="condition.value" />
                </label>
              </Match>
              <Match when={draft.kind === "drop"}>
                <label for={fid("condition.percent")}>
                  <span>{a("percent")}</span>
                  <input
                    id={fid("condition.percent")}
                    type="number"
                    step="any"
                    value={draft.percent}
                    onInput={(e) => setDraft("percent", e.currentTarget.value)}
                    {...invalid("condition.percent")}
                  />
                  <FieldError field="condition.percent" />
                </label>
                <label for={fid("condition.windowMinutes")}>
                  <span>{a("windowMinutes")}</span>
                  <input
                    id={fid("condition.windowMinutes")}
                    type="number"
                    step="1"
                    value={draft.windowMinutes}
                    onInput={(e) => setDraft("windowMinutes", e.currentTarget.value)}
                    {...invalid("condition.windowMinutes")}
                  />
                  <FieldError field="condition.windowMinutes" />
                </label>
              </Match>
              <Match when={draft.kind === "stale"}>
                <label for={fid("condition.factor")}>
                  <span>{a("factor")}</span>
                  <input
                    id={fid("condition.factor")}
                    type="number"
                    step="any"
                    value={draft.factor}
                    onInput={(e) => setDraft("factor", e.currentTarget.value)}
                    {...invalid("condition.factor")}
                  />
                  <FieldError field="condition.factor" />
                </label>
              </Match>
            </Switch>
            <label for={fid("holdMinutes")}>
              <span>
                {a("holdMinutes")} <small class="muted">({a("optional")})</small>
              </span>
              <input
                id={fid("holdMinutes")}
                type="number"
                step="1"
                value={draft.holdMinutes}
                onInput={(e) => setDraft("holdMinutes", e.currentTarget.value)}
                {...invalid("holdMinutes")}
              />
              <FieldError field="holdMinutes" />
            </label>
            <label for={fid("escalateAfterMinutes")}>
              <span>
                {a("escalateMinutes")} <small class="muted">({a("optional")})</small>
              </span>
              <input
                id={fid("escalateAfterMinutes")}
                type="number"
                step="1"
                value={draft.escalateAfterMinutes}
                onInput={(e) => setDraft("escalateAfterMinutes", e.currentTarget.value)}
                {...invalid("escalateAfterMinutes")}
              />
              <FieldError field="escalateAfterMinutes" />
            </label>
            <label class="check" for={fid("enabled")}>
              <input
                id={fid("enabled")}
                type="checkbox"
                checked={draft.enabled}
                onChange={(e) => setDraft("enabled", e.currentTarget.checked)}
              />
              <span>{a("ruleEnabled")}</span>
            </label>
          </div>
          <div class="source-actions">
            <button type="submit" disabled={busy()} data-testid="save-rule">
              {a("save")}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => props.onCancel(props.isNew ? undefined : props.initial.id)}
            >
              {a("cancel")}
            </button>
          </div>
        </form>
        <PreviewPanel preview={preview()} problem={previewProblem()} busy={previewing()} />
      </div>
    </section>
  );
}

/** The 7-day preview: totals, one bar per day, the first firings. */
function PreviewPanel(props: { preview?: RulePreviewView; problem?: FormProblem; busy: boolean }) {
  const max = () => Math.max(1, ...(props.preview?.days.map((d) => d.firings) ?? [1]));
  const dayLabel = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
  return (
    <section
      class="rule-preview"
      aria-labelledby="rule-preview-title"
      aria-busy={props.busy}
      data-testid="rule-preview"
      data-state={props.busy ? "busy" : props.problem ? "error" : props.preview ? "ready" : "waiting"}
      data-firings={props.preview?.firings}
    >
      <h4 id="rule-preview-title">{a("preview")}</h4>
      <Show when={props.problem}>
        {(p) => (
          <p class="admin-message error" data-testid="preview-problem">
            <strong>{p().title}</strong> — {p().detail}
          </p>
        )}
      </Show>
      <Show when={props.preview} fallback={<p class="muted">{a("previewLoading")}</p>}>
        {(p) => (
          <Show when={p().supported} fallback={<p>{a("previewStale")}</p>}>
            <p class="preview-figures" aria-live="polite">
              <span>
                <strong data-testid="preview-firings">{formatNumber(p().firings, 0)}</strong> {a("previewFirings")}
              </span>
              <span>
                <strong data-testid="preview-communes">{formatNumber(p().communes, 0)}</strong> {a("previewCommunes")}
              </span>
              <span>
                <strong>{formatNumber(p().firingHours, 0)}</strong> {a("previewHours")}
              </span>
            </p>
            <ol class="preview-days" aria-label={a("preview")}>
              <For each={p().days}>
                {(d) => (
                  <li data-testid={`preview-day-${d.day}`}>
                    <span class="preview-day-label">{dayLabel(d.day)}</span>
                    <span class="preview-bar" aria-hidden="true">
                      <span style={{ width: `${(d.firings / max()) * 100}%` }} />
                    </span>
                    <span class="preview-day-count">
                      {formatNumber(d.firings, 0)}
                      <span class="sr-only"> {a("previewFirings")}</span>
                    </span>
                  </li>
                )}
              </For>
            </ol>
            <Show when={p().firings === 0}>
              <p class="muted">{a("previewNone")}</p>
            </Show>
            <Show when={p().examples.length > 0}>
              <h5>{a("previewExamples")}</h5>
              <ul class="preview-examples">
                <For each={p().examples}>
                  {(e) => (
                    <li>
                      <time dateTime={e.at}>{formatDateTime(Date.parse(e.at), lang())}</time> — {e.message[lang()]}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={p().precision === "estimate"}>
              <p class="muted">{a("previewEstimate")}</p>
            </Show>
            <p class="muted small">{a("previewHow")}</p>
          </Show>
        )}
      </Show>
    </section>
  );
}
