/**
 * A Vite plugin that makes the map's label glyphs from Noto Sans (the `@fontsource/noto-sans`
 * package's Latin, Latin Extended and Vietnamese subsets) and serves them from the dashboard's own
 * origin: emitted into the build as `glyphs/{fontstack}/{start}-{end}.pbf` (so the local runtime
 * and S3/CloudFront serve them beside the page, under the page's `connect-src 'self'`), and
 * answered by the dev server from memory.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Plugin } from "vite";
import { type GlyphFont, glyphRange, LABEL_RANGES } from "./sdf-glyphs.js";

/** The one font stack the map's labels use (`text-font`). */
export const LABEL_FONTSTACK = "Noto Sans Regular";

/** The parsed subsets, the first that has a code point drawing it. */
export async function loadLabelFonts(): Promise<GlyphFont[]> {
  const require = createRequire(import.meta.url);
  // opentype.js is CommonJS: its functions are on the default export.
  const { default: opentype } = await import("opentype.js");
  return ["latin", "latin-ext", "vietnamese"].map((subset) => {
    const file = require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-400-normal.woff`);
    const bytes = readFileSync(file);
    // The font as far as the generator reads it (`GlyphFont`).
    return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as GlyphFont;
  });
}

/** Every range file, keyed by its path under the site's root. */
export async function labelGlyphFiles(): Promise<Map<string, Uint8Array>> {
  const fonts = await loadLabelFonts();
  const files = new Map<string, Uint8Array>();
  for (const [start, end] of LABEL_RANGES)
    files.set(`glyphs/${LABEL_FONTSTACK}/${start}-${end}.pbf`, glyphRange(fonts, LABEL_FONTSTACK, start, end));
  return files;
}

/** The plugin: emits the glyph files at build, serves them in dev. */
export function labelGlyphs(): Plugin {
  let files: Promise<Map<string, Uint8Array>> | undefined;
  const all = () => {
    files ??= labelGlyphFiles();
    return files;
  };
  return {
    name: "ioc-label-glyphs",
    async generateBundle() {
      for (const [fileName, source] of await all()) this.emitFile({ type: "asset", fileName, source });
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const path = decodeURIComponent((req.url ?? "").split("?")[0] ?? "").replace(/^\//, "");
        const file = path.startsWith("glyphs/") ? (await all()).get(path) : undefined;
        if (!file) return next();
        res.setHeader("content-type", "application/x-protobuf");
        res.end(file);
      });
    },
  };
}
