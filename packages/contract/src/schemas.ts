/**
 * The wire schemas of the public contract. They validate requests, generate the OpenAPI
 * document and give clients their types, so the three cannot drift.
 */
import { communeSchema, READING_PROBLEM_CODES, scenarioSchema } from "@ioc/core";
import { z } from "zod";
import { PROBLEM_CODES } from "./problems.js";

/** A 2-digit province code in a query string. */
const provinceParam = z
  .string()
  .regex(/^\d{2}$/, "a 2-digit province code")
  .optional()
  .describe("Defaults to the deployment's province");

/** RFC 9457 problem details, with this API's stable `code`. */
export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the problem type"),
    code: z.enum(PROBLEM_CODES).describe("Stable machine-readable code (the catalogue in problems.ts)"),
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

/** Query of `GET /v1/communes`. */
export const communesQuerySchema = z.object({
  format: z.enum(["json", "geojson"]).default("json").describe("geojson adds each commune's boundary"),
  province: provinceParam,
  boundaries: z
    .enum(["always", "auto"])
    .default("always")
    .describe(
      "With geojson. auto: a registry of COMMUNE_TILED_FROM communes or more answers each commune's label point and bounding box instead of its boundary (tiled: true), the map drawing boundaries from /v1/communes/tiles",
    ),
});

/**
 * From this many communes the map draws boundaries from vector tiles (`GET /v1/communes/tiles/…`)
 * and `?boundaries=auto` leaves them out of the registry: a province (a few hundred communes)
 * draws at once either way, the nation at real density (~4 million vertices, 9 MiB of JSON) only
 * through tiles (bench:map).
 */
export const COMMUNE_TILED_FROM = 1000;

/** Path parameter of `GET /v1/communes/{code}`. */
export const communeParamsSchema = z.object({ code: z.string().regex(/^\d{5}$/, "a 5-digit commune code") });

/** A latest value as the registry endpoints show it. */
export const latestEntrySchema = z.object({ value: z.number(), observedAt: z.string() });

/** A commune with its latest values. */
export const communeSummarySchema = z
  // core's schema is a zod/mini one, without classic's methods: a classic object over its shape.
  .object(communeSchema.shape)
  .omit({ geometry: true })
  .extend({ latest: z.record(z.string(), latestEntrySchema).describe("Latest value per metric key") })
  .meta({ id: "CommuneSummary" });

/** The province header of registry answers. */
export const provinceHeaderSchema = z
  .object({ code: z.string(), name: z.string(), synthetic: z.boolean().describe("True for generated demo data") })
  .meta({ id: "ProvinceHeader" });

/** `GET /health`. */
export const healthSchema = z
  .object({ status: z.literal("ok"), store: z.literal("reachable"), time: z.string() })
  .meta({ id: "Health" });

/** A GeoJSON polygon, as the registry stores a commune's boundary. */
export const polygonSchema = z
  .object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) })
  .meta({ id: "Polygon" });

/** `GET /v1/communes`: the registry with latest values. */
export const communesResponseSchema = z
  .object({ province: provinceHeaderSchema, communes: z.array(communeSummarySchema) })
  .meta({ id: "CommuneList" });

/** `GET /v1/communes?format=geojson`: the same with each commune's boundary, for the map. */
export const communeFeatureCollectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    province: provinceHeaderSchema,
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        id: z.number().int(),
        properties: communeSummarySchema,
        geometry: polygonSchema,
      }),
    ),
  })
  .meta({ id: "CommuneFeatureCollection" });

/**
 * `GET /v1/communes?format=geojson&boundaries=auto` for a registry of `COMMUNE_TILED_FROM`
 * communes or more: each commune at its label point with its bounding box, no boundary (the tiles
 * carry it), so the map's first answer is a few hundred KiB instead of megabytes.
 */
export const communeLabelCollectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    province: provinceHeaderSchema,
    tiled: z.literal(true).describe("Boundaries come from GET /v1/communes/tiles/{z}/{x}/{y}"),
    tilesVersion: z
      .string()
      .describe("The boundaries' version: tiles asked with ?v= this version never change and are cached for good"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        id: z.number().int(),
        bbox: z
          .tuple([z.number(), z.number(), z.number(), z.number()])
          .describe("The boundary's west, south, east, north"),
        properties: communeSummarySchema,
        geometry: z
          .object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) })
          .describe("The label point"),
      }),
    ),
  })
  .meta({ id: "CommuneLabelCollection" });

