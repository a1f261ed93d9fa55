/** The arithmetic behind one commune's score: components, multipliers, what was not reported. */
import type { CommuneGap } from "@ioc/core";
import { For, Show } from "solid-js";
import { formatNumber, lang } from "../i18n.js";
import { p } from "./planning-i18n.js";

/** The reasons panel of the selected commune. */
export function GapReasons(props: { entry: CommuneGap | undefined }) {
  return (
    <section class="gap-reasons" data-testid="gap-reasons" aria-live="polite">
      <Show when={props.entry} fallback={<p class="muted">{p("pickCommune")}</p>}>
        {(entry) => (
          <>
            <h3>
              {entry().rank}. {entry().name}
            </h3>
            <div class="muted">{p("reasons")}</div>
            <ul>
              <For each={entry().components}>
                {(c) => (
                  <li>
                    {c.label[lang()]}:{" "}
                    <Show when={c.input !== null} fallback={<em class="muted">{p("notReported")}</em>}>
                      {formatNumber(c.quantity, 1)} × {formatNumber(c.weight, 2)} = <b>{formatNumber(c.points, 0)}</b>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <div>
              {p("basePoints")}: <b>{formatNumber(entry().basePoints, 0)}</b>
            </div>
            <Show when={entry().multipliers.length > 0}>
              <div>
                {p("multiplier")}:{" "}
                {entry()
                  .multipliers.map((m) => `${m.label[lang()]} × ${formatNumber(m.factor, 2)}`)
                  .join(" · ")}{" "}
                = <b>× {formatNumber(entry().multiplier, 3)}</b>
              </div>
            </Show>
            <div class="gap-score">
              {p("score")}: <b>{formatNumber(entry().score, 0)}</b>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
