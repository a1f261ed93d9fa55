/**
 * The administration screens' one table: a caption, a header row, one row per item, the cells a
 * column draws. Headings are functions so they follow the language switch; a column may be the
 * row's header (`<th scope="row">`), carry a class (`num`, `key-actions`) or a `data-label` (the
 * phone layout prints it before the value, see styles.css), or show only while a condition holds.
 */
import { For, type JSX, Show } from "solid-js";

/** One column of an `AdminTable`. */
export interface AdminColumn<R> {
  /** The column's heading. */
  header: () => JSX.Element;
  /** What the column shows for a row. */
  cell: (row: R) => JSX.Element;
  /** The cell heads its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The data cell's class. */
  class?: string;
  /** The label printed before the value in the one-column phone layout. */
  label?: () => string;
  /** Shown only while this holds (a column some stores cannot fill). */
  when?: () => boolean;
}

/** Attributes of a row (`data-*` for tests and styles, a class). */
export type AdminRowAttributes = { class?: string } & { [key: `data-${string}`]: string | undefined };

/** A table of `rows` in `columns`, inside a scrolling wrapper. */
export function AdminTable<R>(props: {
  rows: readonly R[];
  columns: readonly AdminColumn<R>[];
  /** The table's class (`key-table`, `boundary-table`) and its wrapper's. */
  class: string;
  wrapClass: string;
  testid?: string;
  caption?: JSX.Element;
  row?: (row: R) => AdminRowAttributes;
}) {
  const shown = (column: AdminColumn<R>) => column.when?.() ?? true;
  return (
    <div class={props.wrapClass}>
      <table class={props.class} data-testid={props.testid}>
        <Show when={props.caption}>
          <caption>{props.caption}</caption>
        </Show>
        <thead>
          <tr>
            <For each={props.columns}>
              {(column) => (
                <Show when={shown(column)}>
                  <th scope="col">{column.header()}</th>
                </Show>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr {...props.row?.(row)}>
                <For each={props.columns}>
                  {(column) => (
                    <Show when={shown(column)}>
                      {column.rowHeader ? (
                        <th scope="row" data-label={column.label?.()}>
                          {column.cell(row)}
                        </th>
                      ) : (
                        <td class={column.class} data-label={column.label?.()}>
                          {column.cell(row)}
                        </td>
                      )}
                    </Show>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
