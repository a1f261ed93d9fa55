/**
 * `GET /v1/communes/tiles/{z}/{x}/{y}`: a province's boundaries as vector tiles. The tile index is
 * built once per registry load (the registry cache's entry) and its tiles are cut on first request,
 * so a national registry costs the browser only the tiles in view. Tiles are cacheable for a
 * minute, as long as the registry cache keeps a province.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { communeTileRoute } from "@ioc/contract";
import { createCommuneTiles } from "@ioc/geo";
import type { ApiDeps } from "./deps.js";
import { problem } from "./problem.js";
import type { createRegistryCache, IndexedProvince } from "./registry-cache.js";

/** The tile routes. */
export function tilesRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono();
  // Keyed by the cached province object: a reloaded registry gets a fresh index, the old one is collected.
  const indexes = new WeakMap<IndexedProvince, ReturnType<typeof createCommuneTiles>>();

  app.openapi(communeTileRoute, async (c) => {
    const { z, x, y } = c.req.valid("param");
    const provinceCode = c.req.valid("query").province ?? deps.defaultProvince;
    const province = await registry.get(provinceCode);
    if (!province) throw problem("province-not-found", { detail: `no registry for province ${provinceCode}` });
    let index = indexes.get(province);
    if (!index) {
      index = createCommuneTiles(province.communes);
      indexes.set(province, index);
    }
    const tile = index.tile(z, x, y);
    const headers = { "cache-control": "private, max-age=60" };
    if (!tile) return c.body(null, 204, headers);
    return c.body(tile as Uint8Array<ArrayBuffer>, 200, { ...headers, "content-type": "application/x-protobuf" });
  });
  return app;
}
