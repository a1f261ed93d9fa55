/**
 * In-memory fakes of the storage ports, for unit tests of the HTTP contract. They model the
 * ports' promises (conditional writes, newest-wins), not DynamoDB; integration tests cover that.
 */

import {
  type Alert,
  type AlertRule,
  type ApiKeyRecord,
  type AuditRecord,
  type AuditStore,
  auditMatches,
  chainNext,
  DEFAULT_ALERT_RULES,
  generateDemoProvince,
  type HourStats,
  type Kpi,
  type LatestValue,
  type LegacyCodeEntry,
  type Province,
  type ProvinceTargets,
  rulesOfProvince,
  type SavedScenario,
  type Source,
  type ValidReading,
} from "@ioc/core";
import { geoEngine } from "@ioc/geo";
import { hashApiKey } from "@ioc/identity";
import { createApp } from "./app.js";
import type { ApiDeps } from "./deps.js";

/** Fakes of every port plus what they hold, for assertions. */
export function createFakeStores(options: { provinces?: Province[]; legacy?: LegacyCodeEntry[] } = {}) {
  const provinces = new Map((options.provinces ?? [generateDemoProvince()]).map((p) => [p.code, p]));
  const stored = new Map<string, ValidReading>();
  const latest = new Map<string, LatestValue>();
  const sources = new Map<string, Source>();
  const keys = new Map<string, ApiKeyRecord>();
  const legacy = new Map((options.legacy ?? []).map((e) => [e.oldCode, e]));
  const windows = new Map<string, number>();
  const kpis = new Map<string, Record<string, Kpi>>();
  const hourStats = new Map<string, Record<string, HourStats>>();
  const alerts = new Map<string, Alert>();
  /** Each province's own rules, by `${province}|${id}`; the templates are DEFAULT_ALERT_RULES. */
  const rules = new Map<string, AlertRule>();
  const scenarios = new Map<string, SavedScenario>();
  const deps: Omit<ApiDeps, "clock" | "logger" | "defaultProvince"> = {
    readings: {
      async putOnce(reading) {
        const key = `${reading.sourceId}/${reading.id}`;
        if (stored.has(key)) return "duplicate";
        stored.set(key, reading);
        return "stored";
      },
      async putManyOnce(readings, receivedAt) {
        return Promise.all(readings.map((r) => this.putOnce(r, receivedAt)));
      },
    },
    latest: {
      async listProvince(province) {
        return [...latest.values()].filter((v) => v.province === province);
      },
    },
    registry: {
      async getProvince(code) {
        return provinces.get(code);
      },
      async putProvince(province) {
        provinces.set(province.code, province);
      },
      async removeCommunes(code, codes) {
        const province = provinces.get(code);
        if (province)
          provinces.set(code, { ...province, communes: province.communes.filter((c) => !codes.includes(c.code)) });
      },
      async provincesOf(codes) {
        const out = new Map<string, string>();
        for (const p of provinces.values())
          for (const c of p.communes) if (codes.includes(c.code)) out.set(c.code, p.code);
        return out;
      },
    },
    sources: {
      async getSource(id) {
        return sources.get(id);
      },
      async putSource(source) {
        sources.set(source.id, source);
      },
      async listSources() {
        return [...sources.values()];
      },
      async findKey(hash) {
        return keys.get(hash);
      },
      async putKey(record) {
        keys.set(record.keyHash, record);
      },
      async listKeys(sourceId) {
        return [...keys.values()].filter((k) => k.sourceId === sourceId);
      },
      async revokeKey(sourceId, keyId, at) {
        const record = [...keys.values()].find((k) => k.sourceId === sourceId && k.keyId === keyId);
        if (!record) return false;
        keys.set(record.keyHash, { ...record, status: "revoked", revokedAt: at });
        return true;
      },
      async markKeyUsed(record, at) {
        const stored = keys.get(record.keyHash);
        if (stored) keys.set(record.keyHash, { ...stored, lastUsedAt: at });
      },
    },
    legacyCodes: {
      async get(code) {
        return legacy.get(code);
      },
      async getMany(codes) {
        return new Map(codes.flatMap((c) => (legacy.has(c) ? [[c, legacy.get(c) as LegacyCodeEntry]] : [])));
      },
      async putAll(entries) {
        for (const e of entries) legacy.set(e.oldCode, e);
      },
    },
    rateLimiter: {
      async take(sourceId, count, limit, now) {
        const window = `${sourceId}@${Math.floor(now / 60_000)}`;
        const used = windows.get(window) ?? 0;
        if (used + count > limit) return { ok: false, retryAfterSeconds: 60 - Math.floor((now / 1000) % 60) };
        windows.set(window, used + count);
        return { ok: true };
      },
    },
    probe: { async ping() {} },
    dashboard: {
      async getKpis(province, dayStart) {
        return kpis.get(`${province}@${dayStart}`);
      },
      async getCommuneHours(province, metric, commune, fromDay, toDay) {
        const out = new Map<number, Record<string, HourStats>>();
        for (const [key, hours] of hourStats) {
          const [p, m, c, day] = key.split("|");
          if (p === province && m === metric && c === commune && Number(day) >= fromDay && Number(day) <= toDay)
            out.set(Number(day), hours);
        }
        return out;
      },
      async getDayStats(province, metric, dayStart) {
        const out: Record<string, Record<string, HourStats>> = {};
        for (const [key, hours] of hourStats) {
          const [p, m, c, day] = key.split("|");
          if (p === province && m === metric && Number(day) === dayStart) out[c as string] = hours;
        }
        return out;
      },
      async listAlerts(province) {
        return [...alerts.values()].filter((a) => a.province === province);
      },
      async updateAlert(province, id, change) {
        const alert = alerts.get(id);
        if (!alert || alert.province !== province) return undefined;
        const next = change(alert);
        alerts.set(id, next);
        return next;
      },
      async listRules(province) {
        const own = [...rules.entries()].filter(([k]) => k.startsWith(`${province}|`)).map(([, r]) => r);
        return rulesOfProvince(DEFAULT_ALERT_RULES, own, province);
      },
      async putRule(province, rule) {
        rules.set(`${province}|${rule.id}`, { ...rule, province });
      },
    },
    scenarios: {
      async put(scenario) {
        scenarios.set(scenario.id, structuredClone(scenario));
      },
      async get(id) {
        const saved = scenarios.get(id);
        return saved && structuredClone(saved);
      },
      async listByOwner(owner) {
        return [...scenarios.values()]
          .filter((s) => s.owner === owner)
          .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
          .map((s) => structuredClone(s));
      },
    },
  };
  const audit = createMemoryAuditStore();
  // A stand-in renderer: the PDF itself is @ioc/report's, tested there and in the local runtime.
  deps.reports = async () => new TextEncoder().encode("%PDF-1.7 fake");
  const targets = new Map<string, ProvinceTargets>();
  deps.targets = {
    get: async (province) => structuredClone(targets.get(province)),
    put: async (t) => void targets.set(t.province, structuredClone(t)),
  };
  return {
    deps: { ...deps, audit },
    audit,
    targets,
    stored,
    latest,
    sources,
    keys,
    kpis,
    hourStats,
    alerts,
    rules,
    scenarios,
  };
}

