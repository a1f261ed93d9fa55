/**
 * Wall devices through `app.request`: an admin registers a wall, the wall enrols once with its
 * code, reads the dashboard as a leader of its province only, renews with its secret, and is
 * refused at its next renewal once revoked.
 */
import type { Role } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp } from "./auth/test-auth.js";

async function setup(now = { t: AUTH_TEST_NOW }) {
  const t = await createAuthTestApp({ now: () => now.t });
  const tokens = Object.fromEntries(
    await Promise.all(
      (["leader", "ops", "planner", "admin"] as Role[]).map(async (role) => {
        const issued = await t.issuer.login(role, "demo");
        return [role, issued?.token as string];
      }),
    ),
  ) as Record<Role, string>;
  const call = (who: Role | string | undefined, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who as Role] ?? who}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const other = await t.issuer.issue({ subject: "local:a2", username: "a2", role: "admin", provinces: ["01"] });
  return { ...t, call, now, otherAdmin: other.token };
}

type Registered = { device: { id: string; status: string }; enrolmentCode: string; enrolmentPath: string };
type Tokened = { token: string; expiresAt: number; user: { role: string; provinces: string[] }; secret?: string };

describe("wall devices", () => {
  it("registers, enrols once, reads as a leader of its province, renews, and is refused once revoked", async () => {
    const { call, now, devices } = await setup();
    const created = await call("admin", "POST", "/v1/devices", { name: "Màn hình phòng họp tầng 3" });
    expect(created.status).toBe(201);
    const reg = (await created.json()) as Registered;
    expect(reg.device.status).toBe("pending");
    expect(reg.enrolmentPath).toBe(`/?wall=1&enrol=${encodeURIComponent(reg.enrolmentCode)}`);
    // Nothing secret in the store: hashes only.
    const stored = await devices.store.get(reg.device.id);
    expect(JSON.stringify(stored)).not.toContain(reg.enrolmentCode.split(".")[1]);

    const enrolled = await call(undefined, "POST", "/v1/devices/enrol", { code: reg.enrolmentCode });
    expect(enrolled.status).toBe(200);
    const first = (await enrolled.json()) as Tokened;
    expect(first.user).toMatchObject({ role: "leader", provinces: ["99"] });
    expect(first.expiresAt - now.t).toBe(300_000);
    const secret = first.secret as string;
    expect(JSON.stringify(await devices.store.get(reg.device.id))).not.toContain(secret.split(".")[1]);
    // The code works once.
    expect((await call(undefined, "POST", "/v1/devices/enrol", { code: reg.enrolmentCode })).status).toBe(401);

    // Read-only: the dashboard reads, no action, no other province.
    expect((await call(first.token, "GET", "/v1/kpis")).status).toBe(200);
    expect((await call(first.token, "GET", "/v1/kpis?province=01")).status).toBe(403);
    expect((await call(first.token, "POST", `/v1/alerts/${"a".repeat(20)}/ack`, {})).status).toBe(403);
    expect((await call(first.token, "GET", "/v1/devices")).status).toBe(403);

    // After its token expires the wall renews with its secret, by itself.
    now.t += 331_000; // past the 5 minutes and the verifier's 30 s of skew
    expect((await call(first.token, "GET", "/v1/kpis")).status).toBe(401);
    const renewed = await call(undefined, "POST", "/v1/devices/token", { secret });
    expect(renewed.status).toBe(200);
    const second = (await renewed.json()) as Tokened;
    expect((await call(second.token, "GET", "/v1/kpis")).status).toBe(200);

    const list = (await (await call("admin", "GET", "/v1/devices")).json()) as {
      devices: Array<{ id: string; status: string; lastSeenAt: number }>;
    };
    expect(list.devices).toEqual([expect.objectContaining({ id: reg.device.id, status: "active", lastSeenAt: now.t })]);
    expect(JSON.stringify(list)).not.toMatch(/Hash/);

    // Revoked: the next renewal is refused with a problem, the token dies within its 5 minutes.
    const revoked = await call("admin", "DELETE", `/v1/devices/${reg.device.id}`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as Registered).device.status).toBe("revoked");
    const refused = await call(undefined, "POST", "/v1/devices/token", { secret });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(((await refused.json()) as { code: string }).code).toBe("device-refused");
  });

  it("is for admins of the device's province only, and refuses malformed input as problems", async () => {
    const { call, otherAdmin } = await setup();
    for (const role of ["leader", "ops", "planner"] as const) {
      expect((await call(role, "POST", "/v1/devices", { name: "Tường" })).status).toBe(403);
      expect((await call(role, "GET", "/v1/devices")).status).toBe(403);
    }
    expect((await call(undefined, "GET", "/v1/devices")).status).toBe(401);
    const reg = (await (await call("admin", "POST", "/v1/devices", { name: "Tường" })).json()) as Registered;
    // Another province's admin: cannot create here, sees nothing, cannot revoke (answered as missing).
    expect((await call(otherAdmin, "POST", "/v1/devices", { name: "X", province: "99" })).status).toBe(403);
    expect(((await (await call(otherAdmin, "GET", "/v1/devices")).json()) as { devices: unknown[] }).devices).toEqual(
      [],
    );
    expect((await call(otherAdmin, "DELETE", `/v1/devices/${reg.device.id}`)).status).toBe(404);
    expect((await call("admin", "DELETE", "/v1/devices/nope")).status).toBe(400);
    expect((await call("admin", "POST", "/v1/devices", { name: "" })).status).toBe(400);
    expect(
      (await call(undefined, "POST", "/v1/devices/token", { secret: "d_0000000000000000000a.x".padEnd(40, "x") }))
        .status,
    ).toBe(401);
    expect((await call(undefined, "POST", "/v1/devices/enrol", { code: "garbage-garbage" })).status).toBe(401);
    expect((await call(undefined, "POST", "/v1/devices/enrol", {})).status).toBe(400);
  });
});
