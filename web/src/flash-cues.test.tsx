import { describe, expect, it } from "vitest";
import { createFlashCues } from "./flash-cues.js";

describe("flash cues", () => {
  it("fades a cue out over its duration instead of dropping it at once", () => {
    const cues = createFlashCues({ durationMs: 1000, cooldownMs: 0 });
    expect(cues.touch("a", 0)).toBe(true);
    expect(cues.cues(0)).toEqual([{ code: "a", strength: 1 }]);
    expect(cues.cues(500)).toEqual([{ code: "a", strength: 0.5 }]);
    expect(cues.cues(1000)).toEqual([]);
    expect(cues.active(1000)).toBe(false);
  });

  it("lights one commune at most once per cooldown, however often it reports", () => {
    const cues = createFlashCues({ durationMs: 1000, cooldownMs: 5000 });
    expect(cues.touch("a", 0)).toBe(true);
    for (let t = 100; t < 5000; t += 100) expect(cues.touch("a", t)).toBe(false);
    expect(cues.cues(3000)).toEqual([]);
    expect(cues.touch("a", 5000)).toBe(true);
  });

  it("lights at most `max` communes at once in a storm of changes", () => {
    const cues = createFlashCues({ durationMs: 1000, cooldownMs: 2000, max: 3 });
    const started = ["a", "b", "c", "d", "e"].filter((code) => cues.touch(code, 0));
    expect(started).toEqual(["a", "b", "c"]);
    expect(cues.cues(10)).toHaveLength(3);
    // Once those end, room for others.
    expect(cues.touch("d", 1000)).toBe(true);
  });

  it("clears every cue when asked", () => {
    const cues = createFlashCues();
    cues.touch("a", 0);
    cues.clear();
    expect(cues.cues(1)).toEqual([]);
    expect(cues.touch("a", 2)).toBe(true);
  });
});
