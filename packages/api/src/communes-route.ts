/**
 * `GET /v1/communes` and `GET /v1/communes/{code}`: the registry with each commune's latest
 * values; `?format=geojson` gives the map its polygons in one request.
 */

import { COMMUNE_TILED_FROM, communeRoute, communesRoute } from "@ioc/contract";
import type { Commune, LatestValue } from "@ioc/core";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";
import { createTileSets } from "./tile-sets.js";

/** A commune's latest values keyed by metric. */
export type LatestByMetric = Record<string, { value: number; observedAt: string }>;

function latestByCommune(values: LatestValue[]): Map<string, LatestByMetric> {
  const out = new Map<string, LatestByMetric>();
  for (const v of values) {
    const entry = out.get(v.commune) ?? {};
    entry[v.metric] = { value: v.value, observedAt: new Date(v.observedAt).toISOString() };
    out.set(v.commune, entry);
  }
  return out;
}

function communeSummary(commune: Commune, latest: LatestByMetric | undefined) {
  const { geometry: _geometry, ...rest } = commune;
  return { ...rest, latest: latest ?? {} };
}

/** A boundary's west, south, east, north. */
function bboxOf(commune: Commune): [number, number, number, number] {
  let w = Number.POSITIVE_INFINITY;
  let s = Number.POSITIVE_INFINITY;
  let e = Number.NEGATIVE_INFINITY;
  let n = Number.NEGATIVE_INFINITY;
  for (const ring of commune.geometry.coordinates)
    for (const [x, y] of ring) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  return [w, s, e, n];
}

/** The registry routes. */
export function communesRoutes(
  deps: ApiDeps,
  registry: ReturnType<typeof createRegistryCache>,
  tileSets: ReturnType<typeof createTileSets> = createTileSets(deps.geo),
) {
  const app = new OpenAPIHono();
  // Bounding boxes once per registry load (the cache's entry), not per request: the nation has ~2.5 million vertices.
  const boxes = new WeakMap<object, Array<[number, number, number, number]>>();

  const loadProvince = async (code: string | undefined) => {
    const provinceCode = code ?? deps.defaultProvince;
    const province = await registry.get(provinceCode);
    if (!province) {
      throw problem("province-not-found", { detail: `no registry for province ${provinceCode}` });
    }
    return province;
  };

  app.openapi(communesRoute, async (c) => {
    const { format, province: provinceCode, boundaries } = c.req.valid("query");
    const province = await loadProvince(provinceCode);
    const latest = latestByCommune(await deps.latest.listProvince(province.code));
    const header = { code: province.code, name: province.name, synthetic: province.synthetic };
    if (format === "geojson" && boundaries === "auto" && province.communes.length >= COMMUNE_TILED_FROM) {
      let bboxes = boxes.get(province);
      if (!bboxes) {
        bboxes = province.communes.map(bboxOf);
        boxes.set(province, bboxes);
      }
      const at = bboxes;
      return c.json({
        type: "FeatureCollection",
        province: header,
        tiled: true,
        tilesVersion: tileSets.versionOf(province),
        features: province.communes.map((commune, i) => ({
          type: "Feature",
          id: Number(commune.code),
          bbox: at[i] as [number, number, number, number],
          properties: communeSummary(commune, latest.get(commune.code)),
          geometry: { type: "Point", coordinates: [commune.labelPoint[0], commune.labelPoint[1]] },
        })),
      });
    }
    if (format === "geojson") {
      return c.json({
        type: "FeatureCollection",
        province: header,
        features: province.communes.map((commune) => ({
          type: "Feature",
          id: Number(commune.code),
          properties: communeSummary(commune, latest.get(commune.code)),
          geometry: commune.geometry,
        })),
      });
    }
    return c.json({
      province: header,
      communes: province.communes.map((commune) => communeSummary(commune, latest.get(commune.code))),
    });
  });

  app.openapi(communeRoute, async (c) => {
    const { code } = c.req.valid("param");
    const { province: provinceCode } = c.req.valid("query");
    const province = await loadProvince(provinceCode);
    const commune = province.byCode.get(code);
    if (!commune) {
      throw problem("commune-not-found", { detail: `commune ${code} is not in province ${province.code}` });
    }
    const latest = latestByCommune((await deps.latest.listProvince(province.code)).filter((v) => v.commune === code));
    return c.json({ ...communeSummary(commune, latest.get(code)), geometry: commune.geometry });
  });

  return app;
}
