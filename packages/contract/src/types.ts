/**
 * The wire types clients use, inferred from the contract's schemas so they cannot drift from
 * what the API validates and documents. Import them with `import type`: a type import brings no
 * zod or Hono into a browser bundle.
 */
import type { Alert, Kpi, PathAssessment, TargetPath } from "@ioc/core";
import type * as z from "zod/mini";
import type { loginResponseSchema } from "./auth-schemas.js";
import type {
  alertPageSchema,
  alertsQuerySchema,
  communeDetailSchema,
  communeFeatureCollectionSchema,
  communeLabelCollectionSchema,
  communeSummarySchema,
  communesResponseSchema,
  ingestReportSchema,
  kpisResponseSchema,
  provinceHeaderSchema,
  scenarioListSchema,
  seriesPointSchema,
  seriesQuerySchema,
  seriesSchema,
} from "./schemas.js";

/** The 202 answer to an ingest request. */
export type IngestReport = z.output<typeof ingestReportSchema>;
/** A commune as `GET /v1/communes` lists it: registry fields and latest values, no geometry. */
export type CommuneSummary = z.output<typeof communeSummarySchema>;
/** The province header every registry answer carries. */
export type ProvinceHeader = z.output<typeof provinceHeaderSchema>;
/** `GET /v1/communes`. */
export type CommuneList = z.output<typeof communesResponseSchema>;
/** `GET /v1/communes?format=geojson`. */
export type CommuneFeatureCollection = z.output<typeof communeFeatureCollectionSchema>;
/** `GET /v1/communes?format=geojson&boundaries=auto` for a national-size registry: label points, no boundaries. */
export type CommuneLabelCollection = z.output<typeof communeLabelCollectionSchema>;
/** `GET /v1/communes/{code}`: one commune with its latest values and boundary. */
export type CommuneDetail = z.output<typeof communeDetailSchema>;
/** What the map loads: boundaries for a province, label points when the boundaries come as tiles. */
export type CommuneMapCollection = CommuneFeatureCollection | CommuneLabelCollection;
/** A dashboard sign-in: the token to send, when it expires (epoch ms), and who it names. */
export type SignIn = z.output<typeof loginResponseSchema>;
/** Filters and paging of `GET /v1/alerts`, as a client sends them. */
export type AlertQuery = z.input<typeof alertsQuerySchema>;
/** One bucket of `GET /v1/communes/{code}/series`. */
export type SeriesPoint = z.output<typeof seriesPointSchema>;
/** Query of a commune series, as a client sends it. */
export type SeriesQuery = z.input<typeof seriesQuerySchema>;
/** `GET /v1/communes/{code}/series`. */
export type Series = z.output<typeof seriesSchema>;
/** `GET /v1/scenarios`. */
export type ScenarioList = z.output<typeof scenarioListSchema>;
/** A province indicator as `GET /v1/kpis` serves it: with its change over seven days when known. */
export type KpiWithTrend = Kpi & {
  trend?: { delta7d: number };
  /** The indicator judged against the province's path: points, expected now, projection, sentence. */
  path?: PathAssessment;
  /** The commune-level path, for the commune panel. */
  communePath?: TargetPath;
};
/** `GET /v1/kpis`; the indicator's shape is core's `Kpi`. */
export type KpisResponse = Omit<z.output<typeof kpisResponseSchema>, "kpis"> & { kpis: KpiWithTrend[] };
/** Not-resolved alerts per severity. */
export type AlertCounts = z.output<typeof alertPageSchema>["counts"];
/** `GET /v1/alerts`: newest first; the alert's shape is core's `Alert`. */
export type AlertPage = Omit<z.output<typeof alertPageSchema>, "alerts"> & { alerts: Alert[] };
