import type { Commune, Province, RegistryStore } from "@ioc/core";

/** A province with its communes indexed by code. */
export interface IndexedProvince extends Province {
  byCode: Map<string, Commune>;
}

/**
 * Keeps provinces in memory for `ttlMs`: ingest checks every reading's commune, and the registry
 * changes only on a boundary import.
 */
export function createRegistryCache(registry: RegistryStore, clock: () => number, ttlMs = 60_000) {
  const cache = new Map<string, { at: number; value: Promise<IndexedProvince | undefined> }>();
  return {
    get(code: string): Promise<IndexedProvince | undefined> {
      const hit = cache.get(code);
      if (hit && clock() - hit.at < ttlMs) return hit.value;
      const value = registry
        .getProvince(code)
        .then((province) =>
          province ? { ...province, byCode: new Map(province.communes.map((c) => [c.code, c])) } : undefined,
        );
      // A failed load must not be cached.
      value.catch(() => cache.delete(code));
      cache.set(code, { at: clock(), value });
      return value;
    },
    /** Forgets a province, so the next read sees a boundary import at once. */
    invalidate(code: string): void {
      cache.delete(code);
    },
  };
}
