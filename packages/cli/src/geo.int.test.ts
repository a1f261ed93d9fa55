/**
 * `ioc geo import` and `ioc geo import-mapping` against DynamoDB Local: malformed files are refused
 * with located reasons and change nothing; removals need consent; a real province's boundaries
 * import and come back from the API as GeoJSON.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApp } from "@ioc/api";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { createDynamoStores, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const repoRoot = resolve(import.meta.dirname, "../../..");
const QUANG_NAM = resolve(repoRoot, "../shared/data/real-geometry/quang-nam-districts-pre2025.geojson");
const haveQuangNam = existsSync(QUANG_NAM);
if (!haveQuangNam) console.warn(`geo.int.test: skipping the real-geometry import: ${QUANG_NAM} is absent`);
const DA_NANG = resolve(repoRoot, "../shared/data/real-geometry/da-nang-communes-2025.geojson");
const haveDaNang = existsSync(DA_NANG);
if (!haveDaNang) console.warn(`geo.int.test: skipping the Đà Nẵng --repair import: ${DA_NANG} is absent`);

let dynamo: DynamoLocal;
let dir: string;
const tables = tableNamesFor("it-geo");
let stores: ReturnType<typeof createDynamoStores>;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
  stores = createDynamoStores({ client: dynamo.client, tables });
  dir = await mkdtemp(join(tmpdir(), "ioc-geo-"));
});
afterAll(async () => {
  await dynamo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const code = await runCli(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t), progress: (t) => progress.push(t) },
    async () => ({
      stores,
      dynamo: { client: dynamo.client, tables },
      clock: () => NOW,
      close: async () => {},
    }),
  );
  return { code, out: out.join("\n"), err: err.join("\n"), progress };
}

type Ring = Array<[number, number]>;
const square = (west: number): Ring => [
  [west, 15],
  [west + 0.1, 15],
  [west + 0.1, 15.1],
  [west, 15.1],
  [west, 15],
];
function feature(code: string, name: string, ring: Ring, extra: Record<string, unknown> = {}) {
  return {
    type: "Feature",
    properties: { code, name, province_code: "77", population: 4000, terrain: "mountainous", ...extra },
    geometry: { type: "Polygon", coordinates: [ring] },
  };
}
const collection = (...features: unknown[]) => ({ type: "FeatureCollection", features });
const VALID = collection(
  feature("77001", "Xã Một", square(107.0)),
  feature("77002", "Xã Hai", square(107.1)),
  feature("77003", "Xã Ba", square(107.2)),
);

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
const snapshot = async () => JSON.stringify(await stores.registry.getProvince("77"));

describe("ioc geo import", () => {
  it("imports a valid file, then refuses malformed ones with located reasons and leaves the registry as it was", async () => {
    const first = await cli("geo", "import", await file("valid.geojson", VALID), "--name", "Tỉnh Thử Nghiệm");
    expect(first.err).not.toContain("✖");
    expect(first.err).toContain("[property-defaulted]");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Đã nhập 3 xã cho tỉnh 77.");
    const before = await snapshot();
    expect(JSON.parse(before).communes).toHaveLength(3);

    const bowtie: Ring = [
      [107.1, 15],
      [107.2, 15.1],
      [107.2, 15],
      [107.1, 15.1],
      [107.1, 15],
    ];
    const swap = (ring: Ring): Ring => ring.map(([lon, lat]) => [lat, lon]);
    const cases: Array<{ name: string; content: unknown; code: string; where: RegExp }> = [
      {
        name: "self-intersection",
        content: collection(feature("77001", "Xã Một", square(107.0)), feature("77002", "Xã Hai", bowtie)),
        code: "self-intersection",
        where: /features\[1\] \(mã 77002\)/,
      },
      {
        name: "duplicate codes",
        content: collection(feature("77001", "Xã Một", square(107.0)), feature("77001", "Xã Hai", square(107.1))),
        code: "code-duplicate",
        where: /features\[1\] \(mã 77001\)/,
      },
      {
        name: "swapped coordinates",
        content: collection(feature("77001", "Xã Một", swap(square(107.0)))),
        code: "coordinates-swapped",
        where: /features\[0\] \(mã 77001\)/,
      },
      {
        name: "outside Vietnam",
        content: collection(feature("77001", "Xã Một", square(127.0))),
        code: "outside-vietnam",
        where: /features\[0\] \(mã 77001\)/,
      },
      {
        name: "missing code",
        content: collection(feature("", "Xã Một", square(107.0), { code: null })),
        code: "code-missing",
        where: /features\[0\]/,
      },
      { name: "not JSON", content: "{ not json", code: "invalid-json", where: /Tệp/ },
    ];
    for (const c of cases) {
      const path = await file(`${c.code}.geojson`, c.content);
      const run = await cli("geo", "import", path);
      expect(run.code, c.name).toBe(1);
      expect(run.err, c.name).toContain(`[${c.code}]`);
      expect(run.err, c.name).toMatch(c.where);
      expect(run.err, c.name).toContain("Danh mục không thay đổi");
      expect(await snapshot(), c.name).toBe(before);
    }

    const english = await cli("geo", "import", await file("dup-en.geojson", cases[1]?.content), "--lang", "en");
    expect(english.err).toMatch(/\[code-duplicate\] features\[1\] \(code 77001\)/);
    expect(english.err).toContain("The registry is unchanged");
  });

  it("reports communes that would disappear and refuses them unless --allow-removals", async () => {
    const before = await snapshot();
    const smaller = await file(
      "smaller.geojson",
      collection(feature("77001", "Xã Một", square(107.0)), feature("77002", "Xã Hai (mới)", square(107.1))),
    );
    const refused = await cli("geo", "import", smaller);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("− 77003 Xã Ba");
    expect(refused.out).toContain("~ 77002 Xã Hai (mới): name");
    expect(refused.err).toContain("--allow-removals");
    expect(await snapshot()).toBe(before);

    const dry = await cli("geo", "import", smaller, "--allow-removals", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("không ghi gì");
    expect(await snapshot()).toBe(before);

    const allowed = await cli("geo", "import", smaller, "--allow-removals");
    expect(allowed.code).toBe(0);
    const after = await stores.registry.getProvince("77");
    expect(after?.communes.map((c) => [c.code, c.name])).toEqual([
      ["77001", "Xã Một"],
      ["77002", "Xã Hai (mới)"],
    ]);
    expect(after?.name).toBe("Tỉnh Thử Nghiệm");
    expect([...(await stores.registry.provincesOf(["77001", "77003"])).keys()]).toEqual(["77001"]);
  });

  it.skipIf(!haveQuangNam)(
    "imports Quảng Nam's real district boundaries, which the API then serves as GeoJSON",
    async () => {
      const run = await cli(
        "geo",
        "import",
        QUANG_NAM,
        "--code-digits",
        "3",
        "--name",
        "Tỉnh Quảng Nam",
        "--lang",
        "en",
      );
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain("Imported 18 communes for province 49.");
      expect(run.progress.length).toBeGreaterThan(0);
      expect(run.err).toContain("[borders-overlap]");

      const app = createApp({ ...stores, clock: () => NOW, logger: { info() {}, error() {} }, defaultProvince: "99" });
      const response = await app.request("/v1/communes?format=geojson&province=49");
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        type: string;
        province: { name: string; synthetic: boolean };
        features: Array<{ properties: { code: string; name: string }; geometry: { type: string } }>;
      };
      expect(body.type).toBe("FeatureCollection");
      expect(body.province).toMatchObject({ name: "Tỉnh Quảng Nam", synthetic: false });
      expect(body.features).toHaveLength(18);
      expect(body.features.find((f) => f.properties.code === "504")?.properties.name).toBe("Huyện Tây Giang");
      expect(body.features.every((f) => f.geometry.type === "Polygon")).toBe(true);
    },
  );

  it.skipIf(!haveDaNang)(
    "refuses Đà Nẵng's real 2025 communes for their self-crossing rings, and imports them with --repair listing each repair",
    async () => {
      const refused = await cli("geo", "import", DA_NANG, "--name", "Thành phố Đà Nẵng");
      expect(refused.code).toBe(1);
      expect(refused.err.match(/\[self-intersection\]/g)).toHaveLength(4);
      expect(refused.err).toContain("Gợi ý: --repair sửa các vòng tự chạm hoặc tự cắt");
      expect(await stores.registry.getProvince("48")).toBeUndefined();

      const run = await cli("geo", "import", DA_NANG, "--name", "Thành phố Đà Nẵng", "--repair");
      expect(run.code, run.err).toBe(0);
      const repairs = run.err.split("\n").filter((line) => line.startsWith("⚠ [ring-repaired]"));
      expect(repairs).toHaveLength(4);
      expect(repairs[0]).toBe(
        "⚠ [ring-repaired] features[1] (mã 20197): Phường Liên Chiểu, vòng 0 của đa giác 0 tự chạm hoặc tự cắt tại [108.092269, 16.065731]: đã tách tại đó thành 2 vòng ngoài và 0 lỗ hợp lệ",
      );
      expect(run.out).toContain("94 xã hợp lệ (4 chỗ đã sửa)");
      expect(run.out).toContain("Đã nhập 94 xã cho tỉnh 48.");
      expect((await stores.registry.getProvince("48"))?.communes).toHaveLength(94);
    },
    120_000,
  );
});

describe("ioc geo import-mapping", () => {
  it("loads a merges.json-shaped mapping, and refuses a malformed one loading nothing", async () => {
    const mapping = {
      data: [
        {
          level1_id: "48",
          name: "Thành phố Đà Nẵng",
          merges: [{ old_id: "49", name: "Tỉnh Quảng Nam", type: "full" }],
          level2s: [
            {
              level2_id: "20001",
              name: "Xã Một",
              merges: [
                { old_id: "00100", name: "Xã Cũ A", type: "full" },
                { old_id: "00101", name: "Xã Cũ B", type: "partial" },
              ],
            },
            { level2_id: "20002", name: "Xã Hai", merges: [{ old_id: "00101", name: "Xã Cũ B", type: "partial" }] },
          ],
        },
      ],
    };
    const bad = await cli("geo", "import-mapping", await file("bad-merges.json", { data: [] }));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("Không nạp mã nào");
    expect(await stores.legacyCodes.get("00100")).toBeUndefined();

    const run = await cli("geo", "import-mapping", await file("merges.json", mapping));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("Đã nạp 2 mã xã cũ.");
    expect(await stores.legacyCodes.get("00100")).toMatchObject({ type: "full", newCode: "20001" });
    expect(await stores.legacyCodes.get("00101")).toMatchObject({ type: "partial", candidates: ["20001", "20002"] });
  });
});
