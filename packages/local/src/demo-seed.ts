/**
 * First-run setup of the embedded default: the demo province's registry and the simulator's
 * source with its key. Idempotent: a second `npm start` finds what the first one made.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  buildLegacyEntries,
  DEFAULT_METRIC_KEY,
  DEMO_PAST_DAYS,
  demoLegacyLinks,
  demoPastItems,
  generateDemoProvince,
  type HistoryStore,
  importHistory,
  type LegacyCodeStore,
  METRICS,
  type Province,
  type RegistryStore,
  type SourceStore,
  vnDayStart,
} from "@ioc/core";
import { hashApiKey, issueSourceKey } from "@ioc/identity";

/** The source id the simulator posts as. */
export const DEMO_SOURCE_ID = "demo-simulator";

/** Writes the demo registry unless the province is already there; returns the province. */
export async function ensureDemoProvince(registry: RegistryStore): Promise<Province> {
  const demo = generateDemoProvince();
  const existing = await registry.getProvince(demo.code);
  if (existing && existing.communes.length > 0) {
    // A registry written before the commune-code index existed has communes ingest cannot find
    // (every reading refused as an unknown commune): write it again, which rebuilds the index.
    const indexed = await registry.provincesOf(existing.communes.map((c) => c.code));
    if (indexed.size < existing.communes.length) await registry.putProvince(existing);
    return existing;
  }
  await registry.putProvince(demo);
  return demo;
}

/** Loads the demo province's small pre-2025 code mapping (idempotent: the same entries each time). */
export async function ensureDemoLegacyCodes(legacyCodes: LegacyCodeStore, province: Province): Promise<void> {
  await legacyCodes.putAll(buildLegacyEntries(demoLegacyLinks(province)).values());
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
    rateLimitPerMinute: 120_000,
  });
  if (keyFile && existsSync(keyFile)) {
    const saved = readFileSync(keyFile, "utf8").trim();
    const record = saved ? await sources.findKey(hashApiKey(saved)) : undefined;
    if (record?.status === "active" && record.sourceId === DEMO_SOURCE_ID) return saved;
  }
  const { key } = await issueSourceKey(sources, DEMO_SOURCE_ID, clock());
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  }
  return key;
}

/**
 * Loads the demo province's synthetic past (two years, source "synthetic") through the historical
 * import, one metric at a time, on first start only: a restart finds the last metric's oldest day
 * in place and does nothing; a start interrupted half-way imports again, which rewrites nothing
 * already there (imports are sets). Answers what it did, for the start-up log.
 */
export async function ensureDemoHistory(
  deps: {
    registry: Pick<RegistryStore, "getProvince" | "provincesOf">;
    legacyCodes: Pick<LegacyCodeStore, "getMany">;
    history: HistoryStore;
  },
  province: Province,
  clock: () => number,
  stopped: () => boolean = () => false,
): Promise<{ loaded: boolean; rows: number; ms: number }> {
  const started = clock();
  const oldest = vnDayStart(started) - DEMO_PAST_DAYS * 86_400_000;
  // The map's default metric first: a newcomer who opens the replay in the first minutes (the past
  // loads in the background while the simulator runs) sees the map coloured, not grey.
  const order = [...METRICS].sort(
    (a, b) => Number(b.key === DEFAULT_METRIC_KEY) - Number(a.key === DEFAULT_METRIC_KEY),
  );
  const last = order[order.length - 1];
  if (!last) return { loaded: false, rows: 0, ms: 0 };
  // Any point of the last metric in the past's first weeks means an earlier start finished.
  const done = await deps.history.provinceDays(
    province.code,
    last.key,
    oldest - 400 * 86_400_000,
    oldest + 14 * 86_400_000,
  );
  if (done.length > 0) return { loaded: false, rows: 0, ms: clock() - started };
  let rows = 0;
  for (const metric of order) {
    if (stopped()) break;
    const result = await importHistory(demoPastItems(province.communes, metric, started), deps, {
      province: province.code,
      now: started,
      source: "synthetic",
    });
    rows += result.rows;
  }
  return { loaded: !stopped(), rows, ms: clock() - started };
}
