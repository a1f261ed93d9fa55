/**
 * `GET /v1/communes/tiles/{z}/{x}/{y}`: a province's boundaries as vector tiles. Every tile is cut
 * once per version of the boundaries (`tile-sets.ts`) and kept, never per request. Each carries a strong
 * ETag (a matching `If-None-Match` gets 304); asked with the current version (`?v=`, the
 * registry's `tilesVersion`) a tile never changes and is cached for good, otherwise for 5 minutes.
 */

import { communeTileRoute } from "@ioc/contract";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";
import { createTileSets } from "./tile-sets.js";

/** The tile routes. */
export function tilesRoutes(
  deps: ApiDeps,
  registry: ReturnType<typeof createRegistryCache>,
  tileSets: ReturnType<typeof createTileSets> = createTileSets(deps.geo),
) {
  const app = new OpenAPIHono();
  app.openapi(communeTileRoute, async (c) => {
    const { z, x, y } = c.req.valid("param");
    const { province: asked, v } = c.req.valid("query");
    const province = await registry.get(asked ?? deps.defaultProvince);
    if (!province)
      throw problem("province-not-found", { detail: `no registry for province ${asked ?? deps.defaultProvince}` });
    const set = tileSets.setOf(province);
    if (!set)
      throw problem("geometry-unavailable", {
        detail: "this function does not cut tiles; the Geo function serves /v1/communes/tiles",
      });
    // Private: tiles are read with a dashboard token. A versioned URL names one content for good.
    const headers: Record<string, string> = {
      "cache-control": v === set.version ? "private, max-age=31536000, immutable" : "private, max-age=300",
    };
    const tile = set.tile(z, x, y);
    if (!tile) return c.body(null, 204, headers);
    headers.etag = tile.etag;
    if (c.req.header("if-none-match") === tile.etag) return c.body(null, 304, headers);
    return c.body(tile.bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, "content-type": "application/x-protobuf" });
  });
  return app;
}
