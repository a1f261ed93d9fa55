/**
 * The resume buffer: bounded by count and by age, and never answering with a partial run.
 */
import { describe, expect, it } from "vitest";
import { ReplayBuffer } from "./replay-buffer.js";

function filled(count: number, options: { capacity?: number; maxAgeMs?: number } = {}) {
  let now = 0;
  const buffer = new ReplayBuffer({
    capacity: options.capacity ?? 5,
    maxAgeMs: options.maxAgeMs ?? 60_000,
    clock: () => now,
  });
  for (let seq = 1; seq <= count; seq++) {
    buffer.push(seq, `m${seq}`);
    now += 1_000;
  }
  return { buffer, advance: (ms: number) => (now += ms) };
}

describe("ReplayBuffer", () => {
  it("replays everything after a seq it still holds, oldest first", () => {
    const { buffer } = filled(4);
    expect(buffer.framesAfter(0, 4)).toEqual(["m1", "m2", "m3", "m4"]);
    expect(buffer.framesAfter(2, 4)).toEqual(["m3", "m4"]);
    expect(buffer.framesAfter(4, 4)).toEqual([]);
  });

  it("keeps at most `capacity` frames and refuses a gap older than them", () => {
    const { buffer } = filled(12);
    expect(buffer.size).toBe(5);
    expect(buffer.framesAfter(7, 12)).toEqual(["m8", "m9", "m10", "m11", "m12"]);
    expect(buffer.framesAfter(6, 12)).toBeUndefined();
    expect(buffer.framesAfter(0, 12)).toBeUndefined();
  });

  it("drops frames older than `maxAgeMs`, so a long absence means a snapshot", () => {
    const { buffer, advance } = filled(3, { maxAgeMs: 10_000 });
    // Pushed at t = 0, 1 s, 2 s; now t = 3 s.
    advance(7_500);
    expect(buffer.framesAfter(0, 3)).toBeUndefined();
    expect(buffer.framesAfter(1, 3)).toEqual(["m2", "m3"]);
    advance(10_000);
    expect(buffer.size).toBe(0);
    expect(buffer.framesAfter(2, 3)).toBeUndefined();
    // Nothing missed is still nothing to replay.
    expect(buffer.framesAfter(3, 3)).toEqual([]);
    buffer.push(4, "m4");
    expect(buffer.framesAfter(3, 4)).toEqual(["m4"]);
  });

  it("refuses a seq ahead of what it holds, and a push that would leave a hole", () => {
    const { buffer } = filled(3);
    expect(buffer.framesAfter(9, 3)).toBeUndefined();
    expect(() => buffer.push(5, "m5")).toThrow(RangeError);
    expect(() => new ReplayBuffer({ capacity: 0, maxAgeMs: 1, clock: Date.now })).toThrow(RangeError);
  });
});
