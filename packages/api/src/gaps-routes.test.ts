/**
 * The planner routes through `app.request` with identity on: a four-commune province whose gap
 * scores are worked out by hand below, its exports, the DX index and a scenario round trip.
 */
import type { Commune, Role, TerrainClass } from "@ioc/core";
import { vnDayStart } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_NOW, createAuthTestApp, roleTokens } from "./auth/test-auth.js";

function square(code: string, name: string, west: number, attrs: Partial<Commune>): Commune {
  const [s, e, n] = [15.0, west + 0.1, 15.1];
  return {
    code,
    name,
    kind: name.startsWith("Phường") ? "phường" : "xã",
    provinceCode: "99",
    population: 0,
    households: 0,
    areaKm2: 119,
    terrain: "midland" as TerrainClass,
    border: false,
    extremelyDisadvantaged: false,
    labelPoint: [west + 0.05, 15.05],
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [west, s],
          [e, s],
          [e, n],
          [west, n],
          [west, s],
        ],
      ],
    },
    ...attrs,
  };
}

// Hand-computed (weights 1 per person, 300 per village, 0.5 per household; ×1.5 ×1.3 ×1.4):
// A: 5000×0.4 + 4×300 + 1250×0.8×0.5 = 2000 + 1200 + 500 = 3700, × 2.73 = 10,101
// B: 8000×0.5 + 2×300 + 2000×0.9×0.5 = 4000 + 600 + 900 = 5500, × 1.5 = 8,250
// C: 20000×0.05 + 0 + 5000×0.2×0.5 = 1000 + 500 = 1500, × 1 = 1,500
// D: reports nothing: 0, all three metrics missing.
const COMMUNES = [
  square("99001", "Xã A Vương", 107.0, {
    population: 5000,
    households: 1250,
    terrain: "mountainous",
    border: true,
    extremelyDisadvantaged: true,
  }),
  square("99002", "Xã Trà Leng", 107.1, { population: 8000, households: 2000, terrain: "mountainous" }),
  square("99003", 'Phường Minh An, "phố cổ"', 107.2, { population: 20000, households: 5000, terrain: "delta" }),
  square("99004", "Xã Tây Giang", 107.3, { population: 3000, households: 800, terrain: "mountainous", border: true }),
];
const VALUES: Array<[string, string, number]> = [
  ["99001", "net.coverage_4g", 60],
  ["99001", "net.villages_no_signal", 4],
  ["99001", "net.fiber_households", 20],
  ["99002", "net.coverage_4g", 50],
  ["99002", "net.villages_no_signal", 2],
  ["99002", "net.fiber_households", 10],
  ["99003", "net.coverage_4g", 95],
  ["99003", "net.villages_no_signal", 0],
  ["99003", "net.fiber_households", 80],
  ["99003", "gov.online_application_rate", 80],
];

async function setup() {
  const t = await createAuthTestApp();
  await t.deps.registry.putProvince({ code: "99", name: "Tỉnh Thử", synthetic: true, communes: COMMUNES });
  for (const [commune, metric, value] of VALUES) {
    t.latest.set(`${commune}|${metric}`, {
      province: "99",
      commune,
      metric,
      value,
      observedAt: AUTH_TEST_NOW - 60_000,
      readingKey: `test/${commune}-${metric}`,
    });
  }
  const tokens = await roleTokens(t.issuer);
  const call = (role: Role | undefined, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...t, call };
}

interface RankingBody {
  entries: Array<{ code: string; rank: number; score: number; missing: string[] }>;
}

