/** Small batch helpers of the stream handlers: bounded concurrency, grouping, a time-bounded memo. */

/** Memoises `load` per key for `ttlMs` of `clock`; a failed load is forgotten at once. */
export function keptFor<K, V>(
  clock: () => number,
  ttlMs: number,
  load: (key: K) => Promise<V>,
): (key: K) => Promise<V> {
  const kept = new Map<K, { at: number; value: Promise<V> }>();
  return (key) => {
    const now = clock();
    const hit = kept.get(key);
    // A clock that went backwards (tests, skew) counts as expired.
    if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value;
    const value = load(key);
    value.catch(() => kept.delete(key));
    kept.set(key, { at: now, value });
    return value;
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

/** Groups items by key, keeping their order within each group. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
