/**
 * The history routes through `app.request` with identity on: who may read and import, a refused
 * file that stores nothing, and what a stored import reads back as.
 */
import { type Commune, createMemoryHistoryStore, type Role, vnDateStart } from "@ioc/core";
import { createJwtVerifier, createLocalIssuer, demoUsers, type LocalUser } from "@ioc/identity";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { AUTH_TEST_NOW } from "./auth/test-auth.js";
import { createFakeStores } from "./test-fakes.js";

const commune = (code: string, population: number, provinceCode = "99"): Commune => ({
  code,
  name: `Xã ${code}`,
  kind: "xã",
  provinceCode,
  population,
  households: population / 4,
  areaKm2: 50,
  terrain: "midland",
  border: false,
  extremelyDisadvantaged: false,
  labelPoint: [107, 15],
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [107, 15],
        [107.1, 15],
        [107.1, 15.1],
        [107, 15],
      ],
    ],
  },
});

/** The issuer and its tokens, built once: hashing the demo passwords is the slow part. */
const identity = (async () => {
  const clock = () => AUTH_TEST_NOW;
  const users: LocalUser[] = await demoUsers("demo");
  // A leader of another province, to check the scope as well as the role.
  const leader = users.find((u) => u.username === "leader") as LocalUser;
  const issuer = await createLocalIssuer({
    users: [...users, { ...leader, username: "leader45", provinces: ["45"] }],
    clock,
    ttlSeconds: 3600,
  });
  const verifier = createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock });
  const tokens: Record<string, string> = {};
  for (const name of ["leader", "ops", "planner", "admin", "leader45"])
    tokens[name] = (await issuer.login(name, "demo"))?.token as string;
  return { clock, issuer, verifier, tokens };
})();

async function setup() {
  const { clock, issuer, verifier, tokens } = await identity;
  const fakes = createFakeStores();
  await fakes.deps.registry.putProvince({
    code: "99",
    name: "Tỉnh Thử",
    synthetic: true,
    communes: [commune("99001", 1000), commune("99002", 3000)],
  });
  await fakes.deps.registry.putProvince({
    code: "45",
    name: "Tỉnh Khác",
    synthetic: true,
    communes: [commune("45001", 10, "45")],
  });
  const history = createMemoryHistoryStore();
  const app = createApp({
    ...fakes.deps,
    history,
    clock,
    logger: { info() {}, error() {} },
    defaultProvince: "99",
    auth: { verifier, issuer },
  });
  const call = (who: Role | "leader45" | undefined, method: string, path: string, csv?: string) =>
    app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(csv === undefined ? {} : { "content-type": "text/csv" }),
      },
      ...(csv === undefined ? {} : { body: csv }),
    });
  return { app, call, history, fakes };
}

const GOOD = [
  "commune,metric,value,observedAt",
  "99001,net.coverage_4g,40,2022-03-01T09:00:00+07:00",
  "99002,net.coverage_4g,80,2022-03-01T09:00:00+07:00",
  "99001,net.coverage_4g,45,2022-03-02T09:00:00+07:00",
].join("\n");

describe("POST /v1/history/import", () => {
  it("is for admins only: leader, ops and planner get 403, no token 401", async () => {
    const { call, history } = await setup();
    expect((await call(undefined, "POST", "/v1/history/import", GOOD)).status).toBe(401);
    for (const role of ["leader", "ops", "planner"] as const)
      expect((await call(role, "POST", "/v1/history/import", GOOD)).status, role).toBe(403);
    expect(history.days.size).toBe(0);
  });

  it("stores a good file, and the trend and the day read it back labelled as imported", async () => {
    const { call } = await setup();
    const stored = await call("admin", "POST", "/v1/history/import", GOOD);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual({ rows: 3, days: 2, from: "2022-03-01", to: "2022-03-02" });
    const trend = await call(
      "leader",
      "GET",
      "/v1/history/province?metric=net.coverage_4g&from=2022-01-01&to=2022-12-31",
    );
    expect(trend.status).toBe(200);
    const body = (await trend.json()) as {
      points: Array<{ date: string; value: number; count: number; source: string }>;
    };
    // Population-weighted: (40 × 1000 + 80 × 3000) / 4000 = 70; the next day only 99001 has a value.
    expect(body.points.map((p) => [p.date, p.value, p.count, p.source])).toEqual([
      ["2022-03-01", 70, 2, "import"],
      ["2022-03-02", 45, 1, "import"],
    ]);
    const day = await call("ops", "GET", "/v1/history/communes?metric=net.coverage_4g&date=2022-03-01");
    expect(await day.json()).toMatchObject({
      date: "2022-03-01",
      values: { "99001": { value: 40, source: "import" }, "99002": { value: 80, source: "import" } },
      provinceValue: { value: 70, source: "import", t: new Date(vnDateStart("2022-03-01")).toISOString() },
    });
  });

  it("refuses a file with bad rows whole: 422, every bad row located, nothing stored", async () => {
    const { call, history } = await setup();
    const bad = [
      GOOD,
      "99001,net.coverage_4g,140,2022-03-03T09:00:00+07:00",
      "45001,net.coverage_4g,40,2022-03-03T09:00:00+07:00",
      "99001,net.coverage_4g,40,2026-11-22T12:00:00+07:00",
    ].join("\n");
    const res = await call("admin", "POST", "/v1/history/import", bad);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as {
      code: string;
      rejected: Array<{ line: number; code: string; detail: string }>;
    };
    expect(body.code).toBe("history-import-refused");
    expect(body.rejected.map((r) => [r.line, r.code])).toEqual([
      [5, "value-out-of-range"],
      [6, "commune-out-of-scope"],
      [7, "observed-in-future"],
    ]);
    expect(body.rejected[0]?.detail).toMatch(/^line 5:/);
    expect(history.days.size).toBe(0);
    expect(history.months.size).toBe(0);
  });

  it("answers malformed CSV, a missing CSV body and another province's import as problems", async () => {
    const { call } = await setup();
    expect(
      (await call("admin", "POST", "/v1/history/import", 'commune,metric,value,observedAt\n"99001,x')).status,
    ).toBe(400);
    const notCsv = await call("admin", "POST", "/v1/history/import");
    expect(notCsv.status).toBe(415);
    // The demo admin administers province 99 only: another province is outside their scope.
    expect((await call("admin", "POST", "/v1/history/import?province=45", GOOD)).status).toBe(403);
  });
});