describe("GET /v1/gaps", () => {
  it("ranks by the hand-computed scores, and filters before ranking", async () => {
    const { call } = await setup();
    const all = (await (await call("leader", "GET", "/v1/gaps")).json()) as RankingBody;
    expect(all.entries.map((e) => [e.code, e.rank, Math.round(e.score * 1000) / 1000])).toEqual([
      ["99001", 1, 10_101],
      ["99002", 2, 8_250],
      ["99003", 3, 1_500],
      ["99004", 4, 0],
    ]);
    expect(all.entries[3]?.missing).toHaveLength(3);

    const mountainous = (await (await call("planner", "GET", "/v1/gaps?terrain=mountainous")).json()) as RankingBody;
    expect(mountainous.entries.map((e) => [e.code, e.rank])).toEqual([
      ["99001", 1],
      ["99002", 2],
      ["99004", 3],
    ]);
    const filtered = (await (
      await call("planner", "GET", "/v1/gaps?minPopulation=6000&border=false")
    ).json()) as RankingBody;
    expect(filtered.entries.map((e) => e.code)).toEqual(["99002", "99003"]);
  });

  it("refuses bad filters as problems, and users without gaps:read", async () => {
    const { call } = await setup();
    const bad = await call("planner", "GET", "/v1/gaps?terrain=jungle");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await call("planner", "GET", "/v1/gaps?border=yes")).status).toBe(400);
    expect((await call(undefined, "GET", "/v1/gaps")).status).toBe(401);
    expect((await call("ops", "GET", "/v1/gaps")).status).toBe(403);
  });

  it("exports CSV with a BOM, Vietnamese headers, RFC 4180 quoting and a download name", async () => {
    const { call } = await setup();
    const response = await call("planner", "GET", "/v1/gaps?format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="khoang-trong-phu-song-99-2026-11-22T0800Z.csv"',
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFHạng (Rank),Mã xã (Code),Tên xã (Name),Địa hình (Terrain)")).toBe(true);
    const lines = text.slice(1).split("\r\n");
    expect(lines).toHaveLength(6); // header, four communes, the final line end
    expect(lines[1]?.startsWith("1,99001,Xã A Vương,Miền núi,Có,Có,5000,1250,60,4,20,2000,1000,3700,2.73,10101,")).toBe(
      true,
    );
    expect(lines[3]?.startsWith('3,99003,"Phường Minh An, ""phố cổ""",Đồng bằng,Không,Không,')).toBe(true);
    expect(lines[1]).toContain("Xã đặc biệt khó khăn");
    // Every row carries the as-of time in its last column.
    expect(lines[0]?.endsWith(",Số liệu lúc (As of UTC)")).toBe(true);
    expect(lines[1]?.endsWith(",2026-11-22T08:00:00.000Z")).toBe(true);
  });

  it("exports the Vietnamese-Excel dialect on request: `;` between fields, `,` in decimals", async () => {
    const { call } = await setup();
    const response = await call("planner", "GET", "/v1/gaps?format=csv&separator=semicolon");
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const lines = text.split("\r\n");
    expect(lines[0]?.startsWith("Hạng (Rank);Mã xã (Code);Tên xã (Name);")).toBe(true);
    expect(lines[1]?.startsWith("1;99001;Xã A Vương;Miền núi;Có;Có;5000;1250;60;4;20;2000;1000;3700;2,73;10101;")).toBe(
      true,
    );
    // The name holds quotes, so it stays quoted with its quotes doubled.
    expect(lines[3]?.startsWith('3;99003;"Phường Minh An, ""phố cổ""";Đồng bằng;')).toBe(true);
    expect((await call("planner", "GET", "/v1/gaps?format=csv&separator=tab")).status).toBe(400);
  });

  it("exports a GeoJSON FeatureCollection with scores and reasons, and refuses exports to a leader", async () => {
    const { call } = await setup();
    const response = await call("admin", "GET", "/v1/gaps?format=geojson&terrain=mountainous");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/geo+json");
    expect(response.headers.get("content-disposition")).toContain(
      'filename="khoang-trong-phu-song-99-2026-11-22T0800Z.geojson"',
    );
    const collection = (await response.json()) as {
      type: string;
      features: Array<{
        type: string;
        geometry: { type: string; coordinates: number[][][] };
        properties: { code: string; rank: number; score: number; reasons: { vi: string; en: string } };
      }>;
    };
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features.map((f) => f.properties.code)).toEqual(["99001", "99002", "99004"]);
    for (const f of collection.features) {
      expect(f.type).toBe("Feature");
      expect(f.geometry.type).toBe("Polygon");
      const ring = f.geometry.coordinates[0] as number[][];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    expect(collection.features[1]?.properties.reasons.vi).toBe(
      "Người dân chưa có sóng 4G: 4.000 × 1 = 4.000; Thôn, bản chưa có sóng di động: 2 × 300 = 600; " +
        "Hộ gia đình chưa có cáp quang: 1.800 × 0,5 = 900; Xã miền núi × 1,5",
    );

    for (const format of ["csv", "geojson"]) {
      const refused = await call("leader", "GET", `/v1/gaps?format=${format}`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe("forbidden");
    }
  });
});

describe("GET /v1/dx-index", () => {
  it("scores and ranks communes that reported, and lists the silent ones unranked", async () => {
    const { call } = await setup();
    const response = await call("leader", "GET", "/v1/dx-index");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      entries: Array<{ code: string; rank: number | null; composite: number | null; pillars: Record<string, unknown> }>;
    };
    expect(body.entries).toHaveLength(4);
    expect(body.entries.at(-1)).toMatchObject({ code: "99004", rank: null, composite: null });
    // C has the best network and the only government figure, so it leads.
    expect(body.entries[0]?.code).toBe("99003");
    expect(body.entries.slice(0, 3).map((e) => e.rank)).toEqual([1, 2, 3]);
  });
});

describe("GET /v1/dx-index?compareDays", () => {
  it("compares today's index with the one a week ago, from the day buckets", async () => {
    const t = await setup();
    const today = vnDayStart(AUTH_TEST_NOW);
    const weekAgo = today - 7 * 86_400_000;
    // A week ago 99001 had far worse 4G (20 % vs today's value) and 99003 reported nothing.
    t.hourStats.set(`99|net.coverage_4g|99001|${weekAgo}`, { "9": [2, 40, 15, 25] });
    t.hourStats.set(`99|net.coverage_4g|99002|${weekAgo}`, { "9": [1, 90, 90, 90] });
    const response = await t.call("leader", "GET", "/v1/dx-index?compareDays=7");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      change: {
        from: number;
        to: number;
        changes: Array<{ code: string; compositeDelta: number | null; before: { composite: number | null } }>;
      };
    };
    expect(body.change.from).toBe(weekAgo);
    expect(body.change.to).toBe(AUTH_TEST_NOW);
    const a = body.change.changes.find((c) => c.code === "99001");
    expect(a?.before.composite).not.toBeNull();
    expect(a?.compositeDelta).toBeGreaterThan(0);
    expect(body.change.changes.find((c) => c.code === "99003")?.before.composite).toBeNull();
    expect((await t.call("leader", "GET", "/v1/dx-index?compareDays=0")).status).toBe(400);
  });
});

