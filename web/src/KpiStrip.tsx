/**
 * The leader's headline: each province indicator against its target and year, with a status in
 * words and a symbol (never colour alone) and its change over seven days.
 */
import type { KpiWithTrend } from "@ioc/client";
import type { Role } from "@ioc/core";
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { useHistory } from "./history-client.js";
import { formatNumber, formatValue, lang, type MessageKey, t, unitLabel } from "./i18n.js";
import { KpiTrend } from "./KpiTrend.js";
import { useReplayedKpis } from "./kpi-replay.js";
import { storySentence } from "./kpi-story.js";
import { dayLabel } from "./PlaybackBar.js";
import { usePlayback } from "./playback.js";
import { useSession } from "./session.js";

type Kpis = Awaited<ReturnType<ReturnType<typeof useDashboard>["api"]["kpis"]>>;

const REFRESH_MS = 60_000;

const STATUS: Record<KpiWithTrend["status"], { key: MessageKey; symbol: string }> = {
  "on-track": { key: "kpi_on_track", symbol: "✓" },
  "at-risk": { key: "kpi_at_risk", symbol: "!" },
  "off-track": { key: "kpi_off_track", symbol: "✗" },
  "no-data": { key: "kpi_no_data", symbol: "–" },
  "no-target": { key: "kpi_no_target", symbol: "–" },
};

/**
 * Whether a role sees the strip open when it signs in (DOMAIN.md): leaders ask "are we on track",
 * and admins keep the targets it measures against; ops staff come for what is broken now (the
 * alerts console) and planners for coverage gaps (the planning view), so for them it starts
 * folded to one line of status counts, a click away.
 */
export function kpisOpenByDefault(role: Role | undefined): boolean {
  return role === "leader" || role === "admin";
}

/**
 * The KPIs that have a target, refreshed every minute and after a snapshot reload. `large` is the
 * wall screen's variant: always open, whoever is signed in.
 */
