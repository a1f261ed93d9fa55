import type { AlertPage, AlertQuery } from "@ioc/client";
import type { Alert, Principal } from "@ioc/core";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DashboardProvider, type DashboardStore } from "../dashboard-store.js";
import { type Session, SessionProvider } from "../session.js";
import { AlertsConsole } from "./AlertsConsole.js";
import { AlertsProvider, createAlertsStore } from "./alerts-store.js";

const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  ruleId: id.split(":")[0] as string,
  severity: "critical",
  status: "open",
  province: "99",
  commune: "99001",
  metric: "net.bts_down",
  value: 2,
  message: { vi: `Trạm BTS mất liên lạc — ${id}`, en: `Base station down — ${id}` },
  openedAt: 1,
  lastSeenAt: 1,
  occurrences: 1,
  escalated: false,
  history: [{ at: 1, action: "opened" }],
  ...over,
});

function setup(role: Principal["role"], alerts: Alert[], pages?: (query: AlertQuery) => Promise<AlertPage>) {
  let emit: (a: Alert) => void = () => {};
  const acknowledgeAlert = vi.fn(async (id: string, note?: string) => ({
    ...(alerts.find((a) => a.id === id) as Alert),
    status: "acknowledged" as const,
    acknowledgedBy: "ops",
    history: [
      { at: 1, action: "opened" as const },
      { at: 2, action: "acknowledged" as const, by: "ops", note },
    ],
  }));
  const page: AlertPage = { alerts, counts: { critical: alerts.length, warning: 0, info: 0 } };
  const dashboard = {
    api: { alerts: pages ?? (async () => page), acknowledgeAlert, resolveAlert: vi.fn() },
    version: () => 0,
    collection: () => undefined,
    onAlert: (listener: (a: Alert) => void) => {
      emit = listener;
      return () => true;
    },
  } as unknown as DashboardStore;
  const session = {
    user: () => ({ subject: role, username: role, role, provinces: ["99"] }),
  } as unknown as Session;
  render(() => (
    <SessionProvider value={session}>
      <DashboardProvider value={dashboard}>
        {(() => {
          const store = createAlertsStore(dashboard);
          return (
            <AlertsProvider value={store}>
              <AlertsConsole sound={false} onSound={() => {}} />
            </AlertsProvider>
          );
        })()}
      </DashboardProvider>
    </SessionProvider>
  ));
  return { emit: (a: Alert) => emit(a), acknowledgeAlert };
}

afterEach(cleanup);

