/**
 * History on DynamoDB (the `HistoryStore` port): reads of province trends and of a day's commune
 * values, and the historical import's writes. Day items are merged with the same optimistic
 * concurrency as every item the processor writes, so an import and the processor never lose each other's work.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type CommuneDayBucket,
  communeDayBucket,
  communeDayValues,
  type DayValues,
  type HistoryPoint,
  type HistoryStore,
  mergeImportedDay,
  mergeProvinceMonth,
  monthOf,
  monthsBetween,
  pointsOfMonth,
  provinceDayValue,
  vnDate,
  vnDayStart,
} from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import {
  dayValuesCodec,
  dayValuesKey,
  dayValuesPartition,
  provinceHistoryPartition,
  provinceMonthCodec,
  provinceMonthKey,
} from "./history-codecs.js";
import { mergeItem } from "./state-store.js";

/** Day items an import merges at once: bounded, to be polite to the table. */
const IMPORT_CONCURRENCY = 8;

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

/** History's typed access for the API, the CLI, the demo seed and the target paths. */
export function createHistoryStore(deps: DynamoDeps): HistoryStore {
  const { client, tables } = deps;
  return {
    async provinceDays(province, metric, fromDay, toDay) {
      const months = monthsBetween(fromDay, toDay);
      // A year of months per query, the queries in flight together: a five-year trend is six
      // small queries at once rather than one long one paged through in sequence.
      const spans: string[][] = [];
      for (let i = 0; i < months.length; i += 12) spans.push(months.slice(i, i + 12));
      const pages = await Promise.all(
        spans.map((span) =>
          queryAll(client, {
            TableName: tables.history,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            // Only the asked metric's days travel: a month item holds every metric of the province.
            ProjectionExpression: "province, #month, #values.#m",
            ExpressionAttributeNames: { "#month": "month", "#values": "values", "#m": metric },
            ExpressionAttributeValues: marshall({
              ":pk": provinceHistoryPartition(province),
              ":from": `M#${span[0]}`,
              ":to": `M#${span[span.length - 1]}`,
            }),
          }),
        ),
      );
      const points: HistoryPoint[] = [];
      for (const item of pages.flat())
        points.push(...pointsOfMonth(provinceMonthCodec.fromImage(item), metric, fromDay, toDay));
      return points;
    },
    async communeDay(province, metric, dayStart) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tables.history, Key: marshall(dayValuesKey(province, metric, dayStart)) }),
      );
      return Item ? communeDayValues(dayValuesCodec.fromImage(unmarshall(Item))) : {};
    },
    async communeDays(province, metric, commune, fromDay, toDay) {
      // One query of the province × metric partition, in date order; a day item packs every
      // commune into one string, so the whole day travels and this commune is read out of it.
      const items = await queryAll(client, {
        TableName: tables.history,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ProjectionExpression: "province, #metric, dayStart, stats, imported",
        ExpressionAttributeNames: { "#metric": "metric" },
        ExpressionAttributeValues: marshall({
          ":pk": dayValuesPartition(province, metric),
          ":from": vnDate(fromDay),
          ":to": vnDate(toDay),
        }),
      });
      const out: CommuneDayBucket[] = [];
      for (const item of items) {
        const bucket = communeDayBucket(dayValuesCodec.fromImage(item), commune);
        if (bucket) out.push(bucket);
      }
      return out;
    },
    async importRows(province, communes, rows, source) {
      const days = new Map<
        string,
        { metric: string; dayStart: number; rows: Array<{ commune: string; value: number }> }
      >();
      for (const row of rows) {
        const dayStart = vnDayStart(row.observedAt);
        const id = `${row.metric}|${dayStart}`;
        const day = days.get(id) ?? { metric: row.metric, dayStart, rows: [] };
        days.set(id, day);
        day.rows.push({ commune: row.commune, value: row.value });
      }
      const points: Array<{ metric: string; dayStart: number; point: Omit<HistoryPoint, "t"> | undefined }> = [];
      await forEachLimited([...days.values()], IMPORT_CONCURRENCY, async ({ metric, dayStart, rows: dayRows }) => {
        const at = { province, metric, dayStart };
        const merged: DayValues = await mergeItem(
          client,
          tables.history,
          dayValuesKey(province, metric, dayStart),
          dayValuesCodec,
          (c) => mergeImportedDay(c, at, dayRows, source),
        );
        points.push({ metric, dayStart, point: provinceDayValue(merged, communes) });
      });
      // The province values last, from the merged days, one write per month touched.
      const byMonth = new Map<string, typeof points>();
      for (const p of points) {
        const { month } = monthOf(p.dayStart);
        byMonth.set(month, [...(byMonth.get(month) ?? []), p]);
      }
      await forEachLimited([...byMonth], IMPORT_CONCURRENCY, async ([month, inMonth]) => {
        await mergeItem(client, tables.history, provinceMonthKey(province, month), provinceMonthCodec, (c) =>
          mergeProvinceMonth(c, province, month, inMonth),
        );
      });
      return { days: days.size, values: rows.length };
    },
  };
}
