/**
 * Core's schemas are zod/mini ones, which word no message until a locale is set (classic zod sets
 * English on its first schema). This file imports no classic zod, as a Lambda bundling only
 * zod/mini does not: the messages must still be English.
 */
import { describe, expect, it } from "vitest";
import { readingInputSchema } from "./readings.js";

describe("zod messages with zod/mini alone", () => {
  it("are English, as classic zod words them", () => {
    const parsed = readingInputSchema.safeParse({ id: "", commune: "1", metric: "m", value: 1, observedAt: "x" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "id: Too small: expected string to have >=1 characters",
      "commune: a 5-digit commune code",
      "observedAt: Invalid ISO datetime",
    ]);
  });
});