describe("AlertsConsole", () => {
  it("lists alerts with counts, moves with the arrow keys and acknowledges with a note (ops)", async () => {
    const { acknowledgeAlert } = setup("ops", [alert("bts-down:99001", { lastSeenAt: 2 }), alert("bts-down:99002")]);
    await screen.findByText("Trạm BTS mất liên lạc — bts-down:99001");
    expect(screen.getByTestId("count-critical").textContent).toContain("2");
    const buttons = document.querySelectorAll<HTMLButtonElement>("button.alert-summary");
    buttons[0]?.focus();
    fireEvent.keyDown(buttons[0] as HTMLElement, { key: "ArrowDown" });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.click(buttons[0] as HTMLElement);
    fireEvent.input(await screen.findByTestId("alert-note"), { target: { value: "đã báo nhà mạng" } });
    fireEvent.click(screen.getByTestId("ack"));
    await waitFor(() => expect(acknowledgeAlert).toHaveBeenCalledWith("bts-down:99001", "đã báo nhà mạng"));
    await waitFor(() =>
      expect(document.querySelector('[data-alert-id="bts-down:99001"]')?.closest("li")?.dataset.status).toBe(
        "acknowledged",
      ),
    );
  });

  it("offers a planner no acknowledge or resolve button", async () => {
    setup("planner", [alert("bts-down:99001")]);
    fireEvent.click(await screen.findByText("Trạm BTS mất liên lạc — bts-down:99001"));
    await screen.findByText("Lịch sử");
    expect(screen.queryByTestId("ack")).toBeNull();
    expect(screen.queryByTestId("resolve")).toBeNull();
  });

  it("highlights a new critical alert from the live connection, and escalated ones stand out", async () => {
    const { emit } = setup("leader", []);
    await screen.findByText("Không có cảnh báo");
    emit(alert("bts-down:99003", { lastSeenAt: 5, escalated: true }));
    const row = (await screen.findByText("Trạm BTS mất liên lạc — bts-down:99003")).closest("li");
    expect(row?.classList.contains("fresh")).toBe(true);
    expect(row?.classList.contains("escalated")).toBe(true);
    expect(screen.getByTestId("count-critical").textContent).toContain("1");
  });

  it("loads the next page on 'Tải thêm', merging it with what arrived live meanwhile", async () => {
    // Newest first, as the server sorts: 99001…99005, two a page.
    const all = [1, 2, 3, 4, 5].map((n) => alert(`bts-down:9900${n}`, { lastSeenAt: 10 - n }));
    const asked: AlertQuery[] = [];
    let acknowledgedOnServer = false;
    const pages = vi.fn(async (query: AlertQuery) => {
      asked.push(query);
      const listed = all.filter((a) => query.status !== "open" || !(acknowledgedOnServer && a.id === "bts-down:99001"));
      const offset = Number(query.cursor ?? 0);
      return {
        alerts: listed.slice(offset, offset + 2),
        counts: { critical: listed.length, warning: 0, info: 0 },
        ...(offset + 2 < listed.length ? { nextCursor: String(offset + 2) } : {}),
      };
    });
    const { emit } = setup("ops", [], pages);
    const statusSelect = (await screen.findByTestId("filter-status")) as HTMLSelectElement;
    fireEvent.change(statusSelect, { target: { value: "open" } });
    await waitFor(() => expect(asked.at(-1)?.status).toBe("open"));
    await screen.findByText("Trạm BTS mất liên lạc — bts-down:99002");
    expect(screen.getAllByTestId("alert-row")).toHaveLength(2);
    expect(asked.at(-1)).toMatchObject({ limit: 200 });

    // Live: 99001 is acknowledged elsewhere (it leaves the "open" list), 99004 is seen again;
    // the server's copy of 99004 on the next page predates that sighting.
    acknowledgedOnServer = true;
    emit({
      ...(all[0] as Alert),
      status: "acknowledged",
      history: [
        { at: 1, action: "opened" },
        { at: 11, action: "acknowledged", by: "ops2" },
      ],
    });
    emit({ ...(all[3] as Alert), lastSeenAt: 20, occurrences: 3, history: [{ at: 1, action: "opened" }] });

    fireEvent.click(screen.getByTestId("load-more"));
    // One alert left the query since the first page: the next page starts one earlier, so 99003
    // (now second on the server) is not skipped.
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ status: "open", cursor: "1" }));
    await screen.findByText("Trạm BTS mất liên lạc — bts-down:99003");
    await waitFor(() => expect(screen.getByTestId("load-more").textContent).toBe("Tải thêm"));
    // 99002, 99003, 99004 (live version kept: 3 occurrences); 99001 is acknowledged, not "open".
    const ids = () => [...document.querySelectorAll<HTMLElement>("[data-alert-id]")].map((b) => b.dataset.alertId);
    expect(ids()).toEqual(["bts-down:99004", "bts-down:99002", "bts-down:99003"]);
    expect(screen.getByText(/3 lần/)).toBeTruthy();

    fireEvent.click(screen.getByTestId("load-more"));
    await screen.findByText("Trạm BTS mất liên lạc — bts-down:99005");
    expect(screen.queryByTestId("load-more")).toBeNull();
    expect(ids()).toHaveLength(4);
  });
});
