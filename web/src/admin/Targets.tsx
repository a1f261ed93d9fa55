/**
 * "Quản trị → Chỉ tiêu" (issue 13 item 1, DOMAIN.md "a target is a path"): per indicator × level,
 * the baseline (value, year), the milestones by year and the resolution they come from — the
 * national default until the province edits it. Saving is `PUT /v1/targets/{metric}`, audited by
 * the server; a refusal is shown as the server's problem, beside the field it names.
 */
import { findMetric, METRICS, type TargetPath } from "@ioc/core";
import { createMemo, createResource, createSignal, For, Index, Show } from "solid-js";
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

type ListedPath = TargetPath & { origin: "province" | "default" };
interface TargetList {
  province: string;
  paths: ListedPath[];
  updatedAt?: string;
  updatedBy?: string;
}

/** A point as typed: text until saved, so an empty field reaches the server as null and is named. */
interface PointDraft {
  value: string;
  year: string;
}
interface PathDraft {
  baseline: PointDraft;
  milestones: PointDraft[];
  source: string;
}

const numberOf = (text: string): number => (text.trim() === "" ? (null as unknown as number) : Number(text));
const pointDraft = (p: { value: number; year: number }): PointDraft => ({
  value: String(p.value),
  year: String(p.year),
});
const pointOf = (p: PointDraft) => ({ value: numberOf(p.value), year: numberOf(p.year) });
const LEVEL_WORD = { province: "levelProvince", commune: "levelCommune" } as const;

