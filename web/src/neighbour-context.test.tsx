import { describe, expect, it } from "vitest";
import { fitLabelPoint, type LabelFrame, labelReach } from "./neighbour-context.js";

// A 1000×600 map showing a province whose box is 100..900 × 40..560 (40 px of padding).
const frame: LabelFrame = {
  view: { left: 0, top: 0, right: 1000, bottom: 600 },
  home: { left: 100, top: 40, right: 900, bottom: 560 },
  avoid: [],
};
const centre = { x: 500, y: 300 };
const reach = { x: 50, up: 24, down: 8 };

describe("neighbour names on screen", () => {
  it("leaves a name that already fits where the API put it", () => {
    expect(fitLabelPoint({ x: 50, y: 300 }, centre, reach, frame)).toEqual({ x: 50, y: 300 });
  });

  it("moves a name above the map down toward the province until all of it is on screen", () => {
    const at = fitLabelPoint({ x: 600, y: -60 }, centre, reach, frame);
    expect(at).toBeDefined();
    expect((at?.y ?? 0) - reach.up).toBeGreaterThanOrEqual(0);
    // Still in the band above the province's box, not over its middle.
    expect((at?.y ?? 0) - reach.up).toBeLessThanOrEqual(frame.home.top);
    // On the line from the middle: the name stays on its own side.
    expect(((at?.x ?? 0) - centre.x) / ((at?.y ?? 0) - centre.y)).toBeCloseTo((600 - 500) / (-60 - 300), 1);
  });

  it("keeps a name clear of what lies over the map", () => {
    // A name below the map's bottom edge, beside the legend in the corner.
    const legend = { left: 0, top: 450, right: 100, bottom: 600 };
    const home = { left: 150, top: 40, right: 900, bottom: 540 };
    const at = fitLabelPoint({ x: 120, y: 590 }, centre, reach, { ...frame, home, avoid: [legend] });
    if (!at) throw new Error("no place found");
    expect(at.x - reach.x >= legend.right || at.y + reach.down <= legend.top).toBe(true);
    expect(at.y + reach.down).toBeLessThanOrEqual(frame.view.bottom);
  });

  it("draws no name where it would lie mostly over the province (the names are under the communes)", () => {
    const tight = { ...frame, home: { left: 0, top: 0, right: 1000, bottom: 600 } };
    expect(fitLabelPoint({ x: 500, y: -80 }, centre, reach, tight)).toBeUndefined();
  });

  it("gives long names two lines' room and short ones one", () => {
    expect(labelReach("Nước láng giềng")).toEqual({ x: 54, up: 34, down: 8 });
    const short = labelReach("Tỉnh An Hải");
    expect(short.up).toBe(24);
    expect(short.x).toBeGreaterThan(40);
  });
});
