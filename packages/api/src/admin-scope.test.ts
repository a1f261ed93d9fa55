/**
 * Every restricted route of the served OpenAPI document, walked with every role and with users
 * of another province (issue 15 item 1, issue 13 "every admin route refusing the other roles and
 * other provinces"). Which roles a route admits is read from its summary's "(role, role)" suffix,
 * the contract's convention; a write route without one fails this test, so a new admin route
 * cannot slip past it. Each refusal must be a 403/404 problem that reveals nothing of the other
 * province, and must leave the stores as they were.
 */
import { type Alert, type Principal, ROLES, type Role } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp } from "./auth/test-auth.js";
import { routeWalkBodies } from "./route-walk-bodies.js";

interface Operation {
  operationId: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
}

const HOME = "99";
const OTHER = "48";
const ALERT_ID = "bts-down:99001";

const alert: Alert = {
  id: ALERT_ID,
  ruleId: "bts-down",
  severity: "critical",
  status: "open",
  province: HOME,
  commune: "99001",
  metric: "net.bts_down",
  value: 2,
  message: { vi: "Trạm BTS mất liên lạc — 99001: 2", en: "Base station down — 99001: 2" },
  openedAt: AUTH_TEST_NOW - 3_600_000,
  lastSeenAt: AUTH_TEST_NOW - 60_000,
  occurrences: 1,
  escalated: false,
  history: [{ at: AUTH_TEST_NOW - 3_600_000, action: "opened", value: 2 }],
};

/** A body each write route accepts from a user it admits, so a refusal is about the user only. */
const BODIES = routeWalkBodies(AUTH_TEST_NOW, ALERT_ID);

/** The roles a route admits, from its summary's "(…)" suffix; undefined when it names none. */
function rolesOf(op: Operation): Role[] | undefined {
  const match = /\(([a-z, ]+)\)\s*$/.exec(op.summary ?? "");
  const names = match?.[1]?.split(",").map((s) => s.trim()) ?? [];
  return names.length > 0 && names.every((n) => (ROLES as readonly string[]).includes(n))
    ? (names as Role[])
    : undefined;
}

