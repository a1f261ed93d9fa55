/**
 * The commune boundaries as Mapbox vector tiles, cut per zoom by geojson-vt and encoded by vt-pbf
 * (both MapLibre's own, so the map draws them exactly as it would its GeoJSON source). A browser
 * then loads only the tiles in view, each simplified for its zoom, instead of every vertex of the
 * registry at once: at national scale that is the difference between parsing ~2.5 million
 * positions and a few dozen small tiles (bench:map).
 */
import type { Commune } from "@ioc/core";
import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";

/** The tiles' one layer (`source-layer` on the map). */
export const COMMUNE_TILE_LAYER = "communes";
/** Beyond this zoom the map overzooms the last tiles: at 12 a pixel is ~30 m, past the import's 10 m simplification. */
export const COMMUNE_TILE_MAX_ZOOM = 12;

/** Options of {@link createCommuneTiles}. */
export interface CommuneTileOptions {
  /** Simplification, in tile units of 4096 (geojson-vt's `tolerance`). Default 3, a pixel of a 512-px tile is 8. */
  tolerance?: number;
}

/** A tile index over a province's communes; tiles are cut on first request and kept. */
export function createCommuneTiles(communes: readonly Commune[], options: CommuneTileOptions = {}) {
  const index = new GeoJSONVT(
    {
      type: "FeatureCollection",
      features: communes.map((c) => ({
        type: "Feature" as const,
        // Only what the map's paint and filters read; names and values come from the API's JSON.
        properties: { code: c.code, border: c.border, mountainous: c.terrain === "mountainous" },
        geometry: c.geometry,
      })),
    },
    { maxZoom: COMMUNE_TILE_MAX_ZOOM, tolerance: options.tolerance ?? 3, buffer: 32, indexMaxZoom: 4 },
  );
  const encoded = new Map<string, Uint8Array | null>();
  return {
    /** The tile's protobuf, or undefined when no commune reaches into it. */
    tile(z: number, x: number, y: number): Uint8Array | undefined {
      if (z < 0 || z > COMMUNE_TILE_MAX_ZOOM || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) return undefined;
      const key = `${z}/${x}/${y}`;
      let bytes = encoded.get(key);
      if (bytes === undefined) {
        const tile = index.getTile(z, x, y);
        bytes =
          tile && tile.features.length > 0
            ? fromGeojsonVt({ [COMMUNE_TILE_LAYER]: tile }, { version: 2, extent: 4096 })
            : null;
        encoded.set(key, bytes);
      }
      return bytes ?? undefined;
    },
  };
}