/** `GET /v1/communes/{code}`: one commune with its boundary. */
export const communeDetailSchema = communeSummarySchema
  .extend({ geometry: polygonSchema })
  .meta({ id: "CommuneDetail" });

/** An object whose shape is the core type named in the description (documented there, not here yet). */
const coreShape = (id: string, description: string) => z.object({}).loose().describe(description).meta({ id });

/** A province indicator (`Kpi` in packages/core/src/kpis.ts) with its change over seven days when known. */
export const kpiSchema = coreShape("Kpi", "A province indicator against its target (Kpi in packages/core/src/kpis.ts)");
/** An alert with its history (`Alert` in packages/core/src/alerts.ts). */
export const alertSchema = coreShape("Alert", "An alert with its history (Alert in packages/core/src/alerts.ts)");

/** Query of `GET /v1/kpis`. */
export const kpisQuerySchema = z.object({ province: provinceParam });
/** `GET /v1/kpis`. */
export const kpisResponseSchema = z
  .object({ province: z.string(), generatedAt: z.string(), kpis: z.array(kpiSchema) })
  .meta({ id: "KpiList" });

/** Query of `GET /v1/communes/{code}/series`. */
export const seriesQuerySchema = z.object({
  metric: z.string().min(1).describe("A metric key of the catalogue"),
  from: z.iso.datetime({ offset: true }).optional().describe("Defaults to seven days before to"),
  to: z.iso.datetime({ offset: true }).optional().describe("Defaults to now"),
  step: z.enum(["1h", "1d"]).default("1h"),
  province: provinceParam,
});
/** One bucket of a commune series. */
export const seriesPointSchema = z
  .object({
    t: z.string().describe("Start of the bucket"),
    count: z.number().int(),
    sum: z.number(),
    min: z.number(),
    max: z.number(),
    mean: z.number(),
  })
  .meta({ id: "SeriesPoint" });
/** `GET /v1/communes/{code}/series`. */
export const seriesSchema = z
  .object({
    commune: z.string(),
    metric: z.string(),
    step: z.enum(["1h", "1d"]),
    points: z.array(seriesPointSchema),
  })
  .meta({ id: "Series" });

/** Query of `GET /v1/alerts`. */
export const alertsQuerySchema = z.object({
  province: provinceParam,
  status: z.enum(["open", "acknowledged", "resolved"]).optional(),
  severity: z.enum(["critical", "warning", "info"]).optional(),
  metric: z.string().optional(),
  commune: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  limit: z.coerce.number<number | string>().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).optional().describe("nextCursor of the previous page"),
});
/** `GET /v1/alerts`: newest first, with the not-resolved counts per severity. */
export const alertPageSchema = z
  .object({
    alerts: z.array(alertSchema),
    counts: z.object({ critical: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: "AlertPage" });
/** Path of the alert routes; ids contain ":" and are URL-encoded. */
/**
 * Longest id accepted in a path: DynamoDB refuses a key over 1,024 bytes, and 256 characters of
 * at most 4 UTF-8 bytes each always fit, so an over-long id is a 400 here, never a store 500.
 */
export const MAX_PATH_ID_CHARS = 256;
export const alertParamsSchema = z.object({
  id: z.string().min(1).max(MAX_PATH_ID_CHARS).describe("The alert id, URL-encoded"),
});
/** Query of the single-alert routes. */
export const alertQuerySchema = z.object({ province: provinceParam });
/** Body of ack/resolve. */
export const alertActionSchema = z
  .object({ note: z.string().max(2000).optional() })
  .strict()
  .meta({ id: "AlertAction" });

/** An alert rule as admins edit it. */
export const alertRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    province: z
      .string()
      .regex(/^\d{2}$/, "a 2-digit province code")
      .optional()
      .describe(
        "The province the rule belongs to. Absent in a list on a national template the province has not adopted; in a PUT body, when given, it must be the province of the query.",
      ),
    name: z.object({ vi: z.string().min(1), en: z.string().min(1) }),
    severity: z.enum(["critical", "warning", "info"]),
    enabled: z.boolean(),
    escalateAfterMinutes: z.number().int().positive().optional(),
    holdMinutes: z.number().int().min(0).max(1440).optional(),
    condition: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("threshold"),
        metric: z.string(),
        op: z.enum(["above", "below"]),
        value: z.number().finite(),
      }),
      z.object({ kind: z.literal("target"), metric: z.string() }),
      z.object({
        kind: z.literal("drop"),
        metric: z.string(),
        percent: z.number().positive().max(100),
        windowMinutes: z.number().int().positive().max(1440),
      }),
      z.object({ kind: z.literal("stale"), factor: z.number().positive().max(100) }),
    ]),
  })
  .strict()
  .meta({ id: "AlertRule" });
