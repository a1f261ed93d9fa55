/**
 * Dead-letter and user administration through `app.request`, over fakes of the two ports: a
 * province's admin lists its dead letters page by page, replays one (removed) and another (kept,
 * with why), every replay is audited, and the users listed are those who can see the province.
 */
import type { DeadLetterItem, DeadLetterQueue, DirectoryUser, Role, UserDirectory } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp } from "./auth/test-auth.js";

/** A fake queue: letters in memory; those whose id starts with "ok" replay, the others fail. */
function fakeQueue(items: DeadLetterItem[]): DeadLetterQueue & { items: DeadLetterItem[] } {
  return {
    items,
    async list() {
      return [...this.items];
    },
    async replay(id) {
      const at = this.items.findIndex((i) => i.id === id);
      if (at < 0) return undefined;
      if (!id.startsWith("ok")) return { outcome: "failed", reason: "malformed record: value: expected number" };
      this.items.splice(at, 1);
      return { outcome: "replayed" };
    },
  };
}

const letter = (id: string, minutesAgo: number, province?: string): DeadLetterItem => ({
  id,
  at: AUTH_TEST_NOW - minutesAgo * 60_000,
  reason: "Error: failed 3 attempts",
  attempts: 3,
  summary: {
    eventName: "INSERT",
    ...(province ? { province, commune: `${province}001` } : {}),
    metric: "net.coverage_4g",
    observedAt: AUTH_TEST_NOW - 3_600_000,
  },
});

const USERS: DirectoryUser[] = [
  { username: "admin-48", role: "admin", provinces: ["48"], enabled: true },
  { username: "ops-99", role: "ops", provinces: ["99"], enabled: true },
  { username: "national", role: "leader", provinces: ["*"], enabled: true },
  { username: "both", role: "planner", provinces: ["48", "99"], enabled: false },
];
const directory: UserDirectory = { kind: "cognito", list: async () => USERS };

async function setup(withPorts = true) {
  const queue = fakeQueue([
    letter("ok-1", 1, "99"),
    letter("bad-2", 2, "99"),
    letter("ok-3", 3, "99"),
    letter("other", 4, "48"),
    letter("nameless", 5),
  ]);
  const t = await createAuthTestApp({
    extra: withPorts ? { deadLetters: queue, users: directory } : { deadLetters: undefined, users: undefined },
  });
  const token = async (role: Role, provinces: string[]) =>
    (await t.issuer.issue({ subject: `t:${role}:${provinces}`, username: `${role}-${provinces}`, role, provinces }))
      .token;
  const call = async (method: string, path: string, bearer?: string) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${bearer ?? (await token("admin", ["99"]))}` },
    });
  return { t, queue, token, call };
}

describe("dead-letter administration", () => {
  it("lists the province's dead letters newest first, page by page, with what they carried", async () => {
    const { call } = await setup();
    const first = await call("GET", "/v1/dead-letters?province=99&limit=2");
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      total: number;
      deadLetters: Array<{ id: string }>;
      nextCursor?: string;
    };
    expect(page.total).toBe(3);
    expect(page.deadLetters).toEqual([
      {
        id: "ok-1",
        at: new Date(AUTH_TEST_NOW - 60_000).toISOString(),
        reason: "Error: failed 3 attempts",
        attempts: 3,
        summary: {
          eventName: "INSERT",
          province: "99",
          commune: "99001",
          metric: "net.coverage_4g",
          observedAt: new Date(AUTH_TEST_NOW - 3_600_000).toISOString(),
        },
      },
      expect.objectContaining({ id: "bad-2" }),
    ]);
    const second = (await (
      await call("GET", `/v1/dead-letters?province=99&limit=2&cursor=${encodeURIComponent(page.nextCursor ?? "")}`)
    ).json()) as { deadLetters: Array<{ id: string }>; nextCursor?: string };
    expect(second.deadLetters.map((d) => d.id)).toEqual(["ok-3"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("lists a record naming no province to users of every province only", async () => {
    const { call, token } = await setup();
    const national = await token("admin", ["*"]);
    const ids = async (bearer?: string) =>
      (
        (await (await call("GET", "/v1/dead-letters?province=48", bearer)).json()) as { deadLetters: { id: string }[] }
      ).deadLetters.map((d) => d.id);
    expect(await ids(national)).toEqual(["other", "nameless"]);
    expect(await ids(await token("admin", ["48"]))).toEqual(["other"]);
  });

  it("replays one: removed when it succeeds, kept with the reason when not, and audits both", async () => {
    const { t, queue, call } = await setup();
    const ok = await call("POST", "/v1/dead-letters/ok-1/replay?province=99");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: "ok-1", outcome: "replayed" });
    expect(queue.items.map((i) => i.id)).not.toContain("ok-1");

    const bad = await call("POST", "/v1/dead-letters/bad-2/replay?province=99");
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({
      id: "bad-2",
      outcome: "failed",
      reason: "malformed record: value: expected number",
    });
    expect(queue.items.map((i) => i.id)).toContain("bad-2");

    const trail = t.audit.chains.get("99") ?? [];
    expect(trail.map((r) => [r.action, r.objectType, r.objectId, r.actor, r.after])).toEqual([
      ["dlq.replay", "dead-letter", "ok-1", "admin-99", { outcome: "replayed" }],
      [
        "dlq.replay",
        "dead-letter",
        "bad-2",
        "admin-99",
        { outcome: "failed", reason: "malformed record: value: expected number" },
      ],
    ]);
    expect(trail[0]?.before).toMatchObject({ id: "ok-1", summary: { commune: "99001" } });

    // Already replayed: gone, a 404 problem, and nothing more in the trail.
    const again = await call("POST", "/v1/dead-letters/ok-1/replay?province=99");
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe("dead-letter-not-found");
    expect(t.audit.chains.get("99")?.length).toBe(2);
  });

  it("answers another province's dead letter as one that does not exist, and refuses other roles", async () => {
    const { queue, call, token } = await setup();
    const other = await call("POST", "/v1/dead-letters/other/replay?province=99");
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain("48001");
    expect((await call("POST", "/v1/dead-letters/ok-1/replay?province=99", await token("ops", ["99"]))).status).toBe(
      403,
    );
    expect((await call("GET", "/v1/dead-letters?province=48")).status).toBe(403);
    expect(queue.items.length).toBe(5);
  });

  it("answers 503 where the deployment gives the API no dead letters or users", async () => {
    const { call } = await setup(false);
    const list = await call("GET", "/v1/dead-letters?province=99");
    expect(list.status).toBe(503);
    expect(((await list.json()) as { code: string }).code).toBe("dead-letters-unavailable");
    expect(((await (await call("GET", "/v1/users?province=99")).json()) as { code: string }).code).toBe(
      "users-unavailable",
    );
  });
});

describe("user administration", () => {
  it("lists the users who can see the province, with role, provinces and where they are changed", async () => {
    const { call, token } = await setup();
    const listed = await call("GET", "/v1/users?province=48", await token("admin", ["48"]));
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      province: "48",
      issuer: "cognito",
      users: [
        { username: "admin-48", role: "admin", provinces: ["48"], enabled: true },
        { username: "both", role: "planner", provinces: ["48", "99"], enabled: false },
        { username: "national", role: "leader", provinces: ["*"], enabled: true },
      ],
    });
    expect((await call("GET", "/v1/users?province=48")).status).toBe(403);
    expect((await call("GET", "/v1/users?province=99", await token("leader", ["99"]))).status).toBe(403);
  });
});
