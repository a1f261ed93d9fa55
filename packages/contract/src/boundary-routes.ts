/**
 * Boundary imports from the dashboard (issue 13 item 1): an admin sends a province's commune
 * boundaries (a GeoJSON FeatureCollection, docs/BOUNDARY-IMPORT.md), sees every problem located
 * and what the import would change, then imports with the preview's token. The token binds the
 * import to the very file and options that were previewed and to the boundaries stored at that
 * moment, so nothing is written that the admin has not seen. `ioc geo import` runs the same code.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { PROBLEM_RESPONSES } from "./routes.js";

/**
 * Largest boundary file, in bytes: a province's real 2025 communes are 3.55 MB (Đà Nẵng, 94
 * communes). Lambda caps a synchronous request at 6 MB and API Gateway's HTTP API at 10 MB, so
 * 5 MiB leaves headroom under both; bigger files go through `ioc geo import`.
 */
export const MAX_BOUNDARY_FILE_BYTES = 5 * 1024 * 1024;

const province = z
  .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
  .check(z.describe("Defaults to the deployment's province; every feature must belong to it"));
const flag = z.optional(z.enum(["true", "false"]));

/** Query of `POST /v1/boundaries/preview`. */
export const boundaryPreviewQuerySchema = z.object({
  province,
  repair: flag.check(
    z.describe(
      "true repairs self-touching and self-crossing rings as GIS tools do, listing every repair; default false",
    ),
  ),
  name: z
    .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
    .check(z.describe("The province's name; needed only for a province not stored yet")),
});

/** Query of `POST /v1/boundaries/import`: the preview's options and its token. */
export const boundaryImportQuerySchema = z.extend(boundaryPreviewQuerySchema, {
  // Optional in the schema so a refused user gets 403 before any 400; the handler requires it.
  token: z
    .optional(z.string().check(z.maxLength(200)))
    .check(z.describe("Required: the token of the preview of this very file with these options")),
  allowRemovals: flag.check(
    z.describe("true is required when the import removes stored communes (the preview lists them)"),
  ),
});

const position = z.tuple([z.number(), z.number()]).check(z.describe("[longitude, latitude]"));
const words = z.object({ vi: z.string(), en: z.string() });

/** One problem of a boundary file, located. */
export const boundaryProblemSchema = z
  .object({
    code: z.string().check(z.describe("A stable code, e.g. self-intersection, ring-unclosed, code-duplicate")),
    severity: z.enum(["error", "warning"]).check(z.describe("error refuses the file; warning does not")),
    featureIndex: z.nullable(z.int()).check(z.describe("Index in features; null for the whole file")),
    communeCode: z.nullable(z.string()),
    communeName: z.nullable(z.string()),
    polygon: z
      .nullable(z.int())
      .check(z.describe("Polygon of the feature (0 for a Polygon); null when no ring is named")),
    ring: z.nullable(z.int()).check(z.describe("Ring of the polygon (0 the outer ring); null when no ring is named")),
    path: z.string().check(z.describe("JSON path of the offending value in the file")),
    position: z.nullable(position),
    message: words,
    repairFixes: z
      .nullable(z.boolean())
      .check(z.describe("For an error of a preview without repair: whether ?repair=true fixes it; null otherwise")),
  })
  .check(z.meta({ id: "BoundaryProblem" }));

/** One repair the import makes (with ?repair=true). */
export const boundaryRepairSchema = z
  .object({
    kind: z.enum(["ring-split", "spike-removed", "zero-area-loop-removed", "duplicate-vertices-removed"]),
    featureIndex: z.int(),
    communeCode: z.string(),
    communeName: z.string(),
    polygon: z.int(),
    ring: z.int(),
    positions: z.array(position),
    message: words,
  })
  .check(z.meta({ id: "BoundaryRepair" }));

const communeBrief = z.object({
  code: z.string(),
  name: z.string(),
  areaKm2: z.number(),
  population: z.number(),
  vertices: z.int().check(z.describe("Vertices of the stored (simplified) geometry")),
});

