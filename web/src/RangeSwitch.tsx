/** The shared time range's buttons: 7 ngày / 30 ngày / 90 ngày / 1 năm / Tất cả (issue 12). */
import { For } from "solid-js";
import { type MessageKey, t } from "./i18n.js";
import { RANGES, type RangeKey, range, setRange } from "./time-range.js";

/** A group of toggle buttons bound to the shared range; `only` narrows the choice. */
export function RangeSwitch(props: { only?: readonly RangeKey[] }) {
  return (
    <fieldset class="span-switch range-switch" data-testid="range-switch">
      <legend class="sr-only">{t("period")}</legend>
      <For each={props.only ?? RANGES}>
        {(key) => (
          <button
            type="button"
            aria-pressed={range() === key}
            onClick={() => setRange(key)}
            data-testid={`range-${key}`}
          >
            {t(`range_${key}` as MessageKey)}
          </button>
        )}
      </For>
    </fieldset>
  );
}
