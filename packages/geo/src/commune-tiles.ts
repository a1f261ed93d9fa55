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

/** A tile index over a province's communes; tiles are cut on first request and kept (tests, small registries). */
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
  const encode = (tile: ReturnType<typeof index.getTile>) =>
    tile && tile.features.length > 0
      ? fromGeojsonVt({ [COMMUNE_TILE_LAYER]: tile }, { version: 2, extent: 4096 })
      : null;
  return {
    /**
     * Cuts one tile without keeping it: whether any commune reaches into it (the tile set walks
     * on below), and its protobuf when something is left to draw at this zoom.
     */
    cut(z: number, x: number, y: number): { reaches: boolean; encoded: Uint8Array | undefined } {
      const tile = index.getTile(z, x, y);
      return { reaches: (tile?.numFeatures ?? 0) > 0, encoded: encode(tile) ?? undefined };
    },
    /** The tile's protobuf, or undefined when no commune reaches into it. */
    tile(z: number, x: number, y: number): Uint8Array | undefined {
      if (z < 0 || z > COMMUNE_TILE_MAX_ZOOM || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) return undefined;
      const key = `${z}/${x}/${y}`;
      let bytes = encoded.get(key);
      if (bytes === undefined) {
        bytes = encode(index.getTile(z, x, y));
        encoded.set(key, bytes);
      }
      return bytes ?? undefined;
    },
  };
}

/** One pre-cut tile: its protobuf and a strong validator of its content. */
export interface PreparedTile {
  bytes: Uint8Array;
  /** A quoted strong ETag, the content's hash: equal bytes, equal tag, across processes. */
  etag: string;
}

/** 64 bits of FNV-1a (two 32-bit lanes with different offsets) as hex: a content hash without a crypto dependency. */
function fnv64(update: (feed: (byte: number) => void) => void): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  update((byte) => {
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x01000193) ^ (b >>> 15);
  });
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** A tile's strong ETag (quoted), its content's hash. */
export function tileEtag(bytes: Uint8Array): string {
  return `"${fnv64((feed) => {
    for (const byte of bytes) feed(byte);
  })}"`;
}

/** A content hash of the boundaries (codes, flags and every vertex at 1e-7°): the tile set's version. */
export function communeBoundariesVersion(communes: readonly Commune[]): string {
  return fnv64((feed) => {
    const feedNumber = (n: number) => {
      const v = Math.round(n * 1e7) | 0;
      feed(v & 255);
      feed((v >>> 8) & 255);
      feed((v >>> 16) & 255);
      feed(v >>> 24);
    };
    for (const c of communes) {
      for (let i = 0; i < c.code.length; i++) feed(c.code.charCodeAt(i));
      feed(c.border ? 1 : 0);
      feed(c.terrain === "mountainous" ? 1 : 0);
      for (const ring of c.geometry.coordinates) {
        feed(255);
        for (const [x, y] of ring) {
          feedNumber(x);
          feedNumber(y);
        }
      }
    }
  });
}

/**
 * Every tile of the communes, cut and encoded once, up to `COMMUNE_TILE_MAX_ZOOM`, each with its
 * ETag: what an import produces (and the API keeps per registry version), so no request cuts a
 * tile. Walks down from the world tile only where communes are, and keeps only tiles that draw
 * something. The national registry at real density: ~17,000 tiles, ~6 MiB (bench:map).
 */
export function createCommuneTileSet(communes: readonly Commune[], options: CommuneTileOptions = {}) {
  const index = createCommuneTiles(communes, options);
  const tiles = new Map<string, PreparedTile>();
  let bytes = 0;
  const walk = (z: number, x: number, y: number): void => {
    // An empty tile (communes simplified away at this zoom) may still have communes below it.
    const { reaches, encoded } = index.cut(z, x, y);
    if (!reaches) return;
    if (encoded) {
      tiles.set(`${z}/${x}/${y}`, { bytes: encoded, etag: tileEtag(encoded) });
      bytes += encoded.length;
    }
    if (z < COMMUNE_TILE_MAX_ZOOM)
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const)
        walk(z + 1, 2 * x + dx, 2 * y + dy);
  };
  walk(0, 0, 0);
  return {
    /** The boundaries' content hash: a new import of the same boundaries keeps every URL and tag. */
    version: communeBoundariesVersion(communes),
    /** How many tiles, and their bytes in all. */
    count: tiles.size,
    bytes,
    /** The tile at (z, x, y), or undefined when nothing is drawn there. */
    tile(z: number, x: number, y: number): PreparedTile | undefined {
      return tiles.get(`${z}/${x}/${y}`);
    },
    /** Every tile as `z/x/y` with its content: what an import writes to files or an S3 bucket. */
    entries(): IterableIterator<[string, PreparedTile]> {
      return tiles.entries();
    },
  };
}
