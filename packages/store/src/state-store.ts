/**
 * The State table as the processor and the dashboard API see it: latest-value panels, hour
 * buckets (and days as views of them), feed freshness, province rollups and alerts. Items the
 * processor rewrites carry a `version` and are written conditionally on it (optimistic
 * concurrency), so two writers never lose each other's merge.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type Alert, type Kpi, type LatestValue, vnDayStart } from "@ioc/core";
import { batchGet, type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import {
  alertKey,
  alertPartition,
  ENTITY,
  feedsKey,
  hourBucketKey,
  hourBucketPartition,
  latestPanelKey,
  latestPartition,
  rollupKey,
} from "./keys.js";

/** A commune's latest value in a panel: value, observedAt (ms), reading key. */
export interface PanelEntry {
  v: number;
  t: number;
  k: string;
}
/** One metric's latest values for every commune of a province. */
export interface LatestPanel {
  province: string;
  metric: string;
  values: Record<string, PanelEntry>;
}
const HOUR_MS = 3_600_000;

/** Statistics of a set of values: [count, sum, min, max]. */
export type BucketStats = [number, number, number, number];

/**
 * A province × metric × hour: per-commune statistics, and the peak of each 5-minute slot (for
 * "drop within a window" rules). It keeps no per-reading keys, so its size is bounded by the
 * number of communes whatever the reading rate. Exactness on replays comes from stream positions
 * instead: `applied` holds, per stream shard, the last sequence number folded in (records of a
 * shard arrive in order the first time, so anything at or below it is a replay), and `setAside`
 * the sequence numbers of records given up on before they were folded in, so a dead-letter
 * replay adds exactly those once.
 */
export interface HourBucket {
  province: string;
  metric: string;
  hourStart: number;
  stats: Record<string, BucketStats>;
  /** commune → slot (0–11) → the highest value observed in that 5-minute slot. */
  peaks: Record<string, Record<string, number>>;
  applied: Record<string, string>;
  setAside?: Record<string, string[]>;
}
/**
 * Per-commune statistics of each hour of a day: hour (0–23) → [count, sum, min, max]. Not stored
 * as such: a view of the day's hour buckets (`listDayBuckets`).
 */
export interface DayBucket {
  province: string;
  metric: string;
  dayStart: number;
  stats: Record<string, Record<string, BucketStats>>;
}
/** When each source of a province last reported (epoch ms). */
export interface Feeds {
  province: string;
  lastSeen: Record<string, number>;
}
/** A province's indicators on one day. */
export interface Rollup {
  province: string;
  dayStart: number;
  kpis: Record<string, Kpi>;
}

/** An item and the version it was read at (0 when absent). */
export interface Versioned<T> {
  data: T | undefined;
  version: number;
}

async function getVersioned<T>(
  client: DynamoDBClient,
  table: string,
  key: Record<string, string>,
): Promise<Versioned<T>> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }),
  );
  if (!Item) return { data: undefined, version: 0 };
  const { pk: _pk, sk: _sk, entity: _e, version, ...data } = unmarshall(Item);
  return { data: data as T, version: Number(version ?? 0) };
}

