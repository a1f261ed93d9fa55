// opentype.js ships no types; the glyph plugin reads only `parse` (see vite-glyphs.ts).
declare module "opentype.js" {
  const opentype: { parse(buffer: ArrayBuffer): unknown };
  export default opentype;
}
