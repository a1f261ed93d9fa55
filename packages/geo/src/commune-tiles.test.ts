import { generateDemoProvince } from "@ioc/core";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { describe, expect, it } from "vitest";
import {
  COMMUNE_TILE_LAYER,
  COMMUNE_TILE_MAX_ZOOM,
  communeBoundariesVersion,
  createCommuneTileSet,
  createCommuneTiles,
} from "./commune-tiles.js";

/** The tile at (z, x, y) holding the point [lng, lat]. */
function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [z, x, y];
}

describe("commune vector tiles", () => {
  const province = generateDemoProvince();
  const tiles = createCommuneTiles(province.communes);

  it("holds every commune at the province's zoom, with the code, border and terrain the map reads", () => {
    const first = province.communes[0];
    if (!first) throw new Error("empty demo province");
    const bytes = tiles.tile(...tileOf(first.labelPoint[0], first.labelPoint[1], 6));
    if (!bytes) throw new Error("no tile");
    const layer = new VectorTile(new PbfReader(bytes)).layers[COMMUNE_TILE_LAYER];
    if (!layer) throw new Error("no layer");
    const codes = new Set<string>();
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      codes.add(String(feature.properties.code));
      expect(feature.type).toBe(3);
      expect(typeof feature.properties.mountainous).toBe("boolean");
    }
    expect(codes.has(first.code)).toBe(true);
  });

  it("answers nothing for tiles out of range or with no commune in them", () => {
    expect(tiles.tile(6, 0, 0)).toBeUndefined();
    expect(tiles.tile(3, 8, 0)).toBeUndefined();
    expect(tiles.tile(13, 0, 0)).toBeUndefined();
  });

  it("cuts a tile once and keeps it", () => {
    const at = tileOf(province.communes[0]?.labelPoint[0] ?? 0, province.communes[0]?.labelPoint[1] ?? 0, 8);
    expect(tiles.tile(...at)).toBe(tiles.tile(...at));
  });
});

describe("commune tile set (cut once, at import)", () => {
  const province = generateDemoProvince();
  const set = createCommuneTileSet(province.communes);
  const lazy = createCommuneTiles(province.communes);

  it("holds, before any request, every tile the lazy index cuts, byte for byte", () => {
    expect(set.count).toBeGreaterThan(10);
    // Every 20th tile: cutting them all again is the slow part of this test.
    let index = 0;
    for (const [key, prepared] of set.entries()) {
      if (index++ % 20 !== 0) continue;
      const [z, x, y] = key.split("/").map(Number) as [number, number, number];
      expect(prepared.bytes).toEqual(lazy.tile(z, x, y));
    }
    // The province's own tile at every zoom down to the last.
    const first = province.communes[0];
    if (!first) throw new Error("empty demo province");
    for (let z = 0; z <= COMMUNE_TILE_MAX_ZOOM; z++) {
      const [tz, tx, ty] = tileOf(first.labelPoint[0], first.labelPoint[1], z);
      if (lazy.tile(tz, tx, ty)) expect(set.tile(tz, tx, ty)).toBeDefined();
    }
    expect(set.tile(6, 0, 0)).toBeUndefined();
  }, 60_000);

  it("tags each tile by its content and versions the boundaries", () => {
    const again = createCommuneTileSet(province.communes);
    expect(again.version).toBe(set.version);
    for (const [key, prepared] of set.entries()) {
      expect(prepared.etag).toMatch(/^"[0-9a-f]{16}"$/);
      const [z, x, y] = key.split("/").map(Number) as [number, number, number];
      expect(again.tile(z, x, y)?.etag).toBe(prepared.etag);
    }
    const [first, ...rest] = province.communes;
    if (!first) throw new Error("empty demo province");
    const ring = first.geometry.coordinates[0] ?? [];
    const moved = {
      ...first,
      geometry: {
        ...first.geometry,
        coordinates: [ring.map(([x, y], i) => (i === 1 ? [x + 0.001, y] : [x, y]) as [number, number])],
      },
    };
    expect(communeBoundariesVersion([moved, ...rest])).not.toBe(set.version);
  }, 60_000);
});
