/// <reference lib="dom" />
/**
 * An accessibility check in the page with axe-core (from node_modules, injected as a script tag,
 * so no network): the WCAG 2 A/AA rules, findings of serious or critical impact.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** One axe finding, trimmed for a readable test failure. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

declare global {
  interface Window {
    axe?: {
      run(
        context: Document,
        options: { runOnly: { type: "tag"; values: string[] } },
      ): Promise<{
        violations: Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: unknown[] }> }>;
      }>;
    };
  }
}

/**
 * The serious and critical WCAG 2 A/AA violations on the page as it is now, in a still frame: with
 * reduced motion asked for (as a user may) and every finite animation over. A frame caught
 * mid-pulse made CI flaky: axe measured a colour the row passes through, not one it rests on. The
 * pulse's own colours are chosen to pass (styles.css); what axe judges is the page at rest.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the product's CSP
  // (script-src 'self') rightly refuses inline scripts, and the test must not weaken it.
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(readFileSync(AXE_PATH, "utf8"));
  await page.emulateMedia({ reducedMotion: "reduce" });
  try {
    await page.waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY,
          ),
      null,
      { timeout: 10_000 },
    );
    return await axeViolations(page);
  } finally {
    await page.emulateMedia({ reducedMotion: null });
  }
}

function axeViolations(page: Page): Promise<AxeFinding[]> {
  return page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error("axe-core did not load");
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
  });
}
