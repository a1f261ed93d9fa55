import solid from "vite-plugin-solid";
import { defineProject } from "vitest/config";

/** Component tests of the dashboard: Solid compiled for the browser, rendered into jsdom. */
export default defineProject({
  plugins: [solid()],
  resolve: { conditions: ["development", "browser"] },
  test: { name: "web", environment: "jsdom", include: ["src/**/*.test.tsx"] },
});
