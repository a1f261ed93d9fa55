import type { LayerSpecification } from "maplibre-gl";
import { describe, expect, it } from "vitest";
import {
  BASE_STYLE,
  BORDER_LAYER,
  COMMUNE_SOURCE,
  communeLayers,
  DETAIL_ZOOM,
  extendBounds,
  FILL_LAYER,
  FILL_LAYERS,
  FLASH_COLOUR,
  fillColour,
  HIGHLIGHT_LAYER,
  HIGHLIGHT_SOURCE,
  highlightCollection,
  labelPoint,
  MARKED_FILL_LAYER,
  MOUNTAIN_LAYER,
} from "./map-style.js";

const layers = communeLayers();
const byId = (id: string) => layers.find((l) => l.id === id) as LayerSpecification & { source: string };

/** The few expression forms the layer filters use: "any", "!", "==" and "get". */
function evaluate(expression: unknown, properties: Record<string, unknown>): unknown {
  if (!Array.isArray(expression)) return expression;
  const [op, ...args] = expression as [string, ...unknown[]];
  if (op === "get") return properties[args[0] as string];
  if (op === "==") return evaluate(args[0], properties) === evaluate(args[1], properties);
  if (op === "!") return !evaluate(args[0], properties);
  if (op === "any") return args.some((a) => evaluate(a, properties) === true);
  throw new Error(`no evaluator for ${op}`);
}

/** Which layers a commune with these flags is drawn in at `zoom` (filters and zoom ranges). */
function drawnIn(properties: { mountainous: boolean; border: boolean }, zoom: number): string[] {
  return layers
    .filter((l) => "source" in l && l.source === COMMUNE_SOURCE)
    .filter((l) => zoom >= (l.minzoom ?? 0) && zoom < (l.maxzoom ?? 24))
    .filter((l) => !("filter" in l) || !l.filter || evaluate(l.filter, properties) === true)
    .map((l) => l.id);
}

describe("commune layers at national scale (bench:map)", () => {
  it("draws an ordinary commune once, in one fill with no outline, until the detail zoom", () => {
    const plain = { mountainous: false, border: false };
    expect(drawnIn(plain, 5)).toEqual([FILL_LAYER]);
    expect(drawnIn(plain, DETAIL_ZOOM)).toEqual([FILL_LAYER]);
    const antialias = (byId(FILL_LAYER) as { paint: Record<string, unknown> }).paint["fill-antialias"];
    expect(antialias).toEqual(["step", ["zoom"], false, DETAIL_ZOOM, true]);
  });

  it("tells mountainous and border communes apart by outline, then by hatch and dashes from the detail zoom", () => {
    const mountain = { mountainous: true, border: false };
    const border = { mountainous: false, border: true };
    expect(drawnIn(mountain, 5)).toEqual([MARKED_FILL_LAYER]);
    expect(drawnIn(border, 5)).toEqual([MARKED_FILL_LAYER]);
    expect(drawnIn(mountain, DETAIL_ZOOM)).toEqual([MARKED_FILL_LAYER, MOUNTAIN_LAYER]);
    expect(drawnIn(border, DETAIL_ZOOM + 1)).toEqual([MARKED_FILL_LAYER, BORDER_LAYER]);
    expect(drawnIn({ mountainous: true, border: true }, 9)).toEqual([MARKED_FILL_LAYER, MOUNTAIN_LAYER, BORDER_LAYER]);
  });

  it("lets only the fills read feature-state, and keeps dashes and patterns out of the national view", () => {
    for (const layer of layers) {
      const text = JSON.stringify(layer);
      if (!FILL_LAYERS.includes(layer.id)) expect(text, layer.id).not.toContain("feature-state");
      if (text.includes("dasharray") || text.includes("fill-pattern"))
        expect(layer.minzoom, layer.id).toBe(DETAIL_ZOOM);
    }
    // Flash, hover and selection come from the small highlight source, not the national one.
    expect(byId(HIGHLIGHT_LAYER).source).toBe(HIGHLIGHT_SOURCE);
  });

  it("has no background layer: the ground is the container's colour (createBaseMap)", () => {
    expect(BASE_STYLE.layers).toEqual([]);
  });
});

describe("highlightCollection", () => {
  const square = (x: number) => ({
    type: "Polygon" as const,
    coordinates: [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 0],
      ],
    ],
  });
  const geometries = new Map([
    ["10001", square(0)],
    ["10002", square(1)],
    ["10003", square(2)],
  ]);

  it("outlines only the communes concerned, selection over hover over flash, skipping unknown codes", () => {
    const collection = highlightCollection(
      [
        ["10002", "selected"],
        ["10001", "flash"],
        ["99999", "flash"],
        ["10003", "hover"],
        ["10002", "flash"],
      ],
      (code) => geometries.get(code),
    );
    expect(collection.features.map((f) => [f.properties?.code, f.properties?.kind])).toEqual([
      ["10001", "flash"],
      ["10002", "flash"],
      ["10003", "hover"],
      ["10002", "selected"],
    ]);
    expect(collection.features[3]?.geometry).toBe(geometries.get("10002"));
  });
});

describe("labelPoint", () => {
  it("puts a name at the centroid of the largest outer ring", () => {
    const square = (x: number, y: number, s: number) => [
      [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
        [x, y],
      ],
    ];
    expect(labelPoint({ type: "Polygon", coordinates: square(0, 0, 2) })).toEqual([1, 1]);
    expect(labelPoint({ type: "MultiPolygon", coordinates: [square(10, 10, 1), square(0, 0, 4)] })).toEqual([2, 2]);
    expect(labelPoint({ type: "Point", coordinates: [0, 0] })).toBeUndefined();
  });
});

describe("the tiled map's flash and bounds", () => {
  const classes = [
    { from: Number.NEGATIVE_INFINITY, colour: "#fee0b6", label: "a" },
    { from: 50, colour: "#542788", label: "b" },
  ] as unknown as Parameters<typeof fillColour>[0];

  it("darkens a flashing commune towards FLASH_COLOUR by its flash feature-state, only when asked", () => {
    const plain = fillColour(classes);
    expect(JSON.stringify(plain)).not.toContain("flash");
    const flashing = fillColour(classes, true) as unknown[];
    expect(flashing[0]).toBe("interpolate");
    expect(JSON.stringify(flashing[2])).toContain('["feature-state","flash"]');
    // At 0 the commune's own colour (the plain expression), at 1 the flash colour.
    expect(flashing[4]).toEqual(plain);
    expect(flashing.slice(5)).toEqual([1, FLASH_COLOUR]);
  });

  it("extends bounds by a tiled commune's box, or by a province commune's outer ring", () => {
    const points: Array<[number, number]> = [];
    const bounds = { extend: (p: [number, number]) => points.push(p) };
    extendBounds(bounds, { bbox: [105, 20, 106, 21], geometry: { type: "Point", coordinates: [105.5, 20.5] } });
    expect(points).toEqual([
      [105, 20],
      [106, 21],
    ]);
    points.length = 0;
    extendBounds(bounds, {
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [1, 2],
            [3, 4],
            [1, 2],
          ],
        ],
      },
    });
    expect(points).toEqual([
      [1, 2],
      [3, 4],
      [1, 2],
    ]);
  });
});
