/**
 * Target paths, the indicators judged against them, what changed, and the report route, through
 * `app.request` with dashboard identity on.
 */
import { type Alert, type Kpi, vnDayStart } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp, roleCaller, roleTokens } from "./auth/test-auth.js";

const NOW = AUTH_TEST_NOW;
const DAY = 86_400_000;
const TODAY = vnDayStart(NOW);

const epayPath = {
  metric: "soc.epayment_account_rate",
  level: "province",
  baseline: { value: 60, year: 2024 },
  milestones: [
    { value: 70, year: 2025 },
    { value: 80, year: 2030 },
  ],
  source: "Nghị quyết 05-NQ/TU tỉnh",
};

const kpi = (metric: string, value: number): Kpi => ({
  metric,
  label: { vi: metric, en: metric },
  unit: "%",
  value,
  reporting: 3,
  communes: 3,
  status: "on-track",
  lagging: [],
});

async function setup() {
  const t = await createAuthTestApp();
  const tokens = await roleTokens(t.issuer);
  const call = roleCaller(t.app, tokens);
  return { ...t, call };
}

describe("target paths", () => {
  it("lists the national defaults to any role of the province, citing 749/QĐ-TTg", async () => {
    const { call } = await setup();
    const res = await call("leader", "GET", "/v1/targets");
    expect(res.status).toBe(200);
    const epay = res.json.paths.find((p: { metric: string }) => p.metric === "soc.epayment_account_rate");
    expect(epay).toMatchObject({ origin: "default", milestones: [{ value: 80, year: 2030 }] });
    expect(epay.source).toContain("749/QĐ-TTg");
    expect((await call(undefined, "GET", "/v1/targets")).status).toBe(401);
    expect((await call("leader", "GET", "/v1/targets?province=01")).status).toBe(403);
  });

  it("lets the province's admin replace a path, and the indicators follow it", async () => {
    const { call, kpis } = await setup();
    kpis.set(`99@${TODAY}`, { "soc.epayment_account_rate": kpi("soc.epayment_account_rate", 70) });
    for (const role of ["leader", "ops", "planner"] as const)
      expect((await call(role, "PUT", "/v1/targets/soc.epayment_account_rate", epayPath)).status).toBe(403);
    expect((await call("admin", "PUT", "/v1/targets/soc.epayment_account_rate?province=01", epayPath)).status).toBe(
      403,
    );
    const put = await call("admin", "PUT", "/v1/targets/soc.epayment_account_rate", epayPath);
    expect(put.status).toBe(200);
    expect(put.json.updatedBy).toBe("admin");
    const listed = await call("leader", "GET", "/v1/targets");
    expect(
      listed.json.paths.find(
        (p: { metric: string; level: string }) => p.metric === epayPath.metric && p.level === "province",
      ),
    ).toEqual({ ...epayPath, origin: "province" });

    // 22 Nov 2026 on 70 → 80 over 2026–2030: the path expects about 71.8 %; 70 % with no trend is "at risk".
    const res = await call("leader", "GET", "/v1/kpis");
    const [k] = res.json.kpis;
    expect(k).toMatchObject({ status: "at-risk", target: { level: "province", year: 2030, value: 80 } });
    expect(k.path.source).toBe("Nghị quyết 05-NQ/TU tỉnh");
    expect(k.path.sentence.vi).toBe(
      "Đạt 70,0 % — cần 71,8 % theo lộ trình năm 2026 để đạt 80,0 % năm 2030 (chậm so với lộ trình); chưa đủ lịch sử để dự báo.",
    );
  });

  it("projects from the daily indicators of the last 90 days", async () => {
    const { call, kpis } = await setup();
    // +3 points a year: 70 % now reaches 80 % in 2030, in time.
    for (const back of [0, 1, 2, 3, 7, 14, 28, 56, 90])
      kpis.set(`99@${TODAY - back * DAY}`, {
        "soc.epayment_account_rate": kpi("soc.epayment_account_rate", 70 - (back * 3) / 365.2425),
      });
    await call("admin", "PUT", "/v1/targets/soc.epayment_account_rate", epayPath);
    const [k] = (await call("leader", "GET", "/v1/kpis")).json.kpis;
    expect(k.path.projection).toMatchObject({ method: "least-squares-90d-daily", points: 9, reachesYear: 2030 });
    expect(k.path.sentence.vi).toContain("theo tốc độ 90 ngày qua sẽ đạt mục tiêu năm 2030");
    expect(k.spark).toBeUndefined();
  });

  it("refuses a path that is malformed, for another metric or outside the metric's range", async () => {
    const { call } = await setup();
    const put = (body: unknown) => call("admin", "PUT", "/v1/targets/soc.epayment_account_rate", body);
    expect((await put({ ...epayPath, milestones: [{ value: 80, year: 2020 }] })).json.code).toBe("invalid-request");
    expect((await put({ ...epayPath, metric: "net.coverage_4g" })).status).toBe(400);
    expect((await put({ ...epayPath, milestones: [{ value: 180, year: 2030 }] })).status).toBe(400);
    expect((await call("admin", "PUT", "/v1/targets/nope", { ...epayPath, metric: "nope" })).status).toBe(400);
  });
});

describe("what changed", () => {
  it("lists indicator and commune movers since yesterday and the alerts of the period", async () => {
    const { call, kpis, latest, hourStats, alerts } = await setup();
    kpis.set(`99@${TODAY}`, { "net.coverage_4g": kpi("net.coverage_4g", 91) });
    kpis.set(`99@${TODAY - DAY}`, { "net.coverage_4g": kpi("net.coverage_4g", 90) });
    latest.set("99001|net.coverage_4g", {
      province: "99",
      commune: "99001",
      metric: "net.coverage_4g",
      value: 60,
      observedAt: NOW - 60_000,
      readingKey: "s/1",
    });
    hourStats.set(`99|net.coverage_4g|99001|${TODAY - DAY}`, { "22": [1, 75, 75, 75] });
    alerts.set("bts-down:99001", {
      id: "bts-down:99001",
      ruleId: "bts-down",
      severity: "critical",
      status: "open",
      province: "99",
      commune: "99001",
      message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
      openedAt: NOW - 3_600_000,
      lastSeenAt: NOW,
      occurrences: 1,
      escalated: false,
      history: [],
    } as Alert);
    const res = await call("leader", "GET", "/v1/changes?since=day");
    expect(res.status).toBe(200);
    expect(res.json.kpis).toMatchObject([{ metric: "net.coverage_4g", before: 90, now: 91, delta: 1, better: true }]);
    expect(res.json.communes).toMatchObject([{ code: "99001", metric: "net.coverage_4g", delta: -15, better: false }]);
    expect(res.json.alerts.opened.map((a: { id: string }) => a.id)).toEqual(["bts-down:99001"]);
    expect(res.json.basis.vi).toBe("So với giá trị cuối ngày hôm qua");
    expect((await call("leader", "GET", "/v1/changes?since=month")).status).toBe(400);
  });
});

describe("the weekly report route", () => {
  it("answers a PDF to a signed-in reader and checks its query", async () => {
    const { call } = await setup();
    const res = await call("leader", "GET", "/v1/reports/weekly?date=2026-11-22&lang=vi&metric=net.coverage_4g");
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/pdf");
    expect((await call(undefined, "GET", "/v1/reports/weekly")).status).toBe(401);
    expect((await call("leader", "GET", "/v1/reports/weekly?metric=nope")).status).toBe(400);
    expect((await call("leader", "GET", "/v1/reports/weekly?date=22-11-2026")).status).toBe(400);
  });
});
