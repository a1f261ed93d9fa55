import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..");
/** Where the dashboard is built. */
export const WEB_DIST = join(ROOT, "web/dist");

/** Builds the dashboard unless a build newer than every source file exists. */
export function ensureWebBuild(): string {
  const index = join(WEB_DIST, "index.html");
  if (!existsSync(index) || process.env.CI === "true" || isStale(statSync(index).mtimeMs)) {
    execFileSync("npm", ["run", "build", "-w", "web"], { cwd: ROOT, stdio: "pipe" });
  }
  return WEB_DIST;
}

function isStale(builtAt: number): boolean {
  const output = execFileSync(
    "find",
    [
      "web/src",
      "packages/core/src",
      "packages/client/src",
      "web/index.html",
      "-newermt",
      `@${Math.floor(builtAt / 1000)}`,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  return output.trim().length > 0;
}
