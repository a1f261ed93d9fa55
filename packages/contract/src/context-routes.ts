/**
 * The map's context around a province (issue 14 item 5): its neighbours' low-detail outlines and
 * names, drawn faded under the communes. A real province's come from the other provinces the
 * registry holds (a national boundary import); the synthetic demo province's are synthetic too.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { PROBLEM_RESPONSES } from "./routes.js";

/** Query of `GET /v1/province-context`. */
export const provinceContextQuerySchema = z.object({
  province: z
    .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
    .check(z.describe("Defaults to the deployment's province")),
});

const position = z.array(z.number()).check(z.describe("[longitude, latitude]"));

/** One feature of the context: a neighbour's area or the point of its name. */
export const contextFeatureSchema = z.object({
  type: z.literal("Feature"),
  properties: z.object({
    code: z.string(),
    name: z.string(),
    synthetic: z.boolean().check(z.describe("true for the demo's made-up neighbours")),
    part: z.enum(["area", "label"]),
  }),
  geometry: z.union([
    z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(z.array(position))) }),
    z.object({ type: z.literal("Point"), coordinates: position }),
  ]),
});

/** Answer of `GET /v1/province-context`: a GeoJSON FeatureCollection. */
export const provinceContextSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    province: z.string(),
    features: z.array(contextFeatureSchema),
  })
  .register(z.globalRegistry, { id: "ProvinceContext" });

export const provinceContextRoute = createRoute({
  method: "get",
  path: "/v1/province-context",
  operationId: "getProvinceContext",
  summary: "The neighbouring provinces' outlines and names around a province, for the map",
  description:
    "Each neighbour once as a low-detail MultiPolygon (part: area) and once as the point of its name (part: label). Empty when the registry holds no neighbouring province.",
  security: [{ dashboardToken: [] }],
  request: { query: provinceContextQuerySchema },
  responses: {
    200: { description: "The context", content: { "application/json": { schema: provinceContextSchema } } },
    ...Object.fromEntries(
      ([400, 401, 403, 404] as const).map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }]),
    ),
  },
});