/** Writes `data` if the item is still at `version`; false when someone else wrote first. */
async function putVersioned(
  client: DynamoDBClient,
  table: string,
  key: Record<string, string>,
  entity: string,
  data: object,
  version: number,
): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall(
          { ...key, entity, ...data, version: version + 1 },
          { removeUndefinedValues: true, convertClassInstanceToMap: true },
        ),
        ConditionExpression: version === 0 ? "attribute_not_exists(pk)" : "version = :v",
        ...(version === 0 ? {} : { ExpressionAttributeValues: marshall({ ":v": version }) }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A conflict that outlasted every retry of a read-merge-write. */
export class StateConflictError extends Error {
  readonly code = "state-conflict";
}

/**
 * The items this process last wrote, with their versions, so the next merge of the same item can
 * skip the read: if another writer got there first, the conditional write fails and the item is
 * read afresh. Only for items whose merges are monotone (they only ever gain: positions, counts,
 * newer values, later times), where a stale copy can make a merge think there is more to write,
 * never less — so a stale copy costs one failed write, never a lost change.
 */
export class ItemCache {
  private readonly items = new Map<string, Versioned<unknown>>();
  constructor(private readonly limit = 2_000) {}
  get<T>(id: string): Versioned<T> | undefined {
    const hit = this.items.get(id);
    if (hit) {
      // Least recently used goes first.
      this.items.delete(id);
      this.items.set(id, hit);
    }
    return hit as Versioned<T> | undefined;
  }
  set(id: string, value: Versioned<unknown>): void {
    this.items.delete(id);
    this.items.set(id, value);
    if (this.items.size > this.limit) this.items.delete(this.items.keys().next().value as string);
  }
  delete(id: string): void {
    this.items.delete(id);
  }
}

/**
 * Reads an item, applies `merge`, writes it back if anything changed; on a concurrent write,
 * re-reads and merges again. Returns the merged item. With a `cache` (monotone items only), the
 * read is skipped while this process holds the item's latest version.
 */
export async function mergeItem<T>(
  deps: DynamoDeps,
  key: Record<string, string>,
  entity: string,
  merge: (current: T | undefined) => { next: T; changed: boolean },
  attempts = 5,
  cache?: ItemCache,
): Promise<T> {
  const id = `${key.pk}\u0000${key.sk}`;
  let current = cache?.get<T>(id);
  for (let attempt = 0; attempt < attempts; attempt++) {
    current ??= await getVersioned<T>(deps.client, deps.tables.state, key);
    const { next, changed } = merge(current.data);
    if (!changed) return next;
    let written = false;
    try {
      written = await putVersioned(deps.client, deps.tables.state, key, entity, next as object, current.version);
    } catch (error) {
      cache?.delete(id);
      throw error;
    }
    if (written) {
      cache?.set(id, { data: next, version: current.version + 1 });
      return next;
    }
    cache?.delete(id);
    current = undefined;
  }
  throw new StateConflictError(`${key.pk}/${key.sk}: concurrent writes outlasted ${attempts} attempts`);
}

/** The State table's typed access for the processor and the API. */
export function createStateStore(deps: DynamoDeps) {
  const { client, tables } = deps;
  // Panels, hour buckets and feeds are monotone and written by the processor alone.
  const cache = new ItemCache();
  return {
    mergeLatestPanel: (
      province: string,
      metric: string,
      merge: (c: LatestPanel | undefined) => { next: LatestPanel; changed: boolean },
    ) => mergeItem(deps, latestPanelKey(province, metric), ENTITY.latestPanel, merge, 5, cache),
    mergeHourBucket: (
      province: string,
      metric: string,
      hourStart: number,
      merge: (c: HourBucket | undefined) => { next: HourBucket; changed: boolean },
    ) => mergeItem(deps, hourBucketKey(province, metric, hourStart), ENTITY.hourBucket, merge, 5, cache),
    mergeFeeds: (province: string, merge: (c: Feeds | undefined) => { next: Feeds; changed: boolean }) =>
      mergeItem(deps, feedsKey(province), ENTITY.feeds, merge, 5, cache),
    mergeRollup: (
      province: string,
      dayStart: number,
      merge: (c: Rollup | undefined) => { next: Rollup; changed: boolean },
    ) => mergeItem(deps, rollupKey(province, dayStart), ENTITY.rollup, merge),
    mergeAlert: (
      province: string,
      alertId: string,
      merge: (c: Alert | undefined) => { next: Alert; changed: boolean },
    ) => mergeItem(deps, alertKey(province, alertId), ENTITY.alert, merge),

    async getHourBucket(province: string, metric: string, hourStart: number) {
      return (await getVersioned<HourBucket>(client, tables.state, hourBucketKey(province, metric, hourStart))).data;
    },
    async getFeeds(province: string) {
      return (await getVersioned<Feeds>(client, tables.state, feedsKey(province))).data;
    },
    async getRollup(province: string, dayStart: number) {
      return (await getVersioned<Rollup>(client, tables.state, rollupKey(province, dayStart))).data;
    },
    async listPanels(province: string): Promise<LatestPanel[]> {
      const items = await queryAll(client, {
        TableName: tables.state,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": latestPartition(province) }),
      });
      return items.map((i) => ({
        province: String(i.province),
        metric: String(i.metric),
        values: (i.values ?? {}) as Record<string, PanelEntry>,
      }));
    },
    /**
     * The days from `fromDay` to `toDay` (Vietnamese day starts), each with its hours' statistics,
     * read from the hour buckets. With `commune`, only that commune's statistics are fetched.
     */
    async listDayBuckets(
      province: string,
      metric: string,
      fromDay: number,
      toDay: number,
      commune?: string,
    ): Promise<DayBucket[]> {
      const items = await queryAll(client, {
        TableName: tables.state,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: marshall({
          ":pk": hourBucketPartition(province, metric),
          ":from": new Date(fromDay).toISOString(),
          ":to": new Date(toDay + 23 * HOUR_MS).toISOString(),
        }),
        ...(commune
          ? { ProjectionExpression: "hourStart, stats.#c", ExpressionAttributeNames: { "#c": commune } }
          : {}),
      });
      const days = new Map<number, DayBucket>();
      for (const item of items) {
        const hourStart = Number(item.hourStart);
        const dayStart = vnDayStart(hourStart);
        const day = days.get(dayStart) ?? { province, metric, dayStart, stats: {} };
        days.set(dayStart, day);
        const hh = String((hourStart - dayStart) / HOUR_MS);
        for (const [code, stats] of Object.entries((item.stats ?? {}) as Record<string, BucketStats>))
          day.stats[code] = { ...(day.stats[code] ?? {}), [hh]: stats };
      }
      return [...days.values()].sort((a, b) => a.dayStart - b.dayStart);
    },
    async listAlerts(province: string): Promise<Alert[]> {
      const items = await queryAll(client, {
        TableName: tables.state,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": alertPartition(province) }),
      });
      return items.map(({ pk: _pk, sk: _sk, entity: _e, version: _v, ...alert }) => alert as unknown as Alert);
    },
    async getAlerts(province: string, ids: readonly string[]): Promise<Map<string, Alert>> {
      const items = await batchGet(
        client,
        tables.state,
        ids.map((id) => alertKey(province, id)),
        // The processor decides from these whether an alert needs clearing: no stale reads.
        { consistent: true },
      );
      return new Map(
        items.map(({ pk: _pk, sk: _sk, entity: _e, version: _v, ...alert }) => [
          String(alert.id),
          alert as unknown as Alert,
        ]),
      );
    },
  };
}

/** The State store's type. */
export type StateStore = ReturnType<typeof createStateStore>;

/** Latest values of a province, flattened from its panels. */
export function panelsToLatest(panels: readonly LatestPanel[]): LatestValue[] {
  return panels.flatMap((panel) =>
    Object.entries(panel.values).map(([commune, e]) => ({
      province: panel.province,
      commune,
      metric: panel.metric,
      value: e.v,
      observedAt: e.t,
      readingKey: e.k,
    })),
  );
}