describe("GET /v1/history/*", () => {
  it("lets leader, ops, planner and admin read their province only", async () => {
    const { call } = await setup();
    const paths = [
      "/v1/history/province?metric=net.coverage_4g",
      "/v1/history/communes?metric=net.coverage_4g&date=2022-03-01",
    ];
    for (const path of paths) {
      for (const role of ["leader", "ops", "planner", "admin"] as const)
        expect((await call(role, "GET", path)).status, `${role} ${path}`).toBe(200);
      expect((await call(undefined, "GET", path)).status).toBe(401);
      expect((await call("leader45", "GET", path)).status).toBe(403);
      expect((await call("leader", "GET", `${path}&province=45`)).status).toBe(403);
    }
    expect((await call("leader45", "GET", "/v1/history/province?metric=net.coverage_4g&province=45")).status).toBe(200);
  });

  it("refuses unknown metrics, reversed or too wide ranges", async () => {
    const { call } = await setup();
    expect((await call("leader", "GET", "/v1/history/province?metric=no.such")).status).toBe(400);
    expect(
      (await call("leader", "GET", "/v1/history/province?metric=net.coverage_4g&from=2022-02-01&to=2022-01-01")).status,
    ).toBe(400);
    expect(
      (
        await call(
          "leader",
          "GET",
          "/v1/history/province?metric=net.coverage_4g&resolution=hour&from=2026-09-01&to=2026-11-01",
        )
      ).status,
    ).toBe(400);
    expect((await call("leader", "GET", "/v1/history/communes?metric=net.coverage_4g&date=2022-13-01")).status).toBe(
      400,
    );
  });

  it("answers hourly points from the hour buckets", async () => {
    const { call, fakes } = await setup();
    const day = vnDateStart("2026-11-22");
    fakes.hourStats.set(`99|net.coverage_4g|99001|${day}`, { "8": [2, 100, 40, 60] });
    const res = await call(
      "leader",
      "GET",
      "/v1/history/province?metric=net.coverage_4g&resolution=hour&from=2026-11-22&to=2026-11-22",
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { points: Array<{ t: string; value: number; count: number }> };
    expect(body.points).toEqual([
      { t: new Date(day + 8 * 3_600_000).toISOString(), value: 50, count: 2, source: "stream" },
    ]);
  });
});

describe("GET /v1/communes/{code}/series?step=1d beyond the hour buckets", () => {
  const series = (from: number, to = AUTH_TEST_NOW) =>
    `/v1/communes/99001/series?metric=net.coverage_4g&step=1d&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  type Series = { points: Array<{ t: string; count: number; sum: number; min: number; max: number; mean: number }> };

  it("reads the stored days over a year: imported values and the stream's day statistics", async () => {
    const { call, history, fakes } = await setup();
    const DAY = 86_400_000;
    const today = vnDateStart("2026-11-22");
    const old = today - 200 * DAY;
    const older = today - 300 * DAY;
    // The past through the import (a bucket of one), a recent day from the stream (its statistics).
    await history.importRows(
      "99",
      [commune("99001", 1000), commune("99002", 3000)],
      [
        { commune: "99001", metric: "net.coverage_4g", value: 41, observedAt: older + 9 * 3_600_000 },
        { commune: "99002", metric: "net.coverage_4g", value: 90, observedAt: older + 9 * 3_600_000 },
        { commune: "99001", metric: "net.coverage_4g", value: 52.5, observedAt: old + 9 * 3_600_000 },
      ],
      "import",
    );
    const recent = today - 10 * DAY;
    history.days.set(`99|net.coverage_4g|${recent}`, {
      province: "99",
      metric: "net.coverage_4g",
      dayStart: recent,
      stats: { "99001": [3, 210, 60, 80, 75, recent + 20 * 3_600_000, "k"] },
      imported: {},
      applied: {},
    });
    // An hour bucket of that day must not be counted twice: the days alone answer.
    fakes.hourStats.set(`99|net.coverage_4g|99001|${recent}`, { "8": [3, 210, 60, 80] });
    const res = await call("leader", "GET", series(today - 365 * DAY));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Series).points).toEqual([
      { t: new Date(older).toISOString(), count: 1, sum: 41, min: 41, max: 41, mean: 41 },
      { t: new Date(old).toISOString(), count: 1, sum: 52.5, min: 52.5, max: 52.5, mean: 52.5 },
      { t: new Date(recent).toISOString(), count: 3, sum: 210, min: 60, max: 80, mean: 70 },
    ]);
    // Within the hour buckets' 90 days the series still sums the hours, as before.
    const short = await call("leader", "GET", series(today - 30 * DAY));
    expect(((await short.json()) as Series).points).toEqual([
      { t: new Date(recent).toISOString(), count: 3, sum: 210, min: 60, max: 80, mean: 70 },
    ]);
  });
});