export function KpiStrip(props: {
  large?: boolean;
  /** The metric whose story is open (its card pressed), if any. */
  story?: string | undefined;
  /** A card was pressed (its KPI) or the story closed; called again with fresh figures on refresh. */
  onStory?: (kpi: KpiWithTrend | undefined) => void;
  /** A lagging commune in the story was chosen. */
  onCommune?: (code: string) => void;
}) {
  const store = useDashboard();
  const session = useSession();
  const [open, setOpen] = createSignal(kpisOpenByDefault(session.user()?.role));
  const shown = () => props.large || open();
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const [data] = createResource(
    () => ({ v: store.version(), tick: tick() }),
    // A failed refresh (offline) keeps the figures on show: an errored resource would throw on read.
    (_key, info): Promise<Kpis> =>
      store.api.kpis(store.collection()?.province.code).catch((error) => keepOr(info.value, error)),
  );
  const kpis = createMemo(() => (data.latest?.kpis ?? []).filter((k) => k.status !== "no-target"));
  const storyKpi = createMemo(() => kpis().find((k) => k.metric === props.story));
  // While the map replays a day, the cards show that day (issue 12).
  const playback = usePlayback();
  const cards = useReplayedKpis(kpis, playback, useHistory(), () => store.collection()?.province.code);
  const replayDay = () => (playback?.active() ? playback.day() : undefined);
  // Fresh figures for the open story (the map's outlines and labels follow its lagging list).
  createEffect(() => {
    const open = storyKpi();
    if (open && props.story) props.onStory?.(open);
  });
  const tally = createMemo(() => {
    const out = { "on-track": 0, "at-risk": 0, "off-track": 0 } as Record<string, number>;
    for (const k of cards()) if (k.status in out) out[k.status] = (out[k.status] ?? 0) + 1;
    return (["on-track", "at-risk", "off-track"] as const)
      .filter((s) => (out[s] ?? 0) > 0)
      .map((s) => [s, out[s]] as const);
  });
  const Toggle = () => (
    <button
      type="button"
      class="kpi-toggle"
      aria-expanded={open()}
      onClick={() => setOpen(!open())}
      data-testid="kpi-toggle"
    >
      {open() ? t("kpiHide") : t("kpiShow")}
    </button>
  );
  return (
    <Show when={kpis().length > 0}>
      <Show
        when={shown()}
        fallback={
          <section class="kpi-folded" aria-label={t("kpis")} data-testid="kpi-folded">
            <strong>{t("kpis")}</strong>
            <For each={tally()}>
              {([status, count]) => (
                <span class={`kpi-count ${status}`}>
                  <span aria-hidden="true">{STATUS[status].symbol}</span> {count} {t(STATUS[status].key)}
                </span>
              )}
            </For>
            <Toggle />
          </section>
        }
      >
        <section
          class="kpi-strip"
          classList={{ large: props.large, replay: replayDay() !== undefined }}
          aria-label={t("kpis")}
          data-testid="kpi-strip"
        >
          <Show when={replayDay()}>
            {(day) => (
              <p class="kpi-replay-day" data-testid="kpi-replay-day">
                {t("valuesOn")} {dayLabel(day())}
              </p>
            )}
          </Show>
          <div class="kpi-grid">
            <For each={cards()}>
              {(kpi) => (
                // A button where it opens a story; on the wall, which nobody presses, a plain card.
                <Dynamic
                  component={props.onStory ? "button" : "article"}
                  type={props.onStory ? "button" : undefined}
                  class={`kpi ${kpi.status}`}
                  classList={{ open: props.story === kpi.metric }}
                  aria-pressed={props.onStory ? props.story === kpi.metric : undefined}
                  // aria-controls must name an element that exists: the story panel only while it is open.
                  aria-controls={props.onStory && props.story ? "kpi-story" : undefined}
                  onClick={() => props.onStory?.(props.story === kpi.metric ? undefined : kpi)}
                  data-testid="kpi"
                  data-metric={kpi.metric}
                >
                  <h3>{kpi.label[lang()]}</h3>
                  <div class="kpi-line">
                    <span class="kpi-value">
                      {kpi.value === undefined ? "—" : formatNumber(kpi.value)}
                      <span class="unit"> {unitLabel(kpi.unit, kpi.value)}</span>
                    </span>
                    <Show when={kpi.target}>
                      {(target) => (
                        <span class="kpi-target muted">
                          {t("target")} {formatValue(target().value, kpi.unit)} · {target().year}
                        </span>
                      )}
                    </Show>
                  </div>
                  <div class="kpi-foot">
                    <span class="kpi-status">
                      <span aria-hidden="true">{STATUS[kpi.status].symbol}</span> {t(STATUS[kpi.status].key)}
                    </span>
                    <Show when={kpi.trend}>
                      {(trend) => (
                        <span class="kpi-trend muted" title={t("week")}>
                          {trend().delta7d > 0 ? "▲" : trend().delta7d < 0 ? "▼" : "＝"}{" "}
                          {formatNumber(Math.abs(trend().delta7d))} / {t("week")}
                        </span>
                      )}
                    </Show>
                  </div>
                </Dynamic>
              )}
            </For>
          </div>
          <Show when={!props.large}>
            <Toggle />
          </Show>
        </section>
        <Show when={storyKpi()}>
          {(kpi) => <KpiStory kpi={kpi()} onClose={() => props.onStory?.(undefined)} onCommune={props.onCommune} />}
        </Show>
      </Show>
    </Show>
  );
}

/**
 * A card's story (issue 14): the sentence that explains its status and the communes that lag,
 * each a button that opens the commune. The map outlines and labels the same communes.
 */
function KpiStory(props: { kpi: KpiWithTrend; onClose: () => void; onCommune?: ((code: string) => void) | undefined }) {
  let heading!: HTMLHeadingElement;
  // Moving focus to the story tells a screen reader what the card opened.
  createEffect(() => {
    props.kpi.metric;
    heading?.focus();
  });
  return (
    <section id="kpi-story" class="kpi-story" aria-labelledby="kpi-story-title" data-testid="kpi-story">
      <div class="kpi-story-head">
        <h2 id="kpi-story-title" ref={heading} tabindex="-1">
          {props.kpi.label[lang()]}
        </h2>
        <button type="button" class="secondary" onClick={() => props.onClose()} data-testid="kpi-story-close">
          {t("close")}
        </button>
      </div>
      <p class="kpi-story-sentence" data-testid="kpi-story-sentence">
        {storySentence(props.kpi, new Date())}
      </p>
      <KpiTrend kpi={props.kpi} />
      <Show when={props.kpi.lagging.length > 0} fallback={<p class="muted">{t("noLagging")}</p>}>
        <h3>{t("laggingCommunes")}</h3>
        <ol class="kpi-story-lagging" data-testid="kpi-story-lagging">
          <For each={props.kpi.lagging}>
            {(c) => (
              <li>
                <button type="button" class="link" onClick={() => props.onCommune?.(c.code)} data-code={c.code}>
                  {c.name}
                </button>{" "}
                <strong>{formatValue(c.value, props.kpi.unit)}</strong>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
