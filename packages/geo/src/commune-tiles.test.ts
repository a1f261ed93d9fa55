import { generateDemoProvince } from "@ioc/core";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { describe, expect, it } from "vitest";
import { COMMUNE_TILE_LAYER, createCommuneTiles } from "./commune-tiles.js";

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
