import { type PolygonRings, type Position, pointInRing } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { labelPoint } from "./label-point.js";

const at = (x: number, y: number): Position => [108 + x / 10, 15 + y / 10];

describe("labelPoint", () => {
  it("puts the label inside a U-shaped commune, where the centroid would fall outside", () => {
    // A U: 3 × 3 with a 1 × 2 notch from the top. Its centroid (1.5, 1.36) lies in the notch.
    const u: PolygonRings = [
      [at(0, 0), at(3, 0), at(3, 3), at(2, 3), at(2, 1), at(1, 1), at(1, 3), at(0, 3), at(0, 0)],
    ];
    const label = labelPoint(u);
    expect(pointInRing(label, u[0] as Position[])).toBe(true);
    expect(pointInRing(at(1.5, 1.36), u[0] as Position[])).toBe(false);
  });

  it("keeps out of holes", () => {
    const withHole: PolygonRings = [
      [at(0, 0), at(4, 0), at(4, 4), at(0, 4), at(0, 0)],
      [at(1, 1), at(1, 3), at(3, 3), at(3, 1), at(1, 1)],
    ];
    const label = labelPoint(withHole);
    expect(pointInRing(label, withHole[0] as Position[])).toBe(true);
    expect(pointInRing(label, withHole[1] as Position[])).toBe(false);
  });
});
