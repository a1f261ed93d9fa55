/**
 * The wire schemas of the public contract. They validate requests, generate the OpenAPI
 * document and give clients their types, so the three cannot drift.
 */
import { communeSchema, READING_PROBLEM_CODES, scenarioSchema } from "@ioc/core";
import * as z from "zod/mini";
import { PROBLEM_CODES } from "./problems.js";

// A component's name is registered on the schema itself (`.register(z.globalRegistry, { id })`, what
// classic's `.meta({ id })` did on its copy) rather than as a `z.meta` check: a check travels with the
// schema into `z.extend`/`z.pick` results, which would then claim the same component name.

/** A 2-digit province code in a query string. */
const provinceParam = z
  .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
  .check(z.describe("Defaults to the deployment's province"));

/** RFC 9457 problem details, with this API's stable `code`. */
export const problemSchema = z
  .object({
    type: z.string().check(z.describe("A URI naming the problem type")),
    code: z.enum(PROBLEM_CODES).check(z.describe("Stable machine-readable code (the catalogue in problems.ts)")),
    title: z.string().check(z.describe("The code's title in English")),
    titleVi: z.string().check(z.describe("The code's title in Vietnamese")),
    status: z.int(),
    detail: z.string().check(z.describe("What was wrong and where")),
    instance: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: "Problem" });

/** One refused reading in an ingest report. */
export const rejectedReadingSchema = z
  .object({
    index: z.int().check(z.describe("0-based position in the request's readings (CSV: data row index)")),
    line: z.optional(z.int()).check(z.describe("CSV only: the 1-based line in the file")),
    code: z.enum(READING_PROBLEM_CODES),
    detail: z.string(),
    candidates: z.optional(z.array(z.string())).check(z.describe("For ambiguous-legacy-commune: the new communes")),
  })
  .register(z.globalRegistry, { id: "RejectedReading" });

/** The 202 answer to an ingest request. */
export const ingestReportSchema = z
  .object({
    accepted: z.int().check(z.describe("Readings stored by this request")),
    duplicates: z.int().check(z.describe("Readings whose (source, id) was already stored: safe retries")),
    rejected: z.array(rejectedReadingSchema),
  })
  .register(z.globalRegistry, { id: "IngestReport" });

/** Query of `GET /v1/communes`. */
export const communesQuerySchema = z.object({
  format: z._default(z.enum(["json", "geojson"]), "json").check(z.describe("geojson adds each commune's boundary")),
  province: provinceParam,
  boundaries: z
    ._default(z.enum(["always", "auto"]), "always")
    .check(
      z.describe(
        "With geojson. auto: a registry of COMMUNE_TILED_FROM communes or more answers each commune's label point and bounding box instead of its boundary (tiled: true), the map drawing boundaries from /v1/communes/tiles",
      ),
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
export const communeParamsSchema = z.object({ code: z.string().check(z.regex(/^\d{5}$/, "a 5-digit commune code")) });

/** A latest value as the registry endpoints show it. */
export const latestEntrySchema = z.object({ value: z.number(), observedAt: z.string() });

/** A commune with its latest values. */
export const communeSummarySchema = z
  .extend(z.omit(communeSchema, { geometry: true }), {
    latest: z.record(z.string(), latestEntrySchema).check(z.describe("Latest value per metric key")),
  })
  .register(z.globalRegistry, { id: "CommuneSummary" });

/** The province header of registry answers. */
export const provinceHeaderSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    synthetic: z.boolean().check(z.describe("True for generated demo data")),
  })
  .register(z.globalRegistry, { id: "ProvinceHeader" });

/** `GET /health`. */
export const healthSchema = z
  .object({ status: z.literal("ok"), store: z.literal("reachable"), time: z.string() })
  .register(z.globalRegistry, { id: "Health" });

/** A GeoJSON polygon, as the registry stores a commune's boundary. */
export const polygonSchema = z
  .object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) })
  .register(z.globalRegistry, { id: "Polygon" });

/** `GET /v1/communes`: the registry with latest values. */
export const communesResponseSchema = z
  .object({ province: provinceHeaderSchema, communes: z.array(communeSummarySchema) })
  .register(z.globalRegistry, { id: "CommuneList" });

/** `GET /v1/communes?format=geojson`: the same with each commune's boundary, for the map. */
export const communeFeatureCollectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    province: provinceHeaderSchema,
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        id: z.int(),
        properties: communeSummarySchema,
        geometry: polygonSchema,
      }),
    ),
  })
  .register(z.globalRegistry, { id: "CommuneFeatureCollection" });

/**
 * `GET /v1/communes?format=geojson&boundaries=auto` for a registry of `COMMUNE_TILED_FROM`
 * communes or more: each commune at its label point with its bounding box, no boundary (the tiles
 * carry it), so the map's first answer is a few hundred KiB instead of megabytes.
 */
