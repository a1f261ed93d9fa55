/** `GET /v1/communes/tiles/{z}/{x}/{y}`: the commune boundaries as vector tiles, for the map at national scale. */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";

const tileIndex = z.coerce.number().check(z.int(), z.gte(0));

/** Path parameters of a tile: zoom, column, row (XYZ scheme, as MapLibre requests them). */
export const communeTileParamsSchema = z.object({
  z: tileIndex.check(z.lte(30), z.meta({ examples: [6] })),
  x: tileIndex.check(z.meta({ examples: [50] })),
  y: tileIndex.check(z.meta({ examples: [28] })),
});

/** Query of a tile: the province, the signed-in user's own by default. */
export const communeTileQuerySchema = z.object({
  province: z.optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code"))),
  v: z
    .optional(z.string().check(z.maxLength(64)))
    .check(
      z.describe(
        "The boundaries' version (the registry's tilesVersion): with the current one, the tile is cached for good",
      ),
    ),
});

export const communeTileRoute = createRoute({
  method: "get",
  path: "/v1/communes/tiles/{z}/{x}/{y}",
  operationId: "getCommuneTile",
  summary: "The province's commune boundaries in one Mapbox vector tile (layer `communes`; code, border, mountainous)",
  security: [{ dashboardToken: [] }],
  request: { params: communeTileParamsSchema, query: communeTileQuerySchema },
  responses: {
    200: {
      description: "A vector tile (protobuf)",
      content: { "application/x-protobuf": { schema: z.string().check(z.meta({ format: "binary" })) } },
    },
    204: { description: "No commune reaches into this tile" },
    304: { description: "Not modified: If-None-Match names the tile's current ETag" },
    400: { $ref: "#/components/responses/BadRequest" },
    401: { $ref: "#/components/responses/Unauthorized" },
    403: { $ref: "#/components/responses/Forbidden" },
    404: { $ref: "#/components/responses/NotFound" },
  },
});