/** The targets screen of the admin's province. */
export function TargetsAdmin() {
  const province = useAdminProvince();
  const [message, setMessage] = createSignal<AdminMessage>();
  const call = useAdminCall(setMessage);
  const [list, { mutate }] = createResource(province, (p) => (p ? call<TargetList>("GET", "/v1/targets") : undefined));
  const [metricFilter, setMetricFilter] = createSignal("");
  const [editing, setEditing] = createSignal<string>();
  // Paths in the catalogue's order, so an indicator's levels sit together.
  const paths = createMemo(() => {
    const order = new Map(METRICS.map((m, i) => [m.key, i]));
    return [...(list()?.paths ?? [])]
      .filter((p) => !metricFilter() || p.metric === metricFilter())
      .sort((x, y) => (order.get(x.metric) ?? 999) - (order.get(y.metric) ?? 999) || (x.level === "province" ? -1 : 1));
  });
  const metricsListed = createMemo(() => [...new Set((list()?.paths ?? []).map((p) => p.metric))]);

  return (
    <>
      <p class="muted">{a("targetsHint")}</p>
      <AdminBanner message={message()} />
      <Show when={list()?.updatedAt}>
        {(at) => (
          <p class="muted" data-testid="targets-updated">
            {a("lastChange")}: {formatDateTime(Date.parse(at()), lang())} {a("by")} {list()?.updatedBy}
          </p>
        )}
      </Show>
      <label class="target-filter">
        <span>{a("filterMetric")}</span>
        <select value={metricFilter()} onChange={(e) => setMetricFilter(e.currentTarget.value)}>
          <option value="">{a("allMetrics")}</option>
          <For each={metricsListed()}>
            {(key) => <option value={key}>{findMetric(key)?.label[lang()] ?? key}</option>}
          </For>
        </select>
      </label>
      <Show when={!list.loading || list()} fallback={<p>{a("loading")}</p>}>
        <ul class="target-list">
          <For each={paths()}>
            {(path) => {
              const id = `${path.metric}-${path.level}`.replaceAll(".", "_");
              return (
                <li class="target-card" data-testid={`target-${path.metric}-${path.level}`} data-origin={path.origin}>
                  <div class="rule-head">
                    <h3>
                      {findMetric(path.metric)?.label[lang()] ?? path.metric}{" "}
                      <span class="muted">— {a(LEVEL_WORD[path.level])}</span>
                    </h3>
                    <span class={`origin-chip ${path.origin}`}>
                      {path.origin === "province" ? a("originProvince") : a("originDefault")}
                    </span>
                  </div>
                  <Show
                    when={editing() === id}
                    fallback={
                      <>
                        <PathView path={path} />
                        <div class="source-actions">
                          <button
                            type="button"
                            class="secondary"
                            id={`edit-target-${id}`}
                            data-testid={`edit-target-${path.metric}-${path.level}`}
                            onClick={() => {
                              setMessage(undefined);
                              setEditing(id);
                              queueMicrotask(() => document.getElementById(`${id}-baseline-value`)?.focus());
                            }}
                            aria-label={`${a("edit")}: ${findMetric(path.metric)?.label[lang()] ?? path.metric} — ${a(LEVEL_WORD[path.level])}`}
                          >
                            {a("edit")}
                          </button>
                        </div>
                      </>
                    }
                  >
                    <PathEditor
                      idPrefix={id}
                      path={path}
                      onCancel={() => {
                        setEditing(undefined);
                        queueMicrotask(() => document.getElementById(`edit-target-${id}`)?.focus());
                      }}
                      onSaved={(next) => {
                        mutate(next);
                        setEditing(undefined);
                        setMessage({
                          kind: "ok",
                          text: `${a("targetSaved")} — ${findMetric(path.metric)?.label[lang()] ?? path.metric} (${a(LEVEL_WORD[path.level])})`,
                        });
                        queueMicrotask(() => document.getElementById(`edit-target-${id}`)?.focus());
                      }}
                    />
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** A path as read: baseline, then each milestone by year, then the resolution. */
function PathView(props: { path: ListedPath }) {
  const unit = () => findMetric(props.path.metric)?.unit;
  const shown = (value: number) => `${formatNumber(value, 2)} ${unitLabel(unit(), value)}`;
  return (
    <>
      <dl class="path-points">
        <div>
          <dt>
            {a("baseline")} ({props.path.baseline.year})
          </dt>
          <dd>{shown(props.path.baseline.value)}</dd>
        </div>
        <For each={props.path.milestones}>
          {(m, i) => (
            <div data-testid={`milestone-${i()}`}>
              <dt>
                {a("milestone")} {m.year}
              </dt>
              <dd>{shown(m.value)}</dd>
            </div>
          )}
        </For>
      </dl>
      <p class="path-source">
        {a("resolution")}: <cite>{props.path.source}</cite>
      </p>
    </>
  );
}

/** The editor of one path; the server judges it and its answer is shown field by field. */
function PathEditor(props: {
  idPrefix: string;
  path: ListedPath;
  onCancel: () => void;
  onSaved: (list: TargetList) => void;
}) {
  const formCall = useAdminFormCall();
  const [draft, setDraft] = createStore<PathDraft>({
    baseline: pointDraft(props.path.baseline),
    milestones: props.path.milestones.map(pointDraft),
    source: props.path.source,
  });
  const [problem, setProblem] = createSignal<FormProblem>();
  const [busy, setBusy] = createSignal(false);
  const { fid, invalid, FieldError } = fieldErrors(props.idPrefix, problem);
  const unit = () => unitLabel(findMetric(props.path.metric)?.unit, 2);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const body: TargetPath = {
      metric: props.path.metric,
      level: props.path.level,
      baseline: pointOf(draft.baseline),
      milestones: draft.milestones.map(pointOf),
      source: draft.source.trim(),
    };
    setBusy(true);
    const result = await formCall<TargetList>("PUT", `/v1/targets/${props.path.metric}`, body);
    setBusy(false);
    if (result.ok) return props.onSaved(result.data);
    setProblem(result.problem);
    queueMicrotask(() =>
      (
        (result.problem.field && document.getElementById(fid(result.problem.field))) ||
        document.getElementById(`${props.idPrefix}-problem`)
      )?.focus(),
    );
  };

  /** A labelled number input with its error; `field` names it in ids, test ids and problems. */
  const NumberField = (p: {
    field: string;
    label: string;
    step: string;
    inputMode: "decimal" | "numeric";
    value: string;
    onInput: (value: string) => void;
  }) => (
    <label for={fid(p.field)}>
      <span>{p.label}</span>
      <input
        id={fid(p.field)}
        type="number"
        step={p.step}
        inputMode={p.inputMode}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        data-testid={`input-${p.field}`}
        {...invalid(p.field)}
      />
      <FieldError field={p.field} />
    </label>
  );

  const PointFields = (p: {
    field: string;
    legend: string;
    point: PointDraft;
    set: (k: "value" | "year", v: string) => void;
  }) => (
    <fieldset class="point-fields">
      <legend>{p.legend}</legend>
      <NumberField
        field={`${p.field}.value`}
        label={`${a("value")} (${unit()})`}
        step="any"
        inputMode="decimal"
        value={p.point.value}
        onInput={(v) => p.set("value", v)}
      />
      <NumberField
        field={`${p.field}.year`}
        label={a("year")}
        step="1"
        inputMode="numeric"
        value={p.point.year}
        onInput={(v) => p.set("year", v)}
      />
    </fieldset>
  );

  return (
    <form
      class="path-form"
      noValidate
      onSubmit={save}
      onInput={() => setProblem(undefined)}
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onCancel();
      }}
      data-testid="target-form"
    >
      <Show when={problem()}>
        {(p) => (
          <p
            class="admin-message error"
            role="alert"
            id={`${props.idPrefix}-problem`}
            tabIndex={-1}
            data-testid="target-problem"
          >
            {a("fieldErrors")} <strong>{p().title}</strong> — {p().detail}
          </p>
        )}
      </Show>
      <PointFields
        field="baseline"
        legend={a("baseline")}
        point={draft.baseline}
        set={(k, v) => setDraft("baseline", k, v)}
      />
      <Index each={draft.milestones}>
        {(m, i) => (
          <div class="milestone-row">
            <PointFields
              field={`milestones.${i}`}
              legend={`${a("milestone")} ${i + 1}`}
              point={m()}
              set={(k, v) => setDraft("milestones", i, k, v)}
            />
            <Show when={draft.milestones.length > 1}>
              <button
                type="button"
                class="secondary"
                onClick={() => setDraft("milestones", (list) => list.filter((_, j) => j !== i))}
                aria-label={`${a("removeMilestone")} ${i + 1}`}
              >
                {a("removeMilestone")}
              </button>
            </Show>
          </div>
        )}
      </Index>
      <FieldError field="milestones" />
      <button
        type="button"
        class="secondary"
        onClick={() => {
          const last = draft.milestones.at(-1);
          const year = Number(last?.year ?? draft.baseline.year) + 1;
          setDraft("milestones", (list) => [...list, { value: last?.value ?? "", year: String(year) }]);
          queueMicrotask(() =>
            document.getElementById(fid(`milestones.${draft.milestones.length - 1}.value`))?.focus(),
          );
        }}
      >
        {a("addMilestone")}
      </button>
      <label for={fid("source")} class="source-field">
        <span>{a("resolution")}</span>
        <input
          id={fid("source")}
          value={draft.source}
          onInput={(e) => setDraft("source", e.currentTarget.value)}
          data-testid="input-source"
          {...invalid("source")}
        />
        <FieldError field="source" />
      </label>
      <div class="source-actions">
        <button type="submit" disabled={busy()} data-testid="save-target">
          {a("save")}
        </button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>
          {a("cancel")}
        </button>
      </div>
    </form>
  );
}