export const communeLabelCollectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    province: provinceHeaderSchema,
    tiled: z.literal(true).check(z.describe("Boundaries come from GET /v1/communes/tiles/{z}/{x}/{y}")),
    tilesVersion: z
      .string()
      .check(
        z.describe("The boundaries' version: tiles asked with ?v= this version never change and are cached for good"),
      ),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        id: z.int(),
        bbox: z
          .tuple([z.number(), z.number(), z.number(), z.number()])
          .check(z.describe("The boundary's west, south, east, north")),
        properties: communeSummarySchema,
        geometry: z
          .object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) })
          .check(z.describe("The label point")),
      }),
    ),
  })
  .register(z.globalRegistry, { id: "CommuneLabelCollection" });

/** `GET /v1/communes/{code}`: one commune with its boundary. */
export const communeDetailSchema = z
  .extend(communeSummarySchema, { geometry: polygonSchema })
  .register(z.globalRegistry, { id: "CommuneDetail" });

/** An object whose shape is the core type named in the description (documented there, not here yet). */
const coreShape = (id: string, description: string) =>
  z.looseObject({}).register(z.globalRegistry, { description, id });

/** A province indicator (`Kpi` in packages/core/src/kpis.ts) with its change over seven days when known. */
export const kpiSchema = coreShape("Kpi", "A province indicator against its target (Kpi in packages/core/src/kpis.ts)");
/** An alert with its history (`Alert` in packages/core/src/alerts.ts). */
export const alertSchema = coreShape("Alert", "An alert with its history (Alert in packages/core/src/alerts.ts)");

/** Query of `GET /v1/kpis`. */
export const kpisQuerySchema = z.object({ province: provinceParam });
/** `GET /v1/kpis`. */
export const kpisResponseSchema = z
  .object({ province: z.string(), generatedAt: z.string(), kpis: z.array(kpiSchema) })
  .register(z.globalRegistry, { id: "KpiList" });

/** Query of `GET /v1/communes/{code}/series`. */
export const seriesQuerySchema = z.object({
  metric: z.string().check(z.minLength(1), z.describe("A metric key of the catalogue")),
  from: z.optional(z.iso.datetime({ offset: true })).check(z.describe("Defaults to seven days before to")),
  to: z.optional(z.iso.datetime({ offset: true })).check(z.describe("Defaults to now")),
  step: z._default(z.enum(["1h", "1d"]), "1h"),
  province: provinceParam,
});
/** One bucket of a commune series. */
export const seriesPointSchema = z
  .object({
    t: z.string().check(z.describe("Start of the bucket")),
    count: z.int(),
    sum: z.number(),
    min: z.number(),
    max: z.number(),
    mean: z.number(),
  })
  .register(z.globalRegistry, { id: "SeriesPoint" });
/** `GET /v1/communes/{code}/series`. */
export const seriesSchema = z
  .object({
    commune: z.string(),
    metric: z.string(),
    step: z.enum(["1h", "1d"]),
    points: z.array(seriesPointSchema),
  })
  .register(z.globalRegistry, { id: "Series" });

/** Query of `GET /v1/alerts`. */
export const alertsQuerySchema = z.object({
  province: provinceParam,
  status: z.optional(z.enum(["open", "acknowledged", "resolved"])),
  severity: z.optional(z.enum(["critical", "warning", "info"])),
  metric: z.optional(z.string()),
  commune: z.optional(z.string().check(z.regex(/^\d{5}$/))),
  limit: z._default(z.coerce.number<number | string>().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.regex(/^\d+$/))).check(z.describe("nextCursor of the previous page")),
});
/** `GET /v1/alerts`: newest first, with the not-resolved counts per severity. */
export const alertPageSchema = z
  .object({
    alerts: z.array(alertSchema),
    counts: z.object({ critical: z.int(), warning: z.int(), info: z.int() }),
    nextCursor: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: "AlertPage" });
/** Path of the alert routes; ids contain ":" and are URL-encoded. */
/**
 * Longest id accepted in a path: DynamoDB refuses a key over 1,024 bytes, and 256 characters of
 * at most 4 UTF-8 bytes each always fit, so an over-long id is a 400 here, never a store 500.
 */
export const MAX_PATH_ID_CHARS = 256;
export const alertParamsSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(MAX_PATH_ID_CHARS), z.describe("The alert id, URL-encoded")),
});
/** Query of the single-alert routes. */
export const alertQuerySchema = z.object({ province: provinceParam });
/** Body of ack/resolve. */
export const alertActionSchema = z
  .strictObject({ note: z.optional(z.string().check(z.maxLength(2000))) })
  .register(z.globalRegistry, { id: "AlertAction" });

