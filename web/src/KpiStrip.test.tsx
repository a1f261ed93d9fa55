import type { KpiWithTrend } from "@ioc/client";
import type { Principal } from "@ioc/core";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { DashboardProvider, type DashboardStore } from "./dashboard-store.js";
import { KpiStrip, kpisOpenByDefault } from "./KpiStrip.js";
import { type Session, SessionProvider } from "./session.js";

const kpi = (metric: string, status: KpiWithTrend["status"], vi: string): KpiWithTrend => ({
  metric,
  label: { vi, en: metric },
  unit: "%",
  value: 71,
  reporting: 10,
  communes: 10,
  target: { value: 100, year: 2030 } as KpiWithTrend["target"],
  status,
  lagging: [],
});

const KPIS = [
  kpi("net.coverage_4g", "on-track", "Dân số được phủ sóng 4G"),
  kpi("net.fiber_households", "off-track", "Hộ có cáp quang"),
  kpi("soc.epayment_account_rate", "off-track", "Người có tài khoản thanh toán điện tử"),
];

function setup(role: Principal["role"], large = false, story?: Parameters<typeof KpiStrip>[0]) {
  const dashboard = {
    api: { kpis: async () => ({ province: "99", generatedAt: "2026-01-01T00:00:00Z", kpis: KPIS }) },
    version: () => 1,
    collection: () => undefined,
  } as unknown as DashboardStore;
  const session = {
    user: () => ({ subject: role, username: role, role, provinces: ["99"] }),
  } as unknown as Session;
  render(() => (
    <SessionProvider value={session}>
      <DashboardProvider value={dashboard}>
        <KpiStrip large={large} {...story} />
      </DashboardProvider>
    </SessionProvider>
  ));
}

afterEach(cleanup);

describe("KpiStrip per role (DOMAIN.md)", () => {
  it("opens for leaders and admins, folds for ops staff and planners", () => {
    expect(kpisOpenByDefault("leader")).toBe(true);
    expect(kpisOpenByDefault("admin")).toBe(true);
    expect(kpisOpenByDefault("ops")).toBe(false);
    expect(kpisOpenByDefault("planner")).toBe(false);
    expect(kpisOpenByDefault(undefined)).toBe(false);
  });

  it("shows a leader every indicator against its target at once", async () => {
    setup("leader");
    await screen.findByTestId("kpi-strip");
    expect(screen.getAllByTestId("kpi")).toHaveLength(3);
    expect(screen.getByTestId("kpi-strip").textContent).toContain("mục tiêu 100 % · 2030");
    expect(screen.queryByTestId("kpi-folded")).toBeNull();
  });

  it("folds to one line of status counts for ops, and opens and folds again on the toggle", async () => {
    setup("ops");
    const folded = await screen.findByTestId("kpi-folded");
    expect(folded.textContent).toContain("1 Đúng tiến độ");
    expect(folded.textContent).toContain("2 Chậm tiến độ");
    expect(screen.queryByTestId("kpi")).toBeNull();
    const toggle = screen.getByTestId("kpi-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(await screen.findAllByTestId("kpi")).toHaveLength(3);
    fireEvent.click(screen.getByTestId("kpi-toggle"));
    await screen.findByTestId("kpi-folded");
  });

  it("starts folded for a planner too, but the wall screen always shows it, without a toggle", async () => {
    setup("planner");
    await screen.findByTestId("kpi-folded");
    cleanup();
    setup("planner", true);
    expect(await screen.findAllByTestId("kpi")).toHaveLength(3);
    expect(screen.queryByTestId("kpi-toggle")).toBeNull();
  });

  it("opens a card's story from its button: the sentence, the lagging communes, and closes again", async () => {
    const { createSignal } = await import("solid-js");
    const [story, setStory] = createSignal<string>();
    const opened: Array<string | undefined> = [];
    const chosen: string[] = [];
    const LAGGING = [{ code: "c1", name: "Xã Ạ", value: 12 }];
    KPIS[1] = { ...(KPIS[1] as KpiWithTrend), lagging: LAGGING, attainment: 0.71 };
    setup("leader", false, {
      get story() {
        return story();
      },
      onStory: (k) => {
        opened.push(k?.metric);
        setStory(k?.metric);
      },
      onCommune: (code) => chosen.push(code),
    });
    const cards = await screen.findAllByTestId("kpi");
    const card = cards[1] as HTMLElement;
    expect(card.tagName).toBe("BUTTON");
    expect(card.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(card);
    const panel = await screen.findByTestId("kpi-story");
    expect(card.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("kpi-story-sentence").textContent).toMatch(
      /^Chậm tiến độ: hiện đạt 71 %, mục tiêu 100 % vào năm 2030; theo lộ trình, hôm nay cần khoảng/,
    );
    expect(panel.textContent).toContain("Xã Ạ");
    fireEvent.click(screen.getByText("Xã Ạ"));
    expect(chosen).toEqual(["c1"]);
    fireEvent.click(screen.getByTestId("kpi-story-close"));
    expect(screen.queryByTestId("kpi-story")).toBeNull();
    expect(opened[0]).toBe("net.fiber_households");
    expect(opened.at(-1)).toBeUndefined();
  });

  it("keeps the wall's cards plain: nobody presses them there", async () => {
    setup("leader", true);
    const cards = await screen.findAllByTestId("kpi");
    expect(cards[0]?.tagName).toBe("ARTICLE");
  });
});
