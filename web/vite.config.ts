import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { labelGlyphs } from "./src/glyphs/vite-glyphs.js";

// `npm run dev -w web` proxies the API and the live socket to a running `npm start`.
const backend = process.env.IOC_BACKEND ?? "http://localhost:3000";

export default defineConfig({
  // labelGlyphs: the map's label glyphs, made from a font package and served by the site itself.
  plugins: [solid(), labelGlyphs()],
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      "/v1": backend,
      "/health": backend,
      "/live": { target: backend.replace(/^http/, "ws"), ws: true },
    },
  },
});
