/**
 * What the processor folds readings into, as it and the dashboard API see it: in the State table
 * (streamed to live clients and the notifier) latest-value panels, feed freshness, province
 * rollups and alerts; in the History table (not streamed) hour buckets, day values and province
 * months. Items the processor rewrites carry a `version` and are written conditionally on it
 * (optimistic concurrency), so two writers never lose each other's merge.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type DayBucket, HOUR_MS, type Merged, type StateStore, vnDayStart } from "@ioc/core";
import { batchGet, type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import {
  alertCodec,
  type EntityCodec,
  feedsCodec,
  hourBucketCodec,
  type ItemKey,
  latestPanelCodec,
  rollupCodec,
} from "./entity-codecs.js";
import { dayValuesCodec, dayValuesKey, provinceMonthCodec, provinceMonthKey } from "./history-codecs.js";
import {
  alertKey,
  alertPartition,
  feedsKey,
  hourBucketKey,
  hourBucketPartition,
  latestPanelKey,
  latestPartition,
  rollupKey,
} from "./keys.js";

/** An item and the version it was read at (0 when absent). */
export interface Versioned<T> {
  data: T | undefined;
  version: number;
}

async function getVersioned<T>(
  client: DynamoDBClient,
  table: string,
  key: ItemKey,
  codec: EntityCodec<T>,
): Promise<Versioned<T>> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }),
  );
  if (!Item) return { data: undefined, version: 0 };
  const item = unmarshall(Item);
  return { data: codec.fromImage(item), version: Number(item.version ?? 0) };
}

/** Writes `data` if the item is still at `version`; false when someone else wrote first. */
async function putVersioned<T>(
  client: DynamoDBClient,
  table: string,
  key: ItemKey,
  codec: EntityCodec<T>,
  data: T,
  version: number,
): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall(
          { ...codec.toItem(data, key), version: version + 1 },
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

/** How many times a read-merge-write tries before it reports a conflict. */
const MERGE_ATTEMPTS = 5;

/**
 * Reads an item of `table`, applies `merge`, writes it back if anything changed; on a concurrent
 * write, re-reads and merges again. Returns the merged item. With a `cache` (monotone items only),
 * the read is skipped while this process holds the item's latest version.
 */
export async function mergeItem<T, N extends T | undefined = T>(
  client: DynamoDBClient,
  table: string,
  key: ItemKey,
  codec: EntityCodec<T>,
  merge: (current: T | undefined) => Merged<N>,
  cache?: ItemCache,
): Promise<N> {
  // The cache is per process, not per table: the two tables' keys never coincide (keys.ts).
  const id = `${key.pk}\u0000${key.sk}`;
  let current = cache?.get<T>(id);
  for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
    current ??= await getVersioned(client, table, key, codec);
    const { next, changed } = merge(current.data);
    // A merge that leaves nothing (an alert with nothing to clear) has nothing to write.
    if (!changed || next === undefined) return next;
    let written = false;
    try {
      written = await putVersioned(client, table, key, codec, next, current.version);
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
  throw new StateConflictError(`${key.pk}/${key.sk}: concurrent writes outlasted ${MERGE_ATTEMPTS} attempts`);
}

/** The State table's typed access for the processor, the scheduler and the API. */
export function createStateStore(deps: DynamoDeps): StateStore {
  const { client, tables } = deps;
  // Panels, hour buckets and feeds are monotone and written by the processor alone.
  const cache = new ItemCache();
  const query = (table: string, input: Omit<Parameters<typeof queryAll>[1], "TableName">) =>
    queryAll(client, { TableName: table, ...input });
  return {
    mergeLatestPanel: (province, metric, merge) =>
      mergeItem(client, tables.state, latestPanelKey(province, metric), latestPanelCodec, merge, cache),
    mergeHourBucket: (province, metric, hourStart, merge) =>
      mergeItem(client, tables.history, hourBucketKey(province, metric, hourStart), hourBucketCodec, merge, cache),
    mergeFeeds: (province, merge) => mergeItem(client, tables.state, feedsKey(province), feedsCodec, merge, cache),
    mergeRollup: (province, dayStart, merge) =>
      mergeItem(client, tables.state, rollupKey(province, dayStart), rollupCodec, merge),
    mergeAlert: (province, alertId, merge) =>
      mergeItem(client, tables.state, alertKey(province, alertId), alertCodec, merge),
    // Day items gain like hour buckets (an import's write in between fails the cached version).
    mergeDayValues: (province, metric, dayStart, merge) =>
      mergeItem(client, tables.history, dayValuesKey(province, metric, dayStart), dayValuesCodec, merge, cache),
    // Not cached: imports set month values too, and a stale copy could hide a needed write.
    mergeProvinceMonth: (province, month, merge) =>
      mergeItem(client, tables.history, provinceMonthKey(province, month), provinceMonthCodec, merge),

    async getHourBucket(province, metric, hourStart) {
      return (await getVersioned(client, tables.history, hourBucketKey(province, metric, hourStart), hourBucketCodec))
        .data;
    },
    async getFeeds(province) {
      return (await getVersioned(client, tables.state, feedsKey(province), feedsCodec)).data;
    },
    async getRollup(province, dayStart) {
      return (await getVersioned(client, tables.state, rollupKey(province, dayStart), rollupCodec)).data;
    },
    async listPanels(province) {
      const items = await query(tables.state, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": latestPartition(province) }),
      });
      return items.map((i) => latestPanelCodec.fromImage(i));
    },
    async listDayBuckets(province, metric, fromDay, toDay, commune) {
      const items = await query(tables.history, {
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
        // A projection: only the hour and its statistics, decoded by the bucket's own schema.
        const { hourStart, stats } = hourBucketCodec.fromImage({ province, metric, ...item });
        const dayStart = vnDayStart(hourStart);
        const day = days.get(dayStart) ?? { province, metric, dayStart, stats: {} };
        days.set(dayStart, day);
        const hh = String((hourStart - dayStart) / HOUR_MS);
        for (const [code, hour] of Object.entries(stats)) day.stats[code] = { ...(day.stats[code] ?? {}), [hh]: hour };
      }
      return [...days.values()].sort((a, b) => a.dayStart - b.dayStart);
    },
    async listAlerts(province) {
      const items = await query(tables.state, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": alertPartition(province) }),
      });
      return items.map((i) => alertCodec.fromImage(i));
    },
    async getAlerts(province, ids) {
      const items = await batchGet(
        client,
        tables.state,
        ids.map((id) => alertKey(province, id)),
        // The processor decides from these whether an alert needs clearing: no stale reads.
        { consistent: true },
      );
      return new Map(items.map((i) => alertCodec.fromImage(i)).map((alert) => [alert.id, alert]));
    },
  };
}
