import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// `npm run dev -w web` proxies the API and the live socket to a running `npm start`.
const backend = process.env.IOC_BACKEND ?? "http://localhost:3000";

export default defineConfig({
  plugins: [solid()],
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      "/v1": backend,
      "/health": backend,
      "/live": { target: backend.replace(/^http/, "ws"), ws: true },
    },
  },
});
