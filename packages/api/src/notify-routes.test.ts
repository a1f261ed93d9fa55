import { describe, expect, it } from "vitest";
import { createAuthTestApp } from "./auth/test-auth.js";

const policy = {
  people: [
    { id: "an", name: "Nguyễn Văn An", email: "an@example.vn" },
    { id: "chi", name: "Lê Minh Chi", email: "chi@example.vn" },
  ],
  dutyLists: [{ id: "ca-truc", name: "Ca trực", members: ["an"] }],
  webhooks: [{ id: "zalo", name: "Zalo OA", url: "https://bridge.example.vn/ioc", secret: "0123456789abcdef0123" }],
  routes: [
    {
      severities: ["critical"],
      levels: [
        { afterMinutes: 0, email: ["ca-truc"], webhooks: ["zalo"] },
        { afterMinutes: 15, email: ["chi"], webhooks: [] },
      ],
    },
  ],
  quietHours: { start: "22:00", end: "06:00" },
};

async function setup() {
  const t = await createAuthTestApp();
  const token = async (role: string) => (await t.issuer.login(role, "demo"))?.token as string;
  const call = async (role: string | undefined, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${await token(role)}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...t, call };
}

describe("the notification policy routes", () => {
  it("let an admin of the province store and read a policy, never answering a secret back", async () => {
    const t = await setup();
    const empty = await t.call("admin", "GET", "/v1/notification-policy");
    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ province: "99", configured: false, routes: [] });

    const put = await t.call("admin", "PUT", "/v1/notification-policy", policy);
    expect(put.status).toBe(200);
    const stored = (await put.json()) as Record<string, unknown>;
    expect(stored).toMatchObject({ configured: true, updatedBy: "admin", webhooks: [{ id: "zalo", hasSecret: true }] });
    expect(JSON.stringify(stored)).not.toContain("0123456789abcdef0123");

    // Sent again without the secret: the stored one is kept.
    const { secret: _s, ...hook } = policy.webhooks[0] as (typeof policy.webhooks)[number];
    const again = await t.call("admin", "PUT", "/v1/notification-policy", { ...policy, webhooks: [hook] });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { webhooks: unknown[] }).webhooks).toEqual([
      expect.objectContaining({ hasSecret: true }),
    ]);
  });

  it("refuses other roles, other provinces and anonymous callers", async () => {
    const t = await setup();
    for (const role of ["leader", "ops", "planner"]) {
      expect((await t.call(role, "GET", "/v1/notification-policy")).status, role).toBe(403);
      expect((await t.call(role, "PUT", "/v1/notification-policy", policy)).status, role).toBe(403);
    }
    expect((await t.call("admin", "GET", "/v1/notification-policy?province=48")).status).toBe(403);
    expect((await t.call("admin", "PUT", "/v1/notification-policy?province=48", policy)).status).toBe(403);
    expect((await t.call(undefined, "GET", "/v1/notification-policy")).status).toBe(401);
  });

  it("refuses a policy that names someone it does not declare, or levels out of order", async () => {
    const t = await setup();
    const unknown = await t.call("admin", "PUT", "/v1/notification-policy", {
      ...policy,
      routes: [{ severities: ["warning"], levels: [{ afterMinutes: 0, email: ["nobody"], webhooks: [] }] }],
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toContain("no person or list nobody");
    const order = await t.call("admin", "PUT", "/v1/notification-policy", {
      ...policy,
      routes: [
        {
          severities: ["critical"],
          levels: [
            { afterMinutes: 0, email: ["an"], webhooks: [] },
            { afterMinutes: 0, email: ["chi"], webhooks: [] },
          ],
        },
      ],
    });
    expect(order.status).toBe(400);
    const bad = await t.call("admin", "PUT", "/v1/notification-policy", {
      ...policy,
      quietHours: { start: "25:00", end: "06:00" },
    });
    expect(bad.status).toBe(400);
  });

  it("answers an alert's notifications to readers of its province only", async () => {
    const t = await setup();
    expect((await t.call("ops", "GET", "/v1/alerts/none/notifications")).status).toBe(404);
    expect((await t.call("ops", "GET", "/v1/alerts/none/notifications?province=48")).status).toBe(403);
  });
});
