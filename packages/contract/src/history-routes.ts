/**
 * History routes (issue 12): a province's daily (or hourly) values of a metric over years, every
 * commune's value on one day (map playback), and the admin's historical import. Declared like
 * every route (`createRoute`), so the schema, the validation and the OpenAPI entry are one object.
 * How history is stored and what it costs: docs/HISTORY.md.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { PROBLEM_RESPONSES } from "./routes.js";
import { rejectedReadingSchema } from "./schemas.js";

/** Largest historical-import body, in bytes (under Lambda's 6 MB request payload; about 120,000 rows). The CLI writes bigger files directly. */
export const MAX_HISTORY_IMPORT_BYTES = 5 * 1024 * 1024;
/** Most rows in one historical import request. */
export const MAX_HISTORY_IMPORT_ROWS = 150_000;
/** Widest range of an hourly history request, in days (hours are kept 90 days). */
export const MAX_HISTORY_HOUR_DAYS = 31;

const province = z
  .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
  .check(z.describe("Defaults to the deployment's province"));
const date = z.iso.date().check(z.describe("A Vietnamese calendar day, YYYY-MM-DD (UTC+7)"));

/** Where a history value came from: the live stream, an admin's import, or the demo's generated past. */
export const historySourceSchema = z
  .enum(["stream", "import", "synthetic"])
  .check(
    z.describe("stream: folded from live readings; import: a historical import; synthetic: the demo's generated past"),
    z.meta({ id: "HistorySource" }),
  );

/** Query of `GET /v1/history/province`. */
export const historyProvinceQuerySchema = z.object({
  metric: z.string().check(z.minLength(1), z.describe("A metric key of the catalogue")),
  from: z.optional(date).check(z.describe("First day (YYYY-MM-DD, Vietnam time); defaults to 365 days before to")),
  to: z.optional(date).check(z.describe("Last day, included; defaults to today")),
  resolution: z
    ._default(z.enum(["day", "hour"]), "day")
    .check(
      z.describe(`day: kept ≥ 5 years; hour: the last 90 days, at most ${MAX_HISTORY_HOUR_DAYS} days per request`),
    ),
  province,
});

/** One point of a province's history. */
export const historyPointSchema = z
  .object({
    t: z.string().check(z.describe("Start of the day (Vietnam midnight) or hour, ISO 8601 UTC")),
    date: z.optional(z.iso.date()).check(z.describe("resolution=day: the Vietnamese calendar day")),
    value: z.number().check(z.describe("The province value, aggregated from communes the metric's way")),
    count: z.int().check(z.describe("Days: communes with a value; hours: readings folded in")),
    source: historySourceSchema,
  })
  .check(z.meta({ id: "HistoryPoint" }));

/** `GET /v1/history/province`. */
export const provinceHistorySchema = z
  .object({
    province: z.string(),
    metric: z.string(),
    resolution: z.enum(["day", "hour"]),
    from: z.iso.date(),
    to: z.iso.date(),
    points: z.array(historyPointSchema).check(z.describe("Oldest first; days without any value are absent")),
  })
  .check(z.meta({ id: "ProvinceHistory" }));

/** Query of `GET /v1/history/communes`. */
export const historyCommunesQuerySchema = z.object({
  metric: z.string().check(z.minLength(1), z.describe("A metric key of the catalogue")),
  date,
  province,
});

/** One commune's value on a day. */
export const communeDayValueSchema = z
  .object({
    value: z.number().check(z.describe("The day's last reading (see docs/HISTORY.md), or the imported value")),
    count: z.optional(z.int()).check(z.describe("Readings folded in (stream only)")),
    source: historySourceSchema,
  })
  .check(z.meta({ id: "CommuneDayValue" }));

/** `GET /v1/history/communes`: the day's value of every commune that has one (for map playback). */
export const communesDaySchema = z
  .object({
    province: z.string(),
    metric: z.string(),
    date: z.iso.date(),
    values: z.record(z.string(), communeDayValueSchema).check(z.describe("commune code → its value that day")),
    provinceValue: z
      .optional(historyPointSchema)
      .check(z.describe("The province's value that day, when any commune has one")),
  })
  .check(z.meta({ id: "CommunesDay" }));

/** Query of `POST /v1/history/import`. */
export const historyImportQuerySchema = z.object({ province });

/** The 200 answer of a historical import: everything was stored. */
export const historyImportReportSchema = z
  .object({
    rows: z.int().check(z.describe("Rows stored")),
    days: z.int().check(z.describe("Province × metric × day items written")),
    from: z.optional(z.iso.date()).check(z.describe("Earliest day imported")),
    to: z.optional(z.iso.date()).check(z.describe("Latest day imported")),
  })
  .check(z.meta({ id: "HistoryImportReport" }));

/** The 422 answer of a refused import: a problem document listing every bad row; nothing was stored. */
export const historyImportRefusedSchema = z
  .object({
    type: z.string(),
    code: z.literal("history-import-refused"),
    title: z.string(),
    titleVi: z.string(),
    status: z.literal(422),
    detail: z.string(),
    instance: z.optional(z.string()),
    rejected: z.array(rejectedReadingSchema).check(z.describe("Every refused row with its line; at most 1,000 listed")),
  })
  .check(z.meta({ id: "HistoryImportRefused" }));

const signedIn = [{ dashboardToken: [] }];
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = (...statuses: Array<400 | 401 | 403 | 404 | 413 | 415 | 422 | 503>) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }]));

export const provinceHistoryRoute = createRoute({
  method: "get",
  path: "/v1/history/province",
  operationId: "getProvinceHistory",
  summary: "A province's daily (≥ 5 years) or hourly (90 days) values of one metric",
  description:
    "Daily values come from the readings stream (exactly), from historical imports and, in the demo, from a synthetic past; each point says which. Read: leader, ops, planner, admin of the province.",
  security: signedIn,
  request: { query: historyProvinceQuerySchema },
  responses: { 200: json("The points, oldest first", provinceHistorySchema), ...errors(400, 401, 403, 404) },
});

export const communesHistoryRoute = createRoute({
  method: "get",
  path: "/v1/history/communes",
  operationId: "getCommunesDay",
  summary: "Every commune's value of one metric on one day (map playback)",
  security: signedIn,
  request: { query: historyCommunesQuerySchema },
  responses: { 200: json("The day's values by commune", communesDaySchema), ...errors(400, 401, 403, 404) },
});

export const historyImportRoute = createRoute({
  method: "post",
  path: "/v1/history/import",
  operationId: "importHistory",
  summary: "Import a province's past values from CSV, all rows or none (admin)",
  description: [
    "text/csv, UTF-8 (a BOM allowed), header row commune,metric,value,observedAt[,codeSystem] (an id column is allowed and ignored).",
    "Each row is checked as ingest checks a reading (known commune of the province, known metric, value in range)",
    "and observedAt must fall before today (Vietnam time); unlike ingest it may be older than the readings' retention.",
    "A file with any bad row is refused whole (422, every bad row listed with its line) and nothing is stored.",
    "Imported values never reach the readings stream, so they raise no live alert. docs/HISTORY.md.",
  ].join(" "),
  security: signedIn,
  request: {
    query: historyImportQuerySchema,
    body: {
      required: true,
      content: { "text/csv": { schema: { type: "string", description: "commune,metric,value,observedAt" } } },
    },
  },
  responses: {
    200: json("Stored: every row", historyImportReportSchema),
    422: {
      description: "Refused: nothing stored; every bad row with its line",
      content: { "application/problem+json": { schema: historyImportRefusedSchema } },
    },
    ...errors(400, 401, 403, 404, 413, 415, 503),
  },
});
