/**
 * Map label glyphs made from a font file at build time, so the map names communes without any
 * font host: each glyph's outline becomes a signed distance field in MapLibre's glyph protobuf
 * (one `{range}.pbf` per 256 code points). Pure JavaScript on purpose: the usual generator
 * (fontnik) is a native module, and npm here runs no install scripts.
 *
 * The numbers are MapLibre's: glyphs drawn at 24 px with a 3 px border, the field spans 8 px on
 * each side of the outline and the outline sits at 0.75 of the byte range (192), as its shader
 * and its own local-glyph path (tiny-sdf) expect.
 */
import { PbfWriter } from "pbf";

/** The size glyphs are drawn at, in pixels (MapLibre's `ONE_EM`). */
export const GLYPH_SIZE = 24;
/** The border around each glyph's bitmap. */
export const GLYPH_BUFFER = 3;
/** How far the distance field reaches, in pixels. */
const RADIUS = 8;
/** Where the outline sits in the field: 0.25 from the top. */
const CUTOFF = 0.25;

/** The part of a parsed font (opentype.js) the generator reads. */
export interface GlyphFont {
  unitsPerEm: number;
  charToGlyph(char: string): {
    index: number;
    advanceWidth?: number;
    getPath(x: number, y: number, fontSize: number): { commands: PathCommand[] };
  };
}

/** One drawing command of a glyph's outline, in pixels with y down (opentype.js's `Path`). */
export type PathCommand =
  | { type: "M" | "L"; x: number; y: number }
  | { type: "Q"; x1: number; y1: number; x: number; y: number }
  | { type: "C"; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: "Z" };

/** A glyph as MapLibre's protobuf holds it. */
export interface SdfGlyph {
  id: number;
  /** (width + 6) × (height + 6) bytes; absent for an empty glyph (a space). */
  bitmap: Uint8Array | undefined;
  width: number;
  height: number;
  left: number;
  /** The glyph's top above the baseline. */
  top: number;
  advance: number;
}

/** The code-point ranges the dashboard's labels need: Latin with every Vietnamese letter, and punctuation. */
export const LABEL_RANGES: ReadonlyArray<readonly [start: number, end: number]> = [
  [0, 255], // Basic Latin, Latin-1
  [256, 511], // Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ) and the start of Extended-B (Ơ ơ Ư ư)
  [512, 767], // the rest of Latin Extended-B
  [768, 1023], // combining marks, for names written decomposed
  [7680, 7935], // Latin Extended Additional: ạ ả ấ … ỹ
  [8192, 8447], // General Punctuation: – — ‘ ’ “ ” …
];

type Segment = [x0: number, y0: number, x1: number, y1: number];

/** The outline as straight segments: curves cut into short chords (a few tenths of a pixel off at most). */
function flatten(commands: PathCommand[]): Segment[] {
  const segments: Segment[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const line = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) segments.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const c of commands) {
    if (c.type === "M") {
      if (x !== startX || y !== startY) line(startX, startY);
      x = startX = c.x;
      y = startY = c.y;
    } else if (c.type === "L") line(c.x, c.y);
    else if (c.type === "Q") {
      const [x0, y0] = [x, y];
      const steps = 8;
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === "C") {
      const [x0, y0] = [x, y];
      const steps = 12;
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        line(
          u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        );
      }
    } else line(startX, startY);
  }
  if (x !== startX || y !== startY) line(startX, startY);
  return segments;
}

/** The distance field of one glyph, or undefined when the font has no glyph for it. */
export function renderGlyph(fonts: readonly GlyphFont[], codePoint: number): SdfGlyph | undefined {
  const char = String.fromCodePoint(codePoint);
  const font = fonts.find((f) => f.charToGlyph(char).index !== 0);
  if (!font) return undefined;
  const glyph = font.charToGlyph(char);
  const advance = Math.round(((glyph.advanceWidth ?? 0) * GLYPH_SIZE) / font.unitsPerEm);
  const segments = flatten(glyph.getPath(0, 0, GLYPH_SIZE).commands);
  if (segments.length === 0) return { id: codePoint, bitmap: undefined, width: 0, height: 0, left: 0, top: 0, advance };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x0, y0, x1, y1] of segments) {
    minX = Math.min(minX, x0, x1);
    maxX = Math.max(maxX, x0, x1);
    minY = Math.min(minY, y0, y1);
    maxY = Math.max(maxY, y0, y1);
  }
  const left = Math.floor(minX);
  const top = Math.ceil(-minY); // y points down in the path: its smallest y is the glyph's top
  const width = Math.ceil(maxX) - left;
  const height = top + Math.ceil(maxY);
  const w = width + 2 * GLYPH_BUFFER;
  const h = height + 2 * GLYPH_BUFFER;
  const bitmap = new Uint8Array(w * h);
  for (let row = 0; row < h; row++) {
    // The pixel's centre in path coordinates.
    const py = row - GLYPH_BUFFER - top + 0.5;
    for (let col = 0; col < w; col++) {
      const px = col + left - GLYPH_BUFFER + 0.5;
      let nearest = Number.POSITIVE_INFINITY;
      let winding = 0;
      for (const [x0, y0, x1, y1] of segments) {
        const dx = x1 - x0;
        const dy = y1 - y0;
        const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)));
        const ex = x0 + t * dx - px;
        const ey = y0 + t * dy - py;
        nearest = Math.min(nearest, ex * ex + ey * ey);
        // Non-zero winding (TrueType fills by it): a crossing of the ray to the right of the pixel.
        if (y0 <= py !== y1 <= py && px < x0 + ((py - y0) / dy) * dx) winding += y1 > y0 ? 1 : -1;
      }
      const distance = Math.sqrt(nearest) * (winding !== 0 ? -1 : 1);
      bitmap[row * w + col] = Math.max(0, Math.min(255, Math.round(255 - 255 * (distance / RADIUS + CUTOFF))));
    }
  }
  return { id: codePoint, bitmap, width, height, left, top, advance };
}

/** One range's protobuf (`glyphs { stacks { name, range, glyphs… } }`), holding every glyph the fonts have in it. */
export function glyphRange(fonts: readonly GlyphFont[], fontstack: string, start: number, end: number): Uint8Array {
  const glyphs: SdfGlyph[] = [];
  for (let cp = start; cp <= end; cp++) {
    const glyph = renderGlyph(fonts, cp);
    if (glyph) glyphs.push(glyph);
  }
  const pbf = new PbfWriter();
  pbf.writeMessage(
    1,
    (_: unknown, out: PbfWriter) => {
      out.writeStringField(1, fontstack);
      out.writeStringField(2, `${start}-${end}`);
      for (const g of glyphs)
        out.writeMessage(
          3,
          (_glyph: unknown, o: PbfWriter) => {
            o.writeVarintField(1, g.id);
            if (g.bitmap) o.writeBytesField(2, g.bitmap);
            o.writeVarintField(3, g.width);
            o.writeVarintField(4, g.height);
            o.writeSVarintField(5, g.left);
            o.writeSVarintField(6, g.top);
            o.writeVarintField(7, g.advance);
          },
          undefined,
        );
    },
    undefined,
  );
  return pbf.finish();
}
