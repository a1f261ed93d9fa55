/**
 * The provinces' vector tiles, kept per version of their boundaries (their content hash) and
 * shared by the registry and tile routes: a registry reload that changes nothing (the registry
 * cache refreshes every minute) keeps the tiles, their URLs and ETags; a new import makes a new
 * version. Each tile is cut once per version, on its first request, and kept: cutting a whole
 * national set (~17,000 tiles, ~30 s) inside a request would outlast API Gateway's 29 s, so at
 * national scale the import's pre-cut set (`createCommuneTileSet`) is served from S3 behind
 * CloudFront instead (docs/SCALE.md).
 */
import { communeBoundariesVersion, type GeoEngine, type PreparedTile } from "@ioc/geo";
import type { IndexedProvince } from "./registry-cache.js";

/** A province's tiles at one version of its boundaries. */
interface TileSet {
  version: string;
  tile(z: number, x: number, y: number): PreparedTile | undefined;
}

/**
 * The tile sets by province, with their versions. The version (a hash) is always known; cutting
 * tiles needs the geometry engine, which the API Lambda is not given (the Geo function serves tiles).
 */
export function createTileSets(geo?: Pick<GeoEngine, "createCommuneTiles" | "tileEtag">) {
  // By the cached province object: the hash is computed once per registry load, not per request.
  const versions = new WeakMap<IndexedProvince, string>();
  const sets = new Map<string, TileSet>();
  const versionOf = (province: IndexedProvince): string => {
    let version = versions.get(province);
    if (!version) {
      version = communeBoundariesVersion(province.communes);
      versions.set(province, version);
    }
    return version;
  };
  return {
    /** The version of a province's boundaries, for tile URLs that never change. */
    versionOf,
    /** The province's tiles at its current version, kept until a new one. */
    setOf(province: IndexedProvince): TileSet | undefined {
      if (!geo) return undefined;
      const version = versionOf(province);
      let set = sets.get(province.code);
      if (set?.version !== version) {
        const index = geo.createCommuneTiles(province.communes);
        const tagged = new Map<string, PreparedTile | undefined>();
        set = {
          version,
          tile(z, x, y) {
            const key = `${z}/${x}/${y}`;
            if (!tagged.has(key)) {
              const bytes = index.tile(z, x, y);
              tagged.set(key, bytes && { bytes, etag: geo.tileEtag(bytes) });
            }
            return tagged.get(key);
          },
        };
        sets.set(province.code, set);
      }
      return set;
    },
  };
}
