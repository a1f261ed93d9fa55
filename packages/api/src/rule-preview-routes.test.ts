/**
 * The rule preview and the audit of the two admin writes the rules and targets screens make
 * (`PUT /v1/rules/{id}`, `PUT /v1/targets/{metric}`), through `app.request` with identity on.
 */
import { generateDemoProvince, type HourStats, vnDayStart } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp, roleCaller, roleTokens } from "./auth/test-auth.js";

const NOW = AUTH_TEST_NOW;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = vnDayStart(NOW);
const province = generateDemoProvince();
/** Signing the four demo users in costs seconds on a busy machine. */
const SLOW = { timeout: 30_000 };

const draft = (value: number, over: Record<string, unknown> = {}) => ({
  id: "low-4g",
  name: { vi: "Phủ sóng 4G thấp", en: "Low 4G coverage" },
  severity: "warning",
  enabled: true,
  condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value },
  ...over,
});

async function setup() {
  const t = await createAuthTestApp();
  const tokens = await roleTokens(t.issuer);
  const call = roleCaller(t.app, tokens);
  /** One commune's hour of 4G coverage, `back` days before today. */
  const hour = (commune: string, back: number, hh: number, ...values: number[]) => {
    const stats: HourStats = [
      values.length,
      values.reduce((s, v) => s + v, 0),
      Math.min(...values),
      Math.max(...values),
    ];
    const key = `99|net.coverage_4g|${commune}|${TODAY - back * DAY}`;
    t.hourStats.set(key, { ...(t.hourStats.get(key) ?? {}), [String(hh)]: stats });
  };
  return { ...t, call, hour };
}

describe("POST /v1/rules/preview", () => {
  it("counts the draft's openings per day over the last 7 days, with communes and first examples", SLOW, async () => {
    const { call, hour } = await setup();
    const [first, second] = province.communes;
    hour(first?.code as string, 2, 9, 70, 90);
    hour(first?.code as string, 2, 10, 72);
    // A clear hour resolves it (an hour without readings would not: the processor judges readings).
    hour(first?.code as string, 2, 12, 90);
    hour(first?.code as string, 1, 9, 60);
    hour(second?.code as string, 0, 1, 75);
    // Eight days back: outside the window.
    hour(second?.code as string, 7, 9, 10);

    const res = await call("admin", "POST", "/v1/rules/preview", draft(80));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      province: "99",
      ruleId: "low-4g",
      supported: true,
      precision: "exact",
      firings: 3,
      communes: 2,
      firingHours: 4,
    });
    expect(res.json.days).toHaveLength(7);
    expect(res.json.days.map((d: { firings: number }) => d.firings)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(res.json.days[6].day).toBe("2026-11-22");
    expect(res.json.from).toBe(new Date(TODAY - 6 * DAY).toISOString());
    expect(res.json.examples[0]).toMatchObject({
      commune: first?.code,
      name: first?.name,
      at: new Date(TODAY - 2 * DAY + 9 * HOUR).toISOString(),
      value: 70,
    });
    expect(res.json.examples[0].message.vi).toContain(first?.name);

    // A lower threshold fires less: the preview follows the draft.
    expect((await call("admin", "POST", "/v1/rules/preview", draft(65))).json.firings).toBe(1);
    // A disabled draft is previewed as if it were enabled; nothing is stored either way.
    expect((await call("admin", "POST", "/v1/rules/preview", draft(80, { enabled: false }))).json.firings).toBe(3);
    expect((await call("admin", "GET", "/v1/rules")).json.rules.some((r: { id: string }) => r.id === "low-4g")).toBe(
      false,
    );
  });

  it("leaves out hours after the clock, and says a stale-feed rule has no preview", SLOW, async () => {
    const { call, hour } = await setup();
    const code = province.communes[0]?.code as string;
    // 08:00 UTC is 15:00 in Vietnam: hour 23 of today has not happened yet.
    hour(code, 0, 23, 10);
    expect((await call("admin", "POST", "/v1/rules/preview", draft(80))).json.firings).toBe(0);
    const stale = await call("admin", "POST", "/v1/rules/preview", {
      ...draft(0),
      condition: { kind: "stale", factor: 3 },
    });
    expect(stale.json).toMatchObject({ supported: false, firings: 0 });
  });

  it("is for the province's admins only, and refuses a draft saving would refuse, naming the field", SLOW, async () => {
    const { call } = await setup();
    for (const role of ["leader", "ops", "planner"] as const)
      expect((await call(role, "POST", "/v1/rules/preview", draft(80))).status).toBe(403);
    expect((await call(undefined, "POST", "/v1/rules/preview", draft(80))).status).toBe(401);
    expect((await call("admin", "POST", "/v1/rules/preview?province=48", draft(80))).status).toBe(403);

    const unknown = await call("admin", "POST", "/v1/rules/preview", {
      ...draft(80),
      condition: { kind: "threshold", metric: "net.nothing", op: "below", value: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.type).toBe("application/problem+json");
    expect(unknown.json.detail).toBe('body condition.metric: "net.nothing" is not in the catalogue');
    const badValue = await call("admin", "POST", "/v1/rules/preview", {
      ...draft(80),
      condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value: "x" },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.json.detail).toMatch(/^body condition\.value: /);
    expect((await call("admin", "POST", "/v1/rules/preview", "{")).json.code).toBe("malformed-json");
    expect((await call("admin", "POST", "/v1/rules/preview", draft(80, { province: "48" }))).status).toBe(400);
  });
});

describe("the rules and targets screens' writes are audited", () => {
  it("records a rule's before and after, and a target path's", SLOW, async () => {
    const { call, audit } = await setup();
    expect((await call("admin", "PUT", "/v1/rules/low-4g", draft(80))).status).toBe(200);
    expect((await call("admin", "PUT", "/v1/rules/low-4g", draft(70))).status).toBe(200);
    const path = {
      metric: "net.coverage_4g",
      level: "province",
      baseline: { value: 90, year: 2025 },
      milestones: [
        { value: 95, year: 2027 },
        { value: 100, year: 2030 },
      ],
      source: "Nghị quyết 05-NQ/TU tỉnh",
    };
    expect((await call("admin", "PUT", "/v1/targets/net.coverage_4g", path)).status).toBe(200);
    // A refused change leaves no record.
    expect((await call("admin", "PUT", "/v1/targets/net.coverage_4g", { ...path, source: "" })).status).toBe(400);

    const trail = audit.chains.get("99") ?? [];
    const changes = trail.filter((r) => r.action !== "auth.sign-in");
    expect(changes.map((r) => `${r.action} ${r.objectType}/${r.objectId} ${r.actor}`)).toEqual([
      "rule.put rule/low-4g admin",
      "rule.put rule/low-4g admin",
      "target.put target/net.coverage_4g/province admin",
    ]);
    expect(changes[1]?.before).toMatchObject({ condition: { value: 80 } });
    expect(changes[1]?.after).toMatchObject({ condition: { value: 70 }, province: "99" });
    expect(changes[2]?.before).toMatchObject({ metric: "net.coverage_4g", level: "province" });
    expect(changes[2]?.after).toEqual(path);
  });
});
