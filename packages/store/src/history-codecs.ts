/**
 * History's stored entities (State table), declared once like entity-codecs.ts: a province ×
 * metric × day of commune daily values, and a province × month of province daily values.
 * Neither expires: they are the ≥ 5-year history (hour buckets, which do, keep the hourly view).
 */
import { type DayValues, type ProvinceMonth, vnDate } from "@ioc/core";
import * as z from "zod/mini";
import { defineCodec } from "./entity-codecs.js";
import { ENTITY } from "./keys.js";

/**
 * State table: a province × metric × Vietnamese day of every commune's day (stream statistics and
 * imported values). One partition per province × metric, sorted by date, so a range is one query.
 */
export const dayValuesKey = (province: string, metric: string, dayStart: number) => ({
  pk: dayValuesPartition(province, metric),
  sk: vnDate(dayStart),
});
/** The partition holding a province × metric's days, in date order. */
export const dayValuesPartition = (province: string, metric: string) => `P#${province}#M#${metric}#D`;

/** State table: a province's daily values of every metric in one month ("YYYY-MM"). */
export const provinceMonthKey = (province: string, month: string) => ({
  pk: provinceHistoryPartition(province),
  sk: `M#${month}`,
});
/** The partition holding a province's months, in order: a five-year trend is one query of it. */
export const provinceHistoryPartition = (province: string) => `P#${province}#HIST`;

const dayStats = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number(), z.string()]);

/**
 * A map stored as one JSON string attribute. A day item holds every commune of a province (3,321
 * at national scale, ~320 KB): as a DynamoDB map that is ~23,000 typed attribute values to encode,
 * parse and decode on every read and every processor merge; as one string it is one value, and a
 * read of it costs a JSON.parse. Nothing queries inside these maps, so nothing is lost.
 */
const packed = <S extends z.ZodMiniType>(schema: S) =>
  // What classic zod's `preprocess` builds: a transform piped into the schema.
  z.pipe(
    z.transform((value: unknown) => {
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value);
      } catch {
        return value; // the schema refuses it: a MalformedItemError naming the attribute
      }
    }),
    schema,
  );

/** State: a province × metric × day of commune daily values. */
export const dayValuesCodec = defineCodec<DayValues>({
  entity: ENTITY.dayValues,
  schema: z.object({
    province: z.string(),
    metric: z.string(),
    dayStart: z.number(),
    stats: z._default(packed(z.record(z.string(), dayStats)), {}),
    imported: z._default(packed(z.record(z.string(), z.tuple([z.number(), z.enum(["i", "y"])]))), {}),
    applied: z._default(z.record(z.string(), z.string()), {}),
    setAside: z.optional(z.record(z.string(), z.array(z.string()))),
  }) as z.ZodMiniType<DayValues>,
  keyOf: (d) => dayValuesKey(d.province, d.metric, d.dayStart),
  toAttributes: (d) => ({ ...d, stats: JSON.stringify(d.stats), imported: JSON.stringify(d.imported) }),
});

/** State: a province × month of province daily values; each metric's days are one JSON string. */
export const provinceMonthCodec = defineCodec<ProvinceMonth>({
  entity: ENTITY.provinceMonth,
  schema: z.object({
    province: z.string(),
    month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
    // A projected read of one metric has no `values` when the month has none of it.
    values: z._default(
      z.record(z.string(), packed(z.record(z.string(), z.tuple([z.number(), z.number(), z.string()])))),
      {},
    ),
  }) as z.ZodMiniType<ProvinceMonth>,
  keyOf: (m) => provinceMonthKey(m.province, m.month),
  toAttributes: (m) => ({
    ...m,
    values: Object.fromEntries(Object.entries(m.values).map(([metric, days]) => [metric, JSON.stringify(days)])),
  }),
});
