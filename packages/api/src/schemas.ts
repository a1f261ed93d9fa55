/**
 * The wire schemas of the public contract. They validate requests and generate the OpenAPI
 * document, so the two cannot drift.
 */
import { READING_PROBLEM_CODES } from "@ioc/core";
import { z } from "zod";

/** RFC 9457 problem details, with this API's stable `code`. */
export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the problem type"),
    code: z.string().describe("Stable machine-readable code"),
    title: z.string().describe("The code's title in English"),
    titleVi: z.string().describe("The code's title in Vietnamese"),
    status: z.number().int(),
    detail: z.string().describe("What was wrong and where"),
    instance: z.string().optional(),
  })
  .meta({ id: "Problem" });

/** One refused reading in an ingest report. */
export const rejectedReadingSchema = z
  .object({
    index: z.number().int().describe("0-based position in the request's readings (CSV: data row index)"),
    line: z.number().int().optional().describe("CSV only: the 1-based line in the file"),
    code: z.enum(READING_PROBLEM_CODES),
    detail: z.string(),
    candidates: z.array(z.string()).optional().describe("For ambiguous-legacy-commune: the new communes"),
  })
  .meta({ id: "RejectedReading" });

/** The 202 answer to an ingest request. */
export const ingestReportSchema = z
  .object({
    accepted: z.number().int().describe("Readings stored by this request"),
    duplicates: z.number().int().describe("Readings whose (source, id) was already stored: safe retries"),
    rejected: z.array(rejectedReadingSchema),
  })
  .meta({ id: "IngestReport" });
/** The 202 answer to an ingest request, typed. */
export type IngestReport = z.infer<typeof ingestReportSchema>;

/** Query of `GET /v1/communes`. */
export const communesQuerySchema = z.object({
  format: z.enum(["json", "geojson"]).default("json").describe("geojson adds each commune's boundary"),
  province: z
    .string()
    .regex(/^\d{2}$/, "a 2-digit province code")
    .optional()
    .describe("Defaults to the deployment's province"),
});

/** Path parameter of `GET /v1/communes/{code}`. */
export const communeParamsSchema = z.object({ code: z.string().regex(/^\d{5}$/, "a 5-digit commune code") });

/** A latest value as the registry endpoints show it. */
export const latestEntrySchema = z.object({ value: z.number(), observedAt: z.string() });

/** A commune with its latest values. */
export const communeSummarySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["xã", "phường", "đặc khu"]),
    provinceCode: z.string(),
    population: z.number(),
    households: z.number(),
    areaKm2: z.number(),
    terrain: z.enum(["mountainous", "midland", "delta", "coastal", "island"]),
    border: z.boolean(),
    extremelyDisadvantaged: z.boolean(),
    labelPoint: z.tuple([z.number(), z.number()]),
    latest: z.record(z.string(), latestEntrySchema).describe("Latest value per metric key"),
  })
  .meta({ id: "CommuneSummary" });

/** The province header of registry answers. */
export const provinceHeaderSchema = z
  .object({ code: z.string(), name: z.string(), synthetic: z.boolean().describe("True for generated demo data") })
  .meta({ id: "ProvinceHeader" });

/** `GET /health`. */
export const healthSchema = z.object({ status: z.literal("ok"), store: z.literal("reachable"), time: z.string() });
