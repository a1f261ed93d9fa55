/**
 * "Tìm xã": type a commune's name, pick it from the list (arrow keys and Enter, as any input with
 * a list of suggestions), and the map flies there and opens its panel (issue 14).
 */
import { createMemo, createSignal, For } from "solid-js";
import { useDashboard } from "./dashboard-store.js";
import { t } from "./i18n.js";

/** Lower case without diacritics, so "phuoc son" finds "Xã Phước Sơn". */
export function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .trim();
}

/** The search box; `onFound` gets the commune's code. */
export function CommuneSearch(props: { onFound: (code: string) => void }) {
  const store = useDashboard();
  const [text, setText] = createSignal("");
  const communes = createMemo(() =>
    (store.collection()?.features ?? []).map((f) => ({ code: f.properties.code, name: f.properties.name })),
  );
  const find = (value: string) => {
    const wanted = foldName(value);
    if (!wanted) return undefined;
    const all = communes();
    return (
      all.find((c) => foldName(c.name) === wanted) ??
      all.find((c) => foldName(c.name).replace(/^(xa|phuong|dac khu) /, "") === wanted) ??
      (() => {
        const partial = all.filter((c) => foldName(c.name).includes(wanted));
        return partial.length === 1 ? partial[0] : undefined;
      })()
    );
  };
  const go = (value: string) => {
    const hit = find(value);
    if (hit) props.onFound(hit.code);
  };
  return (
    <form
      class="commune-search"
      aria-label={t("searchCommune")}
      onSubmit={(e) => {
        e.preventDefault();
        go(text());
      }}
    >
      <label>
        <span class="sr-only">{t("searchCommune")}</span>
        <input
          type="search"
          list="commune-names"
          placeholder={t("searchCommune")}
          value={text()}
          onInput={(e) => {
            setText(e.currentTarget.value);
            // Picking a suggestion fills the exact name: go at once.
            if (communes().some((c) => c.name === e.currentTarget.value)) go(e.currentTarget.value);
          }}
          data-testid="commune-search"
        />
      </label>
      <datalist id="commune-names">
        <For each={communes()}>{(c) => <option value={c.name} />}</For>
      </datalist>
    </form>
  );
}
