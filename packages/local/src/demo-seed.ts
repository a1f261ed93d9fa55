/**
 * First-run setup of the embedded default: the demo province's registry and the simulator's
 * source with its key. Idempotent: a second `npm start` finds what the first one made.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashApiKey } from "@ioc/api";
import { generateDemoProvince, type Province, type RegistryStore, type SourceStore } from "@ioc/core";

/** The source id the simulator posts as. */
export const DEMO_SOURCE_ID = "demo-simulator";

/** Writes the demo registry unless the province is already there; returns the province. */
export async function ensureDemoProvince(registry: RegistryStore): Promise<Province> {
  const demo = generateDemoProvince();
  const existing = await registry.getProvince(demo.code);
  if (existing && existing.communes.length > 0) return existing;
  await registry.putProvince(demo);
  return demo;
}

/** A new random source key: 32 bytes, URL-safe, prefixed so it is recognisable in a leak scan. */
export function newApiKey(): string {
  return `ioc_${randomBytes(32).toString("base64url")}`;
}

/**
 * Ensures the demo source exists with a working key. The key is kept in plain text only in
 * `keyFile` (the database holds its hash), so it survives restarts; a missing or unknown key is
 * replaced by a new one. Without a key file (an in-memory runtime) every start makes a new key.
 */
export async function ensureDemoSourceKey(
  sources: SourceStore,
  provinceCode: string,
  keyFile: string | undefined,
  clock: () => number,
): Promise<string> {
  await sources.putSource({
    id: DEMO_SOURCE_ID,
    name: "Bộ mô phỏng dữ liệu (demo simulator)",
    provinceCode,
    metricPrefixes: [""],
    cadenceSeconds: 60,
  });
  if (keyFile && existsSync(keyFile)) {
    const saved = readFileSync(keyFile, "utf8").trim();
    const record = saved ? await sources.findKey(hashApiKey(saved)) : undefined;
    if (record?.status === "active" && record.sourceId === DEMO_SOURCE_ID) return saved;
  }
  const key = newApiKey();
  await sources.putKey({ keyHash: hashApiKey(key), sourceId: DEMO_SOURCE_ID, status: "active", createdAt: clock() });
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  }
  return key;
}