describe("scenarios", () => {
  const scenario = {
    name: "Phủ sóng A Vương",
    sites: [{ kind: "communes", communes: ["99001", "99999"], coverage4g: 100 }],
  };

  it("saves a planner's scenario, lists it, and shares it by id with the recomputed ranking", async () => {
    const { call, scenarios } = await setup();
    const created = await call("planner", "POST", "/v1/scenarios", scenario);
    expect(created.status).toBe(201);
    const body = (await created.json()) as {
      id: string;
      result: {
        changes: Array<{ code: string; before: { rank: number }; after: { rank: number; score: number } }>;
        unknownCommunes: string[];
      };
    };
    expect(created.headers.get("location")).toBe(`/v1/scenarios/${body.id}`);
    expect(scenarios.size).toBe(1);
    // A at 100% 4G: no people without 4G, no dark villages; only fibre is left:
    // 1250 × 0.8 × 0.5 = 500 × 2.73 = 1,365, below C's 1,500.
    expect(body.result.changes.map((c) => [c.code, c.before.rank, c.after.rank])).toEqual([
      ["99002", 2, 1],
      ["99003", 3, 2],
      ["99001", 1, 3],
      ["99004", 4, 4],
    ]);
    expect(body.result.changes[2]?.after.score).toBeCloseTo(1365, 9);
    expect(body.result.unknownCommunes).toEqual(["99999"]);

    const mine = (await (await call("planner", "GET", "/v1/scenarios")).json()) as {
      scenarios: Array<{ id: string; name: string }>;
    };
    expect(mine.scenarios).toEqual([expect.objectContaining({ id: body.id, name: "Phủ sóng A Vương" })]);
    const others = (await (await call("admin", "GET", "/v1/scenarios")).json()) as { scenarios: unknown[] };
    expect(others.scenarios).toEqual([]);

    // Shared by URL: a leader (gaps:read, same province) sees it; ops (no gaps:read) does not.
    const shared = await call("leader", "GET", `/v1/scenarios/${body.id}`);
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as typeof body).result.changes[0]?.code).toBe("99002");
    expect((await call("ops", "GET", `/v1/scenarios/${body.id}`)).status).toBe(403);
    expect((await call("leader", "GET", `/v1/scenarios/${"0".repeat(32)}`)).status).toBe(404);
  });

  it("answers exactly what changed, respecting the filters, on save and on a shared link", async () => {
    const { call } = await setup();
    const both = { sites: [{ kind: "communes", communes: ["99001", "99002"], coverage4g: 100 }] };
    type Changed = {
      result: {
        changed: Array<{
          code: string;
          coverage4g: { before: number; after: number; delta: number };
          peopleNewlyCovered: number;
        }>;
      };
    };
    // B has 8,000 people, A 5,000: a 6,000 minimum leaves only B in the answer.
    const created = await call("planner", "POST", "/v1/scenarios?minPopulation=6000", both);
    expect(created.status).toBe(201);
    const body = (await created.json()) as Changed & { id: string };
    expect(body.result.changed.map((c) => c.code)).toEqual(["99002"]);
    expect(body.result.changed[0]?.coverage4g).toEqual({ before: 50, after: 100, delta: 50 });
    expect(body.result.changed[0]?.peopleNewlyCovered).toBe(4000);
    // The shared link with other filters: the same scenario answers for those filters.
    const all = (await (await call("leader", "GET", `/v1/scenarios/${body.id}`)).json()) as Changed;
    expect(all.result.changed.map((c) => [c.code, c.peopleNewlyCovered])).toEqual([
      ["99002", 4000],
      ["99001", 2000],
    ]);
    const mountainBorder = (await (
      await call("leader", "GET", `/v1/scenarios/${body.id}?terrain=mountainous&border=true`)
    ).json()) as Changed;
    expect(mountainBorder.result.changed.map((c) => c.code)).toEqual(["99001"]);
    expect((await call("leader", "GET", `/v1/scenarios/${body.id}?terrain=jungle`)).status).toBe(400);
  });

  it("refuses a leader's save and a malformed scenario", async () => {
    const { call } = await setup();
    expect((await call("leader", "POST", "/v1/scenarios", scenario)).status).toBe(403);
    const bad = await call("planner", "POST", "/v1/scenarios", { sites: [{ kind: "site", position: [107, 15] }] });
    expect(bad.status).toBe(400);
  });
});
