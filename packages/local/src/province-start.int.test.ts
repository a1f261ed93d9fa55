/**
 * `npm start -- --province 48 --boundaries da-nang-communes-2025.geojson` (issue 13 item 5): the
 * real Đà Nẵng file (invalid rings and all) is repaired and imported, the demo users see province
 * 48's 94 communes, and the simulator's readings arrive on them, labelled as simulated. Bad input
 * stops the start before anything is stored, with a Vietnamese-first message and an exit code.
 * Skipped with a message when ../shared/data (never copied into this repository) is absent.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "./net.js";
import { StartOptionError } from "./province-boundaries.js";
import { type Runtime, startRuntime } from "./runtime.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const DA_NANG = resolve(ROOT, "../shared/data/real-geometry/da-nang-communes-2025.geojson");
const present = existsSync(DA_NANG);
if (!present) console.warn(`province-start.int: skipping: ${DA_NANG} is absent`);

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let runtime: Runtime | undefined;
const dir = mkdtempSync(join(tmpdir(), "ioc-province-start-"));

afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(present)("npm start on a real province's boundaries", () => {
  it("imports Đà Nẵng's 94 communes, scopes the demo users to 48, and feeds them simulated readings", async () => {
    const ports = { port: await freePort(), dynamoPort: await freePort() };
    runtime = await startRuntime({
      ...ports,
      dataDir: join(dir, "data"),
      boundaries: { province: "48", file: DA_NANG },
      simulator: true,
      simulatorIntervalMs: 500,
      logger: silent,
      pollIdleMs: 50,
    });
    expect(runtime.province).toMatchObject({ code: "48", name: "Thành phố Đà Nẵng", synthetic: true });
    expect(runtime.province.communes).toHaveLength(94);

    for (const role of ["leader", "ops", "planner", "admin"]) {
      const token = (await runtime.issuer.login(role, "demo"))?.token;
      const me = (await (
        await fetch(`${runtime.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        provinces: string[];
      };
      expect(me.provinces, role).toEqual(["48"]);
    }
    const token = (await runtime.issuer.login("leader", "demo"))?.token;
    const communes = async () =>
      (await (
        await fetch(`${runtime?.url}/v1/communes`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        province: { code: string; name: string; synthetic: boolean };
        communes: Array<{ code: string; name: string; provinceCode: string; latest: Record<string, unknown> }>;
      };
    const first = await communes();
    expect(first.province).toMatchObject({ code: "48", synthetic: true });
    expect(first.communes).toHaveLength(94);
    expect(first.communes.every((c) => c.provinceCode === "48" && /^\d{5}$/.test(c.code))).toBe(true);
    expect(first.communes.map((c) => c.name)).toContain("Xã Tây Giang");
    // The demo province is not there: its users see 48 only, and asking for 99 is refused.
    const other = await fetch(`${runtime.url}/v1/communes?province=99`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(403);

    // The simulator posts through the public ingest API; its readings reach every commune.
    await expect
      .poll(async () => (await communes()).communes.filter((c) => Object.keys(c.latest).length > 0).length, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(94);
    expect(runtime.simulator?.accepted).toBeGreaterThan(94);
  }, 180_000);

  it("refuses a missing file, an unknown province and another province's file, storing nothing", async () => {
    const ports = { port: await freePort(), dynamoPort: await freePort() };
    const dataDir = join(dir, "refused");
    const attempt = async (province: string, file: string) => {
      try {
        await startRuntime({ ...ports, dataDir, boundaries: { province, file }, simulator: false, logger: silent });
      } catch (error) {
        return error as StartOptionError;
      }
      throw new Error("the runtime started");
    };
    const missing = await attempt("48", join(dir, "nope.geojson"));
    expect(missing).toBeInstanceOf(StartOptionError);
    expect(missing.code).toBe("boundaries-unreadable");
    expect(missing.message).toMatch(
      /^Không đọc được tệp ranh giới .*nope\.geojson \(ENOENT\)\. Không có gì được ghi\./,
    );

    const unknown = await attempt("00", DA_NANG);
    expect(unknown.code).toBe("unknown-province");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toMatch(/^Mã tỉnh "00" không có trong danh mục 34 tỉnh/);

    const wrong = await attempt("01", DA_NANG);
    expect(wrong.code).toBe("boundaries-other-province");
    expect(wrong.message).toMatch(/^Tệp .* có 94 xã thuộc tỉnh 48, không phải tỉnh 01 \(Thành phố Hà Nội\)/);

    const broken = join(dir, "broken.geojson");
    writeFileSync(broken, '{"type":"FeatureCollection","features":[{"type":"Feature"');
    expect((await attempt("48", broken)).code).toBe("boundaries-invalid");

    // Nothing started, nothing written: no DynamoDB Local holds the port, no data folder exists.
    expect(await isPortFree(ports.dynamoPort)).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it("exits npm start with the message and code, Vietnamese first", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "packages/local/src/main.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PORT: "1", DYNAMODB_PORT: "2" },
        timeout: 60_000,
      });
    const unknown = run("--province", "00", "--boundaries", DA_NANG);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('✖ Mã tỉnh "00" không có trong danh mục');
    const alone = run("--boundaries", DA_NANG);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/✖ Thiếu mã tỉnh: --boundaries cần đi cùng --province/);
    const missing = run("--province", "48", "--boundaries", "khong-co.geojson");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/✖ Không đọc được tệp ranh giới .*khong-co\.geojson/);
  }, 120_000);
});