/** An alert rule as admins edit it. */
export const alertRuleSchema = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/)),
    province: z
      .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
      .check(
        z.describe(
          "The province the rule belongs to. Absent in a list on a national template the province has not adopted; in a PUT body, when given, it must be the province of the query.",
        ),
      ),
    name: z.object({ vi: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) }),
    severity: z.enum(["critical", "warning", "info"]),
    enabled: z.boolean(),
    escalateAfterMinutes: z.optional(z.int().check(z.positive())),
    holdMinutes: z.optional(z.int().check(z.gte(0), z.lte(1440))),
    condition: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("threshold"),
        metric: z.string(),
        op: z.enum(["above", "below"]),
        // zod 4 numbers refuse Infinity and NaN already (classic's .finite() was a no-op).
        value: z.number(),
      }),
      z.object({ kind: z.literal("target"), metric: z.string() }),
      z.object({
        kind: z.literal("drop"),
        metric: z.string(),
        percent: z.number().check(z.positive(), z.lte(100)),
        windowMinutes: z.int().check(z.positive(), z.lte(1440)),
      }),
      z.object({ kind: z.literal("stale"), factor: z.number().check(z.positive(), z.lte(100)) }),
    ]),
  })
  .register(z.globalRegistry, { id: "AlertRule" });
/** `GET /v1/rules`: the rules in force in one province. */
export const rulesResponseSchema = z
  .object({
    province: z.string().check(z.describe("The province whose rules these are")),
    rules: z.array(alertRuleSchema),
  })
  .register(z.globalRegistry, { id: "AlertRuleList" });
/** Path of `PUT /v1/rules/{id}`. */
export const ruleParamsSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(MAX_PATH_ID_CHARS)) });

const booleanParam = z.pipe(
  z.enum(["true", "false"]),
  z.transform((v: "true" | "false") => v === "true"),
);
/** Query of `GET /v1/gaps`: filters as query strings; core's `gapFilterSchema` checks them once parsed. */
export const gapsQuerySchema = z.object({
  province: provinceParam,
  format: z
    ._default(z.enum(["json", "csv", "geojson"]), "json")
    .check(z.describe("csv and geojson are downloads (gaps:export)")),
  terrain: z
    .optional(z.string())
    .check(z.describe("Comma-separated terrain classes: mountainous, midland, delta, coastal, island")),
  border: z.optional(booleanParam),
  extremelyDisadvantaged: z.optional(booleanParam),
  minPopulation: z.optional(z.coerce.number()),
  separator: z
    .optional(z.enum(["comma", "semicolon"]))
    .check(
      z.describe("CSV dialect: comma (default, `.` decimals) or semicolon (`,` decimals, Excel set to Vietnamese)"),
    ),
});
/** `GET /v1/gaps` as JSON (`GapRanking` in packages/core/src/gaps.ts with its province). */
export const gapsResponseSchema = coreShape(
  "GapRankingResponse",
  "The ranking (GapRanking in packages/core/src/gaps.ts) with province and generatedAt",
);
/** Query of `GET /v1/dx-index`: `compareDays` adds the change since that many days ago. */
export const dxIndexQuerySchema = z.object({
  province: provinceParam,
  compareDays: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(400))),
});
/** `GET /v1/dx-index` (`DxIndex` in packages/core/src/dx-index.ts with its province). */
export const dxIndexResponseSchema = coreShape(
  "DxIndexResponse",
  "The index, ranked (DxIndex in packages/core/src/dx-index.ts) with province and generatedAt",
);
/** Body of `POST /v1/scenarios`: core's scenario schema, named for the document. */
export const scenarioBodySchema = z.clone(scenarioSchema).register(z.globalRegistry, { id: "Scenario" });
/** Query of the scenario routes. */
export const provinceQuerySchema = z.object({ province: provinceParam });
/** Query of the scenario routes: the planning filters the result respects (the same as `GET /v1/gaps`). */
export const scenarioQuerySchema = z.pick(gapsQuerySchema, {
  province: true,
  terrain: true,
  border: true,
  extremelyDisadvantaged: true,
  minPopulation: true,
});
/** Path of `GET /v1/scenarios/{id}`. */
export const scenarioParamsSchema = z.object({ id: z.string().check(z.regex(/^[0-9a-f]{32}$/, "a scenario id")) });
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
        name: z.nullable(z.string()),
        province: z.string(),
        sites: z.int(),
        createdAt: z.string(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: "ScenarioList" });

/** `GET /v1/openapi.json`: an OpenAPI 3.1 document. */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.string() })
  .register(z.globalRegistry, { description: "An OpenAPI 3.1 document", id: "OpenApiDocument" });
