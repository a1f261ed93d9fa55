/**
 * Ops basics and the audit trail through `app.request`, with dashboard identity on: who may
 * assign, snooze and bulk-acknowledge (not leaders, not planners, not in another province), what
 * each records in the audit trail, and who may search and export that trail (admins only).
 */
import { type Role, verifyChain } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp, roleCaller, roleTokens, testAlert } from "./auth/test-auth.js";

const NOW = AUTH_TEST_NOW;

const alert = testAlert;

async function setup() {
  const t = await createAuthTestApp();
  const tokens = await roleTokens(t.issuer);
  for (const id of ["bts-down:99001", "bts-down:99002", "bts-down:99003"]) t.alerts.set(id, alert(id));
  t.alerts.set("bts-down:99004", alert("bts-down:99004", { status: "resolved", resolvedAt: NOW - 1000 }));
  // The logins above were audited too; these tests look at what follows.
  t.audit.chains.clear();
  const call = (role: Role, method: string, path: string, body?: unknown) =>
    roleCaller(t.app, tokens)(role, method, path, body, { "user-agent": "vitest-agent" });
  const chain = () => t.audit.chains.get("99") ?? [];
  return { ...t, call, chain, tokens };
}

const enc = encodeURIComponent;

describe("assign, snooze and unsnooze", () => {
  it("lets ops assign and snooze, stores it on the alert, and audits each with before and after", async () => {
    const t = await setup();
    const assigned = await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99001")}/assign`, { assignee: "ops2" });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ assignee: "ops2", assignedAt: NOW });
    const until = new Date(NOW + 3_600_000).toISOString();
    const snoozed = await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99001")}/snooze`, {
      until,
      reason: "Đang bảo trì trạm",
    });
    expect(snoozed.status).toBe(200);
    expect(t.alerts.get("bts-down:99001")).toMatchObject({ snoozedUntil: NOW + 3_600_000, assignee: "ops2" });
    const back = await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99001")}/unsnooze`);
    expect(back.json.snoozedUntil).toBeUndefined();

    expect(t.chain().map((r) => [r.action, r.actor, r.objectId])).toEqual([
      ["alert.assign", "ops", "bts-down:99001"],
      ["alert.snooze", "ops", "bts-down:99001"],
      ["alert.unsnooze", "ops", "bts-down:99001"],
    ]);
    expect(t.chain()[1]).toMatchObject({
      role: "ops",
      userAgent: "vitest-agent",
      before: { status: "open", assignee: "ops2" },
      after: { status: "open", assignee: "ops2", snoozedUntil: until, snoozeReason: "Đang bảo trì trạm" },
    });
    expect(verifyChain("99", t.chain())).toMatchObject({ ok: true, records: 3 });
  });

  it("refuses leaders, planners and other provinces, and a snooze in the past or without a reason", async () => {
    const t = await setup();
    const path = `/v1/alerts/${enc("bts-down:99001")}/assign`;
    for (const role of ["leader", "planner"] as Role[])
      expect((await t.call(role, "POST", path, { assignee: "x" })).status, role).toBe(403);
    expect((await t.call("ops", "POST", `${path}?province=48`, { assignee: "x" })).status).toBe(403);
    const snooze = `/v1/alerts/${enc("bts-down:99001")}/snooze`;
    const past = await t.call("ops", "POST", snooze, { until: new Date(NOW - 1000).toISOString(), reason: "x" });
    expect([past.status, past.json.code]).toEqual([400, "invalid-request"]);
    const noReason = await t.call("ops", "POST", snooze, { until: new Date(NOW + 1000).toISOString(), reason: " " });
    expect(noReason.status).toBe(400);
    expect((await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99004")}/assign`, { assignee: "x" })).status).toBe(
      409,
    );
    expect((await t.call("ops", "POST", `/v1/alerts/${enc("nope:1")}/assign`, { assignee: "x" })).status).toBe(404);
    expect(t.chain()).toEqual([]);
  });
});

describe("bulk acknowledge", () => {
  it("acknowledges each id in order, says what happened to each, and audits each acknowledgement", async () => {
    const t = await setup();
    const r = await t.call("ops", "POST", "/v1/alerts/ack", {
      ids: ["bts-down:99001", "bts-down:99002", "bts-down:99004", "missing:1"],
      note: "Đã giao đội kỹ thuật",
    });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { id: string; outcome: string }) => [x.id, x.outcome])).toEqual([
      ["bts-down:99001", "acknowledged"],
      ["bts-down:99002", "acknowledged"],
      ["bts-down:99004", "already-resolved"],
      ["missing:1", "not-found"],
    ]);
    expect(t.alerts.get("bts-down:99002")?.status).toBe("acknowledged");
    expect(t.chain().map((x) => [x.action, x.objectId])).toEqual([
      ["alert.ack", "bts-down:99001"],
      ["alert.ack", "bts-down:99002"],
    ]);
    const again = await t.call("ops", "POST", "/v1/alerts/ack", { ids: ["bts-down:99001"] });
    expect(again.json.results[0].outcome).toBe("already-acknowledged");
    expect((await t.call("leader", "POST", "/v1/alerts/ack", { ids: ["bts-down:99003"] })).status).toBe(403);
    expect((await t.call("ops", "POST", "/v1/alerts/ack?province=48", { ids: ["bts-down:99003"] })).status).toBe(403);
  });
});