/** What the import would change in the stored boundaries. */
export const boundaryDiffSchema = z
  .object({
    added: z.array(communeBrief),
    removed: z
      .array(communeBrief)
      .check(z.describe("Stored communes the file lacks: an import removes them only with allowRemovals")),
    changed: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        previousName: z.string(),
        fields: z.array(z.string()).check(z.describe("What changed: name, kind, population, areaKm2, geometry…")),
        areaBeforeKm2: z.number(),
        areaAfterKm2: z.number(),
        areaChangePercent: z.nullable(z.number()),
        verticesBefore: z.int(),
        verticesAfter: z.int(),
      }),
    ),
    unchanged: z.int(),
  })
  .check(z.meta({ id: "BoundaryDiff" }));

/** Answer of `POST /v1/boundaries/preview`. */
export const boundaryPreviewSchema = z
  .object({
    province: z.string(),
    provinceName: z.nullable(z.string()),
    ok: z.boolean().check(z.describe("true when the file can be imported with these options")),
    repair: z.boolean(),
    file: z.object({ bytes: z.int(), sha256: z.string(), features: z.int() }),
    counts: z.object({
      errors: z.int(),
      warnings: z.int(),
      repairs: z.int(),
      added: z.int(),
      removed: z.int(),
      changed: z.int(),
      unchanged: z.int(),
    }),
    problems: z.array(boundaryProblemSchema).check(z.describe("Errors first, then warnings (at most 200 of each)")),
    repairs: z.array(boundaryRepairSchema),
    diff: z.nullable(boundaryDiffSchema).check(z.describe("null when the file cannot be imported")),
    stats: z.nullable(z.object({ verticesBefore: z.int(), verticesAfter: z.int(), toleranceMeters: z.number() })),
    token: z
      .nullable(z.string())
      .check(z.describe("Pass it to POST /v1/boundaries/import with the same file; null when ok is false")),
  })
  .check(z.meta({ id: "BoundaryPreview" }));

/** Answer of `POST /v1/boundaries/import`. */
export const boundaryImportReportSchema = z
  .object({
    province: z.string(),
    provinceName: z.string(),
    communes: z.int(),
    added: z.int(),
    removed: z.int(),
    changed: z.int(),
    unchanged: z.int(),
    repairs: z.int(),
  })
  .check(z.meta({ id: "BoundaryImportReport" }));

const signedIn = [{ dashboardToken: [] }];
const json = <S extends z.core.$ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = (...statuses: Array<400 | 401 | 403 | 409 | 413 | 415 | 422>) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }]));
const fileBody = {
  required: true,
  content: {
    "application/geo+json": {
      schema: {
        type: "object" as const,
        description: "A GeoJSON FeatureCollection of the province's communes (docs/BOUNDARY-IMPORT.md)",
      },
    },
  },
};
const LIMITS = `At most ${MAX_BOUNDARY_FILE_BYTES} bytes (5 MiB; a province's real file is about 3.5 MB): under Lambda's 6 MB request limit and API Gateway's 10 MB payload limit; larger files go through 'ioc geo import'. Sent as application/geo+json or application/json.`;

export const previewBoundariesRoute = createRoute({
  method: "post",
  path: "/v1/boundaries/preview",
  operationId: "previewBoundaries",
  summary: "Check a boundary file and show what importing it would change, writing nothing (admin)",
  description: [
    "Every problem located (commune, ring, position) and, without repair, whether repair would fix it;",
    "the repairs repair=true makes; and the difference with the stored boundaries (communes added, removed,",
    "changed with their area change and vertex counts, unchanged). The token names this file, these options and",
    "the stored boundaries as they are now. Needs boundaries:write in the province.",
    LIMITS,
  ].join(" "),
  security: signedIn,
  request: { query: boundaryPreviewQuerySchema, body: fileBody },
  responses: {
    200: json("The problem report and the difference", boundaryPreviewSchema),
    ...errors(400, 401, 403, 413, 415),
  },
});

export const importBoundariesRoute = createRoute({
  method: "post",
  path: "/v1/boundaries/import",
  operationId: "importBoundaries",
  summary: "Import a previewed boundary file, all communes or none (admin)",
  description: [
    "Send the same file with the same options and the preview's token. A token of another file or other options,",
    "or stored boundaries changed since the preview, is a 409 (preview again). A file with errors is a 422 and",
    "nothing is written. Audited as boundary.import. Needs boundaries:write in the province.",
    LIMITS,
  ].join(" "),
  security: signedIn,
  request: { query: boundaryImportQuerySchema, body: fileBody },
  responses: {
    200: json("Imported", boundaryImportReportSchema),
    ...errors(400, 401, 403, 409, 413, 415, 422),
  },
});
