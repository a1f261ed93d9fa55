import { describe, expect, it } from "vitest";
import { MOTION_FLOOR, nextRatio } from "./motion-resolution.js";

describe("motion resolution", () => {
  it("lowers the resolution while frames are slower than 20 fps, down to the floor and no further", () => {
    let share = 1;
    const seen: number[] = [];
    for (let k = 0; k < 8; k++) {
      share = nextRatio(share, 80);
      seen.push(share);
    }
    expect(seen).toEqual([0.9, 0.8, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6]);
    expect(Math.min(...seen)).toBe(MOTION_FLOOR);
  });

  it("holds a resolution that keeps 20 fps, and rises back only with room to spare", () => {
    expect(nextRatio(0.7, 45)).toBe(0.7);
    expect(nextRatio(0.7, 50)).toBe(0.7);
    expect(nextRatio(0.7, 24)).toBe(0.8);
    expect(nextRatio(1, 16)).toBe(1);
  });
});