describe("the audit trail routes", () => {
  it("records ack, resolve and rule changes, and shows them to admins only, newest first, filtered and paged", async () => {
    const t = await setup();
    await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99001")}/ack`, { note: "ok" });
    await t.call("ops", "POST", `/v1/alerts/${enc("bts-down:99001")}/resolve`);
    const rule = (await t.call("admin", "GET", "/v1/rules")).json.rules[0];
    await t.call("admin", "PUT", `/v1/rules/${rule.id}`, { ...rule, enabled: false });

    for (const role of ["leader", "ops", "planner"] as Role[])
      expect((await t.call(role, "GET", "/v1/audit")).status, role).toBe(403);
    expect((await t.call("admin", "GET", "/v1/audit?province=48")).status).toBe(403);

    const all = await t.call("admin", "GET", "/v1/audit");
    expect(all.status).toBe(200);
    expect(all.json.records.map((r: { action: string }) => r.action)).toEqual([
      "rule.put",
      "alert.resolve",
      "alert.ack",
    ]);
    expect(all.json.records[0]).toMatchObject({
      actor: "admin",
      role: "admin",
      before: { enabled: true },
      after: { enabled: false },
      at: new Date(NOW).toISOString(),
    });
    expect(all.json.records[2]).toMatchObject({
      before: { status: "open" },
      after: { status: "acknowledged", note: "ok" },
    });

    const byOps = await t.call("admin", "GET", "/v1/audit?actor=ops&limit=1");
    expect(byOps.json.records.map((r: { action: string }) => r.action)).toEqual(["alert.resolve"]);
    const older = await t.call("admin", "GET", `/v1/audit?actor=ops&limit=1&cursor=${byOps.json.nextCursor}`);
    expect(older.json.records.map((r: { action: string }) => r.action)).toEqual(["alert.ack"]);
    expect(older.json.nextCursor).toBeUndefined();
    const rules = await t.call("admin", "GET", "/v1/audit?action=rule.put&object=rule");
    expect(rules.json.records).toHaveLength(1);
    const none = await t.call("admin", "GET", `/v1/audit?from=${enc(new Date(NOW + 1).toISOString())}`);
    expect(none.json.records).toEqual([]);
    expect((await t.call("admin", "GET", "/v1/audit?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z")).status).toBe(
      400,
    );
  });

  it("exports CSV with a BOM and neutralised formula cells, and audits the export", async () => {
    const t = await setup();
    // The User-Agent is the client's to choose: a cell of its own in the export.
    await t.app.request(`/v1/alerts/${enc("bts-down:99001")}/assign`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.tokens.ops}`,
        "content-type": "application/json",
        "user-agent": "=HYPERLINK(1)",
      },
      body: JSON.stringify({ assignee: "ops2" }),
    });
    const csv = await t.call("admin", "GET", "/v1/audit.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    // response.text() drops a BOM; the bytes keep it.
    const bytes = new Uint8Array(
      await (
        await t.app.request("/v1/audit.csv", { headers: { authorization: `Bearer ${t.tokens.admin}` } })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.startsWith("Số thứ tự / Seq,")).toBe(true);
    expect(csv.text).toContain("alert.assign");
    expect(csv.text).not.toMatch(/,=HYPERLINK/);
    expect(csv.text).toContain("'=HYPERLINK");
    const exports = t.chain().filter((r) => r.action === "export.audit");
    expect(exports.map((r) => [r.actor, (r.after as { rows: number }).rows])).toEqual([
      ["admin", 1],
      ["admin", 2],
    ]);
    expect((await t.call("ops", "GET", "/v1/audit.csv")).status).toBe(403);
  });

  it("records a sign-in in the user's province and a failed one in the national chain", async () => {
    const t = await setup();
    const login = (username: string, password: string) =>
      t.app.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "vitest-agent" },
        body: JSON.stringify({ username, password }),
      });
    expect((await login("ops", "demo")).status).toBe(200);
    expect((await login("nobody", "guess")).status).toBe(401);
    expect(t.chain().map((r) => [r.action, r.actor, r.role])).toEqual([["auth.sign-in", "ops", "ops"]]);
    expect(t.audit.chains.get("00")?.map((r) => [r.action, r.actor, r.role])).toEqual([
      ["auth.sign-in-failed", "nobody", "anonymous"],
    ]);
  });
});
