/**
 * The per-field error plumbing of the administration forms: an input's id, its aria-invalid and
 * aria-describedby while the server names it, and the message shown beside it — one copy for the
 * rules and targets editors, so their ids and test ids cannot drift apart.
 */
import { Show } from "solid-js";

/** The problem a form shows beside a field: the field the server named and what it said. */
export interface FieldProblem {
  field?: string;
  message: string;
}

/**
 * Ids, aria attributes and the error element of a form's fields; `prefix` starts every id
 * ("rule-f" gives "rule-f-condition-value"), `problem` is the problem shown now.
 */
export function fieldErrors(prefix: string, problem: () => FieldProblem | undefined) {
  const fid = (field: string) => `${prefix}-${field.replaceAll(".", "-")}`;
  const errorOf = (field: string) => {
    const p = problem();
    return p?.field === field ? p.message : undefined;
  };
  const invalid = (field: string) => ({
    "aria-invalid": errorOf(field) ? ("true" as const) : undefined,
    "aria-describedby": errorOf(field) ? `${fid(field)}-error` : undefined,
  });
  const FieldError = (p: { field: string }) => (
    <Show when={errorOf(p.field)}>
      {(text) => (
        <small class="field-error" id={`${fid(p.field)}-error`} data-testid={`error-${p.field}`}>
          {text()}
        </small>
      )}
    </Show>
  );
  return { fid, errorOf, invalid, FieldError };
}