describe("every restricted route, with every role and with another province's users", () => {
  it("refuses whoever the route does not admit, and every user of another province", async () => {
    const t = await createAuthTestApp();
    t.alerts.set(ALERT_ID, alert);
    // A home source and key under the ids the walk puts in the source routes' paths.
    t.sources.set("99001", {
      id: "99001",
      name: "Nguồn 99001",
      provinceCode: HOME,
      metricPrefixes: ["net."],
      cadenceSeconds: 300,
      rateLimitPerMinute: 600,
    });
    t.keys.set("hash-99001", {
      keyId: "99001",
      keyHash: "hash-99001",
      sourceId: "99001",
      status: "active",
      createdAt: AUTH_TEST_NOW,
    });
    const token = async (role: Role, province: string) =>
      (
        await t.issuer.issue({
          subject: `test:${role}:${province}`,
          username: `${role}-${province}`,
          role,
          provinces: [province],
        } satisfies Principal)
      ).token;
    // A scenario of the home province, so the shared-link route has something to refuse.
    const saved = await t.app.request(`/v1/scenarios?province=${HOME}`, {
      method: "POST",
      headers: { authorization: `Bearer ${await token("planner", HOME)}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Trạm mới", sites: [] }),
    });
    expect(saved.status).toBe(201);
    const scenarioId = ((await saved.json()) as { id: string }).id;

    const doc = (await (await t.app.request("/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const snapshot = () =>
      JSON.stringify({
        rules: [...t.rules.entries()],
        alerts: [...t.alerts.entries()],
        scenarios: t.scenarios.size,
        sources: [...t.sources.entries()],
        keys: [...t.keys.entries()],
      });
    const before = snapshot();

    const restricted: string[] = [];
    const scopedReads: string[] = [];
    const failures: string[] = [];
    let refusals = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.security?.some((s) => "dashboardToken" in s)) continue;
        const roles = rolesOf(op);
        const write = method !== "get";
        if (write && !roles) failures.push(`${op.operationId}: a write route must name its roles in its summary`);
        if (roles) restricted.push(op.operationId);
        const byProvince = (op.parameters ?? []).some((p) => p.in === "query" && p.name === "province");
        const byId = template.includes("/scenarios/{id}");
        if (!write && (byProvince || byId)) scopedReads.push(op.operationId);
        const path = template
          .replace("/alerts/{id}", `/alerts/${encodeURIComponent(ALERT_ID)}`)
          .replace("/scenarios/{id}", `/scenarios/${scenarioId}`)
          .replace("/rules/{id}", "/rules/bts-down")
          .replace("/targets/{metric}", "/targets/net.coverage_4g")
          .replace(/\{[^}]+\}/g, "99001");
        const url = byProvince ? `${path}${path.includes("?") ? "&" : "?"}province=${HOME}` : path;
        const body = BODIES[op.operationId];
        // A DELETE carries no body; every other write is walked with one its admitted users may send.
        if (write && method !== "delete" && body === undefined)
          failures.push(`${op.operationId}: the walk has no body for it`);
        const call = async (role: Role, province: string) =>
          t.app.request(url, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${await token(role, province)}`, "content-type": "application/json" },
            ...(write && body !== undefined ? { body: JSON.stringify(body) } : {}),
          });

        for (const role of ROLES) {
          for (const province of [HOME, OTHER]) {
            const admitted = (!roles || roles.includes(role)) && (province === HOME || !(byProvince || byId));
            if (admitted) continue;
            refusals++;
            const response = await call(role, province);
            const text = await response.text();
            const label = `${method.toUpperCase()} ${url} as ${role} of ${province} → ${response.status}`;
            if (![403, 404].includes(response.status)) failures.push(`${label}: not refused`);
            else if (response.headers.get("content-type") !== "application/problem+json")
              failures.push(`${label}: not a problem document`);
            // Nothing of the home province's data in the refusal (beyond the path it echoes as
            // `instance`): no commune, alert, rule or scenario.
            const { instance: _echo, ...rest } = JSON.parse(text || "{}") as Record<string, unknown>;
            if (/9900\d|"rules"|"alerts"|Trạm BTS|Trạm mới|"kpis"/.test(JSON.stringify(rest)))
              failures.push(`${label}: leaks ${text}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(snapshot()).toBe(before);
    // The walk reached the admin routes it is about (and names them when someone adds one).
    expect(restricted).toEqual(
      expect.arrayContaining([
        "putRule",
        "acknowledgeAlert",
        "resolveAlert",
        "createScenario",
        "acknowledgeAlerts",
        "assignAlert",
        "snoozeAlert",
        "importHistory",
        "createDevice",
        "revokeDevice",
        "putTarget",
        "putNotificationPolicy",
        "getNotificationPolicy",
        "listSources",
        "createSource",
        "patchSource",
        "createSourceKey",
        "rotateSourceKey",
        "revokeSourceKey",
        "listDeadLetters",
        "replayDeadLetter",
        "listUsers",
        "previewBoundaries",
        "importBoundaries",
      ]),
    );
    expect(scopedReads).toEqual(
      expect.arrayContaining(["listRules", "listAlerts", "getAlert", "getScenario", "getKpis"]),
    );
    console.info(
      `admin scope walk: ${restricted.length} restricted routes, ${scopedReads.length} scoped reads, ${refusals} refusals checked`,
    );

    // The same users are admitted at home: the refusals above are about who asks, not the request.
    const admin = await token("admin", HOME);
    const put = await t.app.request(`/v1/rules/bts-down?province=${HOME}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify(BODIES.putRule),
    });
    expect(put.status).toBe(200);
    expect(t.rules.get(`${HOME}|bts-down`)?.enabled).toBe(false);
    const listed = await t.app.request(`/v1/rules?province=${HOME}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(((await listed.json()) as { rules: Array<{ id: string; province?: string }> }).rules).toContainEqual(
      expect.objectContaining({ id: "bts-down", province: HOME }),
    );
  }, 120_000);

  it("lists a province's rules with the templates it has not adopted, and an adoption stays in its province", async () => {
    const t = await createAuthTestApp();
    const issue = async (role: Role, provinces: string[]) =>
      (await t.issuer.issue({ subject: `t:${role}`, username: role, role, provinces })).token;
    const national = await issue("admin", [HOME, OTHER]);
    const put = (province: string, body: unknown) =>
      t.app.request(`/v1/rules/bts-down?province=${province}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${national}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await put(OTHER, BODIES.putRule)).status).toBe(200);
    // A body naming another province than the request's is refused, not silently moved.
    const moved = await put(HOME, { ...(BODIES.putRule as object), province: OTHER });
    expect(moved.status).toBe(400);
    const list = async (province: string) =>
      (
        (await (
          await t.app.request(`/v1/rules?province=${province}`, { headers: { authorization: `Bearer ${national}` } })
        ).json()) as { province: string; rules: Array<{ id: string; enabled: boolean; province?: string }> }
      ).rules.find((r) => r.id === "bts-down");
    expect(await list(OTHER)).toMatchObject({ province: OTHER, enabled: false });
    const home = await list(HOME);
    expect(home?.enabled).toBe(true);
    expect(home?.province).toBeUndefined();
  });
});
