/**
 * `GET /v1/province-context`: the neighbours around a province for the map (core's
 * province-context.ts). Derived from the registry and kept in memory: a real province's
 * neighbours need every other stored province read once, and boundaries change only on import.
 */

import { provinceContextRoute } from "@ioc/contract";
import { type NeighbourOutline, PROVINCE_CODES_2025, type Province, provinceContext } from "@ioc/core";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";

/** How long a derived context is kept: a boundary import elsewhere shows within this time. */
const CONTEXT_TTL_MS = 10 * 60_000;

/** The context as GeoJSON: each neighbour's area, then each name's point. */
export function contextCollection(province: string, neighbours: readonly NeighbourOutline[]) {
  const props = (n: NeighbourOutline, part: "area" | "label") => ({
    code: n.code,
    name: n.name,
    synthetic: n.synthetic,
    part,
  });
  return {
    type: "FeatureCollection" as const,
    province,
    features: [
      ...neighbours.map((n) => ({
        type: "Feature" as const,
        properties: props(n, "area"),
        geometry: { type: "MultiPolygon" as const, coordinates: n.polygons },
      })),
      ...neighbours.map((n) => ({
        type: "Feature" as const,
        properties: props(n, "label"),
        geometry: { type: "Point" as const, coordinates: n.labelPoint },
      })),
    ],
  };
}

/** The province context route; mount at `/`. */
export function contextRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono();
  const cache = new Map<string, { at: number; value: ReturnType<typeof contextCollection> }>();

  app.openapi(provinceContextRoute, async (c) => {
    const code = c.req.valid("query").province ?? deps.defaultProvince;
    const hit = cache.get(code);
    if (hit && deps.clock() - hit.at < CONTEXT_TTL_MS) return c.json(hit.value, 200);
    const home = await registry.get(code);
    if (!home) throw problem("province-not-found", { detail: `province ${code} is not in the registry` });
    // Demo data never reads the registry for neighbours: its own are synthetic.
    const others = home.synthetic
      ? []
      : (
          await Promise.all(PROVINCE_CODES_2025.filter((p) => p !== code).map((p) => deps.registry.getProvince(p)))
        ).filter((p): p is Province => p !== undefined);
    const value = contextCollection(code, provinceContext(home, others));
    cache.set(code, { at: deps.clock(), value });
    return c.json(value, 200);
  });
  return app;
}
