/**
 * "Hôm nay thay đổi gì" (issue 12 items 5, 6): a header button opening the biggest movers since
 * yesterday or last week, per indicator and per commune, the alerts opened and resolved, and the
 * leaders' weekly report — a PDF download and a print view of the screen.
 */
import { findMetric } from "@ioc/core";
import { createResource, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { keepOr, useDashboard } from "./dashboard-store.js";
import { formatNumber, formatValue, lang } from "./i18n.js";
import { PROVINCE_TIME_ZONE } from "./time-format.js";

/** Today in Vietnam ("YYYY-MM-DD"): the report's day, whatever the device's own time zone. */
export function vnToday(now = Date.now()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: PROVINCE_TIME_ZONE }).format(now);
}

type Changes = Awaited<ReturnType<ReturnType<typeof useDashboard>["api"]["changes"]>>;

const TEXT = {
  vi: {
    open: "Hôm nay thay đổi gì",
    short: "Thay đổi",
    title: "Hôm nay thay đổi gì",
    day: "Từ hôm qua",
    week: "Từ tuần trước",
    kpis: "Chỉ tiêu thay đổi nhiều nhất",
    communes: "Xã, phường thay đổi nhiều nhất",
    opened: "Cảnh báo mới mở",
    resolved: "Cảnh báo đã xử lý",
    none: "Không có thay đổi.",
    better: "tốt lên",
    worse: "xấu đi",
    close: "Đóng",
    report: "Tải báo cáo tuần (PDF)",
    print: "Xem bản in",
    failed: "Không tải được báo cáo",
  },
  en: {
    open: "What changed today",
    short: "Changes",
    title: "What changed today",
    day: "Since yesterday",
    week: "Since last week",
    kpis: "Indicators that moved most",
    communes: "Communes that moved most",
    opened: "Alerts opened",
    resolved: "Alerts resolved",
    none: "No change.",
    better: "better",
    worse: "worse",
    close: "Close",
    report: "Download the weekly report (PDF)",
    print: "Print view",
    failed: "The report could not be downloaded",
  },
} as const;

/** The header's button and, when open, the panel. */
export function TodayPanel() {
  const store = useDashboard();
  const tx = () => TEXT[lang()];
  const [open, setOpen] = createSignal(false);
  const [since, setSince] = createSignal<"day" | "week">("day");
  const [failure, setFailure] = createSignal<string>();
  const [changes] = createResource(
    () => (open() ? { since: since(), v: store.version() } : undefined),
    ({ since: s }, info): Promise<Changes> =>
      store.api.changes(s, store.collection()?.province.code).catch((error) => keepOr(info.value, error)),
  );
  const onKey = (e: KeyboardEvent) => e.key === "Escape" && open() && setOpen(false);
  onMount(() => document.addEventListener("keydown", onKey));
  onCleanup(() => document.removeEventListener("keydown", onKey));

  const download = async () => {
    setFailure(undefined);
    try {
      // The day is asked for, not left to the server, so the file is named after the report's day
      // (a UTC date is yesterday's before 07:00 in Vietnam).
      const date = vnToday();
      const blob = await store.api.weeklyReport({
        date,
        lang: lang(),
        metric: store.metric(),
        province: store.collection()?.province.code,
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `bao-cao-tuan-${date}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setFailure(`${tx().failed}: ${(error as Error).message}`);
    }
  };
  // The print stylesheet lays the strip and this panel out on paper while the class is on.
  const printView = () => {
    document.body.classList.add("print-report");
    const done = () => {
      document.body.classList.remove("print-report");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  };
  const delta = (d: number, unit: string) => `${d > 0 ? "▲" : "▼"} ${formatValue(Math.abs(d), unit)}`;

  return (
    <>
      <button
        type="button"
        class="secondary today-toggle"
        aria-expanded={open()}
        aria-controls={open() ? "today-panel" : undefined}
        onClick={() => setOpen(!open())}
        title={tx().open}
        aria-label={tx().open}
        data-testid="today-toggle"
      >
        {/* A phone shows the short label (styles.css), so the header keeps to its 130 px. */}
        <span class="today-toggle-long">{tx().open}</span>
        <span class="today-toggle-short">{tx().short}</span>
      </button>
      <Show when={open()}>
        <section id="today-panel" class="today-panel" aria-labelledby="today-title" data-testid="today-panel">
          <div class="today-head">
            <h2 id="today-title">{tx().title}</h2>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>
              {tx().close}
            </button>
          </div>
          <fieldset class="span-switch">
            <legend class="sr-only">{tx().title}</legend>
            <For each={["day", "week"] as const}>
              {(s) => (
                <button
                  type="button"
                  aria-pressed={since() === s}
                  onClick={() => setSince(s)}
                  data-testid={`today-${s}`}
                >
                  {tx()[s]}
                </button>
              )}
            </For>
          </fieldset>
          <Show when={changes.latest}>
            {(c) => (
              <>
                <p class="muted">{c().basis[lang()]}</p>
                <h3>{tx().kpis}</h3>
                <ul class="today-list" data-testid="today-kpis">
                  <For each={c().kpis.slice(0, 5)} fallback={<li class="muted">{tx().none}</li>}>
                    {(k) => (
                      <li classList={{ better: k.better, worse: !k.better }}>
                        {k.label[lang()]}: {formatValue(k.before, k.unit)} →{" "}
                        <strong>{formatValue(k.now, k.unit)}</strong> ({delta(k.delta, k.unit)},{" "}
                        {k.better ? tx().better : tx().worse})
                      </li>
                    )}
                  </For>
                </ul>
                <h3>{tx().communes}</h3>
                <ul class="today-list" data-testid="today-communes">
                  <For each={c().communes} fallback={<li class="muted">{tx().none}</li>}>
                    {(m) => (
                      <li classList={{ better: m.better, worse: !m.better }}>
                        <strong>{m.name}</strong> — {findMetric(m.metric)?.label[lang()] ?? m.metric}:{" "}
                        {formatValue(m.before, m.unit)} → {formatValue(m.now, m.unit)} ({delta(m.delta, m.unit)},{" "}
                        {m.better ? tx().better : tx().worse})
                      </li>
                    )}
                  </For>
                </ul>
                <p data-testid="today-alerts">
                  {tx().opened}: <strong>{formatNumber(c().alerts.opened.length, 0)}</strong> · {tx().resolved}:{" "}
                  <strong>{formatNumber(c().alerts.resolved.length, 0)}</strong>
                </p>
              </>
            )}
          </Show>
          <div class="today-actions">
            <button type="button" onClick={() => void download()} data-testid="report-download">
              {tx().report}
            </button>
            <button type="button" class="secondary" onClick={printView} data-testid="report-print">
              {tx().print}
            </button>
          </div>
          <Show when={failure()}>
            {(f) => (
              <p class="error" role="alert">
                {f()}
              </p>
            )}
          </Show>
        </section>
      </Show>
    </>
  );
}