/** `GET /v1/rules`: the rules in force in one province. */
export const rulesResponseSchema = z
  .object({
    province: z.string().describe("The province whose rules these are"),
    rules: z.array(alertRuleSchema),
  })
  .meta({ id: "AlertRuleList" });
/** Path of `PUT /v1/rules/{id}`. */
export const ruleParamsSchema = z.object({ id: z.string().min(1).max(MAX_PATH_ID_CHARS) });

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");
/** Query of `GET /v1/gaps`: filters as query strings; core's `gapFilterSchema` checks them once parsed. */
export const gapsQuerySchema = z.object({
  province: provinceParam,
  format: z.enum(["json", "csv", "geojson"]).default("json").describe("csv and geojson are downloads (gaps:export)"),
  terrain: z
    .string()
    .optional()
    .describe("Comma-separated terrain classes: mountainous, midland, delta, coastal, island"),
  border: booleanParam.optional(),
  extremelyDisadvantaged: booleanParam.optional(),
  minPopulation: z.coerce.number().optional(),
  separator: z
    .enum(["comma", "semicolon"])
    .optional()
    .describe("CSV dialect: comma (default, `.` decimals) or semicolon (`,` decimals, Excel set to Vietnamese)"),
});
/** `GET /v1/gaps` as JSON (`GapRanking` in packages/core/src/gaps.ts with its province). */
export const gapsResponseSchema = coreShape(
  "GapRankingResponse",
  "The ranking (GapRanking in packages/core/src/gaps.ts) with province and generatedAt",
);
/** Query of `GET /v1/dx-index`: `compareDays` adds the change since that many days ago. */
export const dxIndexQuerySchema = z.object({
  province: provinceParam,
  compareDays: z.coerce.number().int().min(1).max(400).optional(),
});
/** `GET /v1/dx-index` (`DxIndex` in packages/core/src/dx-index.ts with its province). */
export const dxIndexResponseSchema = coreShape(
  "DxIndexResponse",
  "The index, ranked (DxIndex in packages/core/src/dx-index.ts) with province and generatedAt",
);
/** Body of `POST /v1/scenarios`: core's scenario schema, named for the document. */
export const scenarioBodySchema = scenarioSchema.check(z.meta({ id: "Scenario" }));
/** Query of the scenario routes. */
export const provinceQuerySchema = z.object({ province: provinceParam });
/** Query of the scenario routes: the planning filters the result respects (the same as `GET /v1/gaps`). */
export const scenarioQuerySchema = gapsQuerySchema.pick({
  province: true,
  terrain: true,
  border: true,
  extremelyDisadvantaged: true,
  minPopulation: true,
});
/** Path of `GET /v1/scenarios/{id}`. */
export const scenarioParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, "a scenario id") });
/** A saved scenario with its recomputed gaps. */
export const scenarioViewSchema = coreShape(
  "ScenarioView",
  "A saved scenario (SavedScenario in packages/core/src/gaps.ts) with createdAt as ISO text and result: ScenarioResult",
);
/** `GET /v1/scenarios`: the signed-in user's, newest first. */
export const scenarioListSchema = z
  .object({
    scenarios: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        province: z.string(),
        sites: z.number().int(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: "ScenarioList" });

/** `GET /v1/openapi.json`: an OpenAPI 3.1 document. */
export const openApiDocumentSchema = z
  .object({ openapi: z.string() })
  .loose()
  .describe("An OpenAPI 3.1 document")
  .meta({ id: "OpenApiDocument" });
