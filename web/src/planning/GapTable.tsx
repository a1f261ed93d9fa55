/**
 * The ranked table beside the map. Hover and selection are shared with the map: a row lights up
 * its commune and the other way round; a commune picked on the map scrolls its row into view.
 */
import type { CommuneGap } from "@ioc/core";
import { createEffect, For } from "solid-js";
import { formatNumber } from "../i18n.js";
import { p } from "./planning-i18n.js";

/** The ranking as a table. */
export function GapTable(props: {
  entries: readonly CommuneGap[];
  hovered: string | undefined;
  selected: string | undefined;
  onHover: (code: string | undefined) => void;
  onSelect: (code: string) => void;
}) {
  const rows = new Map<string, HTMLTableRowElement>();
  createEffect(() => {
    const code = props.selected;
    if (code) rows.get(code)?.scrollIntoView({ block: "nearest" });
  });
  return (
    <div class="gap-table-wrap">
      <table class="gap-table" data-testid="gap-table">
        <thead>
          <tr>
            <th>{p("rank")}</th>
            <th>{p("commune")}</th>
            <th>{p("terrain")}</th>
            <th class="num">{p("population")}</th>
            <th class="num">{p("peopleWithout4g")}</th>
            <th class="num">{p("villages")}</th>
            <th class="num">{p("score")}</th>
          </tr>
        </thead>
        <tbody onMouseLeave={() => props.onHover(undefined)}>
          <For each={props.entries}>
            {(entry) => (
              <tr
                ref={(el) => rows.set(entry.code, el)}
                data-code={entry.code}
                data-terrain={entry.terrain}
                classList={{ hovered: props.hovered === entry.code, selected: props.selected === entry.code }}
                onMouseEnter={() => props.onHover(entry.code)}
                onClick={() => props.onSelect(entry.code)}
                tabIndex={0}
                onKeyDown={(e) => e.key === "Enter" && props.onSelect(entry.code)}
              >
                <td>{entry.rank}</td>
                <td>{entry.name}</td>
                <td>
                  {p(entry.terrain)}
                  {entry.border ? ` · ${p("border").toLowerCase()}` : ""}
                </td>
                <td class="num">{formatNumber(entry.population, 0)}</td>
                <td class="num">{formatNumber(entry.components[0]?.quantity ?? 0, 0)}</td>
                <td class="num">{formatNumber(entry.components[1]?.quantity ?? 0, 1)}</td>
                <td class="num strong">{formatNumber(entry.score, 0)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
