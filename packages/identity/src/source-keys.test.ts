/** Source keys: issued once, stored as a hash, and checked to the source they belong to. */
import type { ApiKeyRecord, Source } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { hashApiKey, issueSourceKey, newApiKey, SourceKeyError, sourceOfKey } from "./source-keys.js";

const SOURCE: Source = {
  id: "telco-a",
  name: "Telco A",
  provinceCode: "99",
  metricPrefixes: ["net."],
  cadenceSeconds: 300,
  rateLimitPerMinute: 600,
};

/** The two store calls a key check makes, over a map. */
function keyStore() {
  const keys = new Map<string, ApiKeyRecord>();
  const sources = new Map([[SOURCE.id, SOURCE]]);
  return {
    keys,
    sources,
    putKey: async (record: ApiKeyRecord) => void keys.set(record.keyHash, record),
    findKey: async (hash: string) => keys.get(hash),
    getSource: async (id: string) => sources.get(id),
  };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof SourceKeyError ? error.code : `unexpected ${String(error)}`),
  );

describe("source keys", () => {
  it("are random, prefixed, and stored only as their SHA-256", async () => {
    expect(newApiKey()).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    expect(newApiKey()).not.toBe(newApiKey());
    const store = keyStore();
    const { key, record } = await issueSourceKey(store, "telco-a", 1000);
    expect(record).toEqual({
      keyId: `k_${hashApiKey(key).slice(0, 10)}`,
      keyHash: hashApiKey(key),
      sourceId: "telco-a",
      status: "active",
      createdAt: 1000,
    });
    expect(JSON.stringify([...store.keys.values()])).not.toContain(key);
  });
  it("lead to their source, and say why when they do not", async () => {
    const store = keyStore();
    const { key, record } = await issueSourceKey(store, "telco-a", 1000);
    expect(await sourceOfKey(store, key)).toEqual(SOURCE);
    expect(await refusal(sourceOfKey(store, undefined))).toBe("key-missing");
    expect(await refusal(sourceOfKey(store, "ioc_nope"))).toBe("key-unknown");
    store.keys.set(record.keyHash, { ...record, status: "revoked" });
    expect(await refusal(sourceOfKey(store, key))).toBe("key-revoked");
    store.keys.set(record.keyHash, record);
    store.sources.clear();
    expect(await refusal(sourceOfKey(store, key))).toBe("source-missing");
  });
  it("refuse a disabled source's keys, and record a key's use at most once a minute", async () => {
    const store = keyStore();
    const uses: number[] = [];
    const withUse = {
      ...store,
      markKeyUsed: async (record: ApiKeyRecord, at: number) => {
        uses.push(at);
        store.keys.set(record.keyHash, { ...record, lastUsedAt: at });
      },
    };
    const { key } = await issueSourceKey(store, "telco-a", 1000);
    await sourceOfKey(withUse, key, 100_000);
    await sourceOfKey(withUse, key, 130_000);
    await sourceOfKey(withUse, key, 160_000);
    expect(uses).toEqual([100_000, 160_000]);
    store.sources.set("telco-a", { ...SOURCE, enabled: false });
    expect(await refusal(sourceOfKey(withUse, key, 300_000))).toBe("source-disabled");
  });
});