/** A fake-backed app with one source and its key, at a fixed time. */
export async function createTestApp(
  options: { source?: Partial<Source>; now?: number; legacy?: LegacyCodeEntry[]; provinces?: Province[] } = {},
) {
  const fakes = createFakeStores(options);
  const now = options.now ?? Date.parse("2026-11-22T08:00:00Z");
  const source: Source = {
    id: "telco-a",
    name: "Nhà mạng A",
    provinceCode: "99",
    metricPrefixes: ["net."],
    cadenceSeconds: 300,
    rateLimitPerMinute: 10_000,
    ...options.source,
  };
  await fakes.deps.sources.putSource(source);
  const key = "ioc_test-key";
  await fakes.deps.sources.putKey({
    keyId: "k_test",
    keyHash: hashApiKey(key),
    sourceId: source.id,
    status: "active",
    createdAt: now,
  });
  const errors: unknown[] = [];
  const app = createApp({
    ...fakes.deps,
    clock: () => now,
    logger: { info() {}, error: (...args: unknown[]) => errors.push(args) },
    defaultProvince: source.provinceCode,
    geo: geoEngine,
  });
  return { app, key, now, source, errors, ...fakes };
}

/** An in-memory audit trail with the store's semantics (chains, newest-first search), for route tests. */
export function createMemoryAuditStore(): AuditStore & { chains: Map<string, AuditRecord[]> } {
  const chains = new Map<string, AuditRecord[]>();
  return {
    chains,
    async append(entry) {
      const chain = chains.get(entry.province) ?? [];
      const record = chainNext(chain.at(-1), structuredClone(entry));
      chain.push(record);
      chains.set(entry.province, chain);
      return structuredClone(record);
    },
    async search(province, filter, page) {
      const all = [...(chains.get(province) ?? [])]
        .reverse()
        .filter((r) => (page.before === undefined || r.seq < page.before) && auditMatches(r, filter));
      const records = all.slice(0, page.limit).map((r) => structuredClone(r));
      const last = records.at(-1);
      return { records, ...(all.length > page.limit && last ? { nextCursor: last.seq } : {}) };
    },
    async *readChain(province) {
      for (const r of chains.get(province) ?? []) yield structuredClone(r);
    },
    async listChains() {
      return [...chains.keys()].sort();
    },
  };
}
