/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What "nothing overlaps, nothing is clipped" means on a dashboard screen, measured in the page:
 * the main regions do not intersect, none scrolls sideways or pokes out of the window, and no
 * visible button, select or KPI card is covered by another element or lies off screen.
 */
import type { Page } from "playwright-core";

/** One finding; an empty list is a clean screen. */
export type LayoutProblem = string;

/** A region of the screen, by CSS selector, that must not intersect the others. */
export interface LayoutSpec {
  regions: string[];
  /** Elements that must be entirely inside the window (e.g. every KPI card on the wall). */
  inViewport?: string[];
}

/** Runs the checks in the page and returns what is wrong, as readable sentences. */
export async function layoutProblems(page: Page, spec: LayoutSpec): Promise<LayoutProblem[]> {
  return page.evaluate((s) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return style.display !== "none" && style.visibility !== "hidden" && r.width > 0 && r.height > 0;
    };
    const name = (el: Element) => {
      const id = el.getAttribute("data-testid");
      const text = (el.textContent ?? "").trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""} "${text}"`;
    };
    const overlap = (a: DOMRect, b: DOMRect) =>
      Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
      Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

    if (document.documentElement.scrollWidth > vw + 1)
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);

    const regions = s.regions.flatMap((sel) =>
      [...document.querySelectorAll(sel)].filter((el) => visible(el) && !el.closest("[inert]")),
    );
    for (const el of regions) {
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > vw + 1) problems.push(`${name(el)} pokes out of the window: ${r.left}–${r.right}`);
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} is clipped sideways: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    for (let i = 0; i < regions.length; i++)
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i] as Element;
        const b = regions[j] as Element;
        if (a.contains(b) || b.contains(a)) continue;
        const area = overlap(a.getBoundingClientRect(), b.getBoundingClientRect());
        if (area > 1) problems.push(`${name(a)} overlaps ${name(b)} by ${Math.round(area)} px²`);
      }

    // Controls and cards: not covered where they are on screen, and not pushed off it sideways.
    // Controls under an inert layer (the room beneath the planning view) are out of reach by design.
    // Markers on the map (alert pins) are map content: they pan with the map and may pass under
    // its overlays (legend, panels) as the communes themselves do.
    const controls = [...document.querySelectorAll("button, select, input, [data-testid=kpi]")].filter(
      (el) => visible(el) && !el.closest("[inert]") && !el.closest(".maplibregl-marker"),
    );
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > vw + 1) problems.push(`${name(el)} is off screen sideways: ${r.left}–${r.right}`);
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(r.height / 2, 8);
      if (x < 0 || x > vw || y < 0 || y > vh) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el))
        problems.push(`${name(el)} is covered by ${name(hit)}`);
    }
    const cards = [...document.querySelectorAll("[data-testid=kpi]")].filter(visible);
    for (let i = 0; i < cards.length; i++)
      for (let j = i + 1; j < cards.length; j++) {
        const area = overlap(
          (cards[i] as Element).getBoundingClientRect(),
          (cards[j] as Element).getBoundingClientRect(),
        );
        if (area > 1) problems.push(`${name(cards[i] as Element)} overlaps ${name(cards[j] as Element)}`);
      }
    for (const sel of s.inViewport ?? [])
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (!visible(el) || r.top < -1 || r.bottom > vh + 1 || r.left < -1 || r.right > vw + 1)
          problems.push(`${name(el)} is not entirely on screen: ${Math.round(r.top)}–${Math.round(r.bottom)} of ${vh}`);
      }
    return problems;
  }, spec);
}

/** The box of the first element matching `selector`, or undefined when there is none on show. */
export async function box(
  page: Page,
  selector: string,
): Promise<{ top: number; bottom: number; left: number; right: number; width: number; height: number } | undefined> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el || getComputedStyle(el).display === "none") return undefined;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return undefined;
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  }, selector);
}
