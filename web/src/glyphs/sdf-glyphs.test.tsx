/** @vitest-environment node */
import { PbfReader } from "pbf";
import { beforeAll, describe, expect, it } from "vitest";
import { GLYPH_BUFFER, type GlyphFont, glyphRange, LABEL_RANGES, renderGlyph } from "./sdf-glyphs.js";
import { LABEL_FONTSTACK, loadLabelFonts } from "./vite-glyphs.js";

// Every letter Vietnamese writes, lower and upper case (the 29 letters with their five tones).
const VIETNAMESE = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";

let fonts: GlyphFont[];
beforeAll(async () => {
  fonts = await loadLabelFonts();
});

describe("label glyphs", () => {
  it("has a glyph for every Vietnamese letter, in the ranges served", () => {
    const letters = [...VIETNAMESE, ...VIETNAMESE.toUpperCase()];
    for (const letter of letters) {
      const cp = letter.codePointAt(0) as number;
      expect(
        LABEL_RANGES.some(([start, end]) => cp >= start && cp <= end),
        letter,
      ).toBe(true);
      const glyph = renderGlyph(fonts, cp);
      expect(glyph?.bitmap, letter).toBeDefined();
    }
  });

  it("draws a distance field: the outline at 192, ink above it, ground below", () => {
    const glyph = renderGlyph(fonts, "ữ".codePointAt(0) as number);
    if (!glyph?.bitmap) throw new Error("no glyph");
    const w = glyph.width + 2 * GLYPH_BUFFER;
    const h = glyph.height + 2 * GLYPH_BUFFER;
    expect(glyph.bitmap.length).toBe(w * h);
    // At 24 px a lower-case letter with a hook and a tilde stands about 17 px tall, 12 px wide.
    expect(glyph.height).toBeGreaterThan(14);
    expect(glyph.width).toBeGreaterThan(8);
    expect(glyph.top).toBeGreaterThan(glyph.height - 3);
    expect(glyph.advance).toBeGreaterThan(10);
    // A corner is far outside; some pixels are ink.
    expect(glyph.bitmap[0]).toBeLessThan(120);
    expect(Math.max(...glyph.bitmap)).toBeGreaterThan(192);
    // A space has an advance and no bitmap.
    const space = renderGlyph(fonts, 32);
    expect(space?.bitmap).toBeUndefined();
    expect(space?.advance).toBeGreaterThan(3);
  });

  it("writes MapLibre's glyph protobuf: the stack's name, its range and each glyph's id", () => {
    const bytes = glyphRange(fonts, LABEL_FONTSTACK, 7680, 7935);
    const stack: { name?: string; range?: string; ids: number[] } = { ids: [] };
    const reader = new PbfReader(bytes);
    reader.readFields((tag, _: unknown, pbf) => {
      if (tag !== 1) return;
      pbf.readMessage((t, _s: unknown, p) => {
        if (t === 1) stack.name = p.readString();
        else if (t === 2) stack.range = p.readString();
        else if (t === 3)
          // Fields left unread are skipped by the reader.
          p.readMessage((field, _g: unknown, q) => {
            if (field === 1) stack.ids.push(q.readVarint());
          }, undefined);
      }, undefined);
    }, undefined);
    expect(stack.name).toBe("Noto Sans Regular");
    expect(stack.range).toBe("7680-7935");
    expect(stack.ids).toContain("ữ".codePointAt(0));
    expect(stack.ids).toContain("Ỹ".codePointAt(0));
  });
});
