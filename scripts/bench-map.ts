/**
 * `npm run bench:map`: the dashboard's map at national scale, in headless Chromium (software GL).
 *  1. Builds the web app (unless a fresh build exists) and measures its production JavaScript:
 *     every emitted chunk gzipped, and the part that is not MapLibre, attributed through the
 *     source maps (the bytes each mapping segment generates, by source file) and gzipped alone.
 *  2. Serves that build to Chromium with the API and the live socket answered in-process
 *     (Playwright routes), with a registry of 3,321 communes: codes and names from
 *     ../shared/data/admin-2025/merges.json when present, generated otherwise; polygons from
 *     `generateBoundaryFile` at 33–65 vertices a commune (an API serves simplified outlines).
 *     Baseline in the same run: the 121-commune demo size through the same path.
 *  3. Times the first full render after the data arrived (the GeoJSON answer handed over → the
 *     map idle with every commune coloured), then the frame rate (requestAnimationFrame) while
 *     50 live updates a second arrive over the socket for 5 s.
 *     Beside the frame rate, the browser's CPU time per frame (renderer, GPU process with its
 *     software GL, all of Chromium's processes): on a machine shared with other work the frame
 *     rate follows the load, the CPU a frame costs much less so.
 * Goals: ≤ 1.5 s, ≥ 20 fps, ≤ 350 KB. Ends with one `BENCH map {…}` line.
 *
 * Diagnostics (environment): BENCH_UPDATES=n live updates a second instead of 50 (0: idle);
 * BENCH_REPAINT=1 forces a repaint every frame (the renderer's own ceiling, without updates);
 * BENCH_HIDE=layer,layer hides map layers before the frame-rate window.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { METRICS } from "@ioc/core";
import { generateBoundaryFile, parseLegacyMapping } from "@ioc/geo";
import type { Page } from "playwright-core";
import { chromiumPath, launchBrowser } from "../e2e/browser.js";
import { ensureWebBuild } from "../e2e/web-build.js";
import { storeLine } from "./bench-store.js";

const ROOT = resolve(import.meta.dirname, "..");
const MERGES = resolve(ROOT, "../shared/data/admin-2025/merges.json");
const NATIONAL = 3321;
const BASELINE = 121;
const METRIC = "net.coverage_4g";
const UPDATES_PER_SECOND = Number(process.env.BENCH_UPDATES ?? 50);
const FPS_WINDOW_MS = 5000;
const GOALS = { renderMs: 1500, fps: 20, jsKiB: 350 };
const ORIGIN = "http://bench.ioc.local";

// ---- 1. JavaScript size ---------------------------------------------------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes one line of source-map mappings into [generatedColumn, sourceIndex | -1] segments. */
function decodeLine(line: string, state: { source: number }): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let column = 0;
  for (const segment of line.split(",")) {
    if (!segment) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0] ?? 0;
    if (fields.length >= 4) {
      state.source += fields[1] ?? 0;
      out.push([column, state.source]);
    } else out.push([column, -1]);
  }
  return out;
}

/** The chunk's text split into what MapLibre generated and the rest, by its source map. */
function splitByMap(code: string, map: { sources: string[]; mappings: string }): { maplibre: string; rest: string } {
  const isMaplibre = map.sources.map((s) => s.includes("node_modules/maplibre-gl/"));
  const lines = code.split("\n");
  const mapLines = map.mappings.split(";");
  const state = { source: 0 };
  const maplibre: string[] = [];
  const rest: string[] = [];
  lines.forEach((line, k) => {
    const segments = decodeLine(mapLines[k] ?? "", state);
    let cursor = 0;
    let owner = false; // text before the first segment (wrappers) counts as the app's
    for (const [column, source] of segments) {
      (owner ? maplibre : rest).push(line.slice(cursor, column));
      cursor = column;
      owner = source >= 0 && Boolean(isMaplibre[source]);
    }
    (owner ? maplibre : rest).push(`${line.slice(cursor)}\n`);
  });
  return { maplibre: maplibre.join(""), rest: rest.join("") };
}

function measureJs(dist: string) {
  const assets = join(dist, "assets");
  const chunks: Array<{ file: string; bytes: number; gzip: number; beyondMaplibreGzip: number }> = [];
  for (const file of readdirSync(assets).filter((f) => /\.m?js$/.test(f))) {
    const code = readFileSync(join(assets, file), "utf8");
    const gzip = gzipSync(code, { level: 9 }).length;
    let beyond: number;
    if (existsSync(join(assets, `${file}.map`))) {
      const map = JSON.parse(readFileSync(join(assets, `${file}.map`), "utf8")) as {
        sources: string[];
        mappings: string;
      };
      beyond = gzipSync(splitByMap(code, map).rest, { level: 9 }).length;
    } else {
      // Maps are emitted for every chunk but MapLibre's worker, which is MapLibre alone.
      beyond = file.startsWith("maplibre-gl") ? 0 : gzip;
    }
    chunks.push({ file, bytes: code.length, gzip, beyondMaplibreGzip: beyond });
  }
  return {
    chunks,
    totalGzipKiB: chunks.reduce((s, c) => s + c.gzip, 0) / 1024,
    beyondMaplibreGzipKiB: chunks.reduce((s, c) => s + c.beyondMaplibreGzip, 0) / 1024,
  };
}

// ---- 2. The browser's CPU time ----------------------------------------------------------------

/** CPU time (user + system, ms) used so far by this process's descendants: Chromium's processes. */
function browserCpuMs(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may hold spaces: state, ppid, …, utime (12th), stime.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
  }
  ours.delete(process.pid);
  // Linux reports clock ticks of 10 ms.
  return [...ours].reduce((sum, pid) => sum + (ticks.get(pid) ?? 0), 0) * 10;
}

// ---- 3. The registry and an in-process API ----------------------------------------------------

function registry(count: number) {
  let units: Array<{ code: string; name: string; provinceCode: string }> | undefined;
  if (existsSync(MERGES)) {
    const parsed = parseLegacyMapping(readFileSync(MERGES, "utf8"));
    if (parsed.ok) units = parsed.mapping.newCommunes.slice(0, count);
  }
  const boundaries = generateBoundaryFile({ count, units, edgeDepth: [3, 4], decimals: 5 });
  const observedAt = new Date().toISOString();
  const terrains = ["mountainous", "midland", "delta", "coastal"] as const;
  const features = boundaries.features.map((f, id) => {
    const ring = f.geometry.coordinates[0] ?? [];
    const [lng, lat] = ring.reduce(
      ([x, y], p) => [x + (p[0] ?? 0) / ring.length, y + (p[1] ?? 0) / ring.length],
      [0, 0],
    );
    return {
      type: "Feature" as const,
      id,
      properties: {
        code: String(f.properties.code),
        name: String(f.properties.name),
        kind: "xa",
        provinceCode: String(f.properties.province_code),
        population: 8000 + ((id * 7919) % 20000),
        households: 2000 + ((id * 31) % 5000),
        areaKm2: 40,
        terrain: terrains[id % terrains.length],
        border: id % 23 === 0,
        extremelyDisadvantaged: false,
        labelPoint: [lng, lat],
        latest: { [METRIC]: { value: (id * 37) % 100, observedAt } },
      },
      geometry: f.geometry,
    };
  });
  return {
    usedMerges: Boolean(units),
    vertices: features.reduce((s, f) => s + (f.geometry.coordinates[0]?.length ?? 0), 0),
    body: JSON.stringify({
      type: "FeatureCollection",
      province: { code: "00", name: "Toàn quốc (mô phỏng)", synthetic: true },
      features,
    }),
    codes: features.map((f) => f.properties.code),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
};

interface Run {
  communes: number;
  renderMs: number;
  fps: number;
  /** The browser's CPU time per frame in the frame-rate window; undefined where /proc is absent. */
  cpuMsPerFrame: number | undefined;
  updatesApplied: number;
}

async function runOnce(
  page: Page,
  dist: string,
  count: number,
): Promise<Run & { usedMerges: boolean; vertices: number }> {
  const data = registry(count);
  let fulfilledAt = 0;
  let sendLive: ((message: string) => void) | undefined;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const json = (body: unknown) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    if (url.pathname === "/v1/communes" && url.searchParams.get("format") === "geojson") {
      fulfilledAt = Date.now();
      return route.fulfill({ status: 200, contentType: "application/json", body: data.body });
    }
    if (url.pathname === "/v1/kpis") return json({ province: "00", generatedAt: new Date().toISOString(), kpis: [] });
    if (url.pathname === "/v1/alerts") return json({ alerts: [], counts: { critical: 0, warning: 0, info: 0 } });
    if (url.pathname.startsWith("/v1/")) return json({});
    const path = url.pathname === "/" ? "/index.html" : url.pathname;
    const file = join(dist, path);
    if (!existsSync(file)) return route.fulfill({ status: 404, body: "" });
    const ext = path.slice(path.lastIndexOf("."));
    return route.fulfill({
      status: 200,
      contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
      body: readFileSync(file),
    });
  });
  await page.routeWebSocket(/\/live/, (ws) => {
    sendLive = (message) => ws.send(message);
    ws.onMessage((raw) => {
      const message = JSON.parse(String(raw)) as { type: string };
      if (message.type === "subscribe") ws.send(JSON.stringify({ type: "subscribed", province: "00", seq: 0 }));
      if (message.type === "ping") ws.send(JSON.stringify({ type: "pong" }));
    });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 120_000, polling: 20 });
  const readyAt = await page.evaluate(() => (window.__ioc as unknown as { readyAt: number }).readyAt);
  const renderMs = readyAt - fulfilledAt;
  await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 30_000 });

  for (const layer of (process.env.BENCH_HIDE ?? "").split(",").filter(Boolean))
    await page.evaluate(
      `window.__ioc.map.getLayer(${JSON.stringify(layer)}) && window.__ioc.map.setLayoutProperty(${JSON.stringify(layer)}, "visibility", "none")`,
    );
  // 50 updates a second for the shown metric, while the page counts its frames.
  let seq = 0;
  const sender = setInterval(() => {
    if (UPDATES_PER_SECOND === 0) return;
    const commune = data.codes[Math.floor(Math.random() * data.codes.length)] as string;
    seq++;
    sendLive?.(
      JSON.stringify({
        type: "latest",
        seq,
        province: "00",
        commune,
        metric: METRIC,
        value: Math.round(Math.random() * 1000) / 10,
        observedAt: Date.now(),
      }),
    );
  }, 1000 / Math.max(1, UPDATES_PER_SECOND));
  if (process.env.BENCH_REPAINT)
    await page.evaluate(
      `(() => { const m = window.__ioc.map; const loop = () => { m.triggerRepaint(); if (!window.__stop) requestAnimationFrame(loop); }; loop(); setTimeout(() => { window.__stop = true; }, ${FPS_WINDOW_MS + 500}); })()`,
    );
  const hasProc = existsSync("/proc/self/stat");
  const cpuBefore = hasProc ? browserCpuMs() : 0;
  // A string, not a function: tsx's name-keeping helper (`__name`) does not exist in the page.
  const frames = (await page.evaluate(`new Promise((done) => {
    let count = 0;
    const end = performance.now() + ${FPS_WINDOW_MS};
    const tick = (t) => { count++; if (t < end) requestAnimationFrame(tick); else done(count); };
    requestAnimationFrame(tick);
  })`)) as number;
  const cpuMsPerFrame = hasProc ? (browserCpuMs() - cpuBefore) / frames : undefined;
  clearInterval(sender);
  const updatesApplied = await page.evaluate(() => window.__ioc?.updates ?? 0);
  return {
    communes: count,
    renderMs,
    fps: frames / (FPS_WINDOW_MS / 1000),
    cpuMsPerFrame,
    updatesApplied,
    usedMerges: data.usedMerges,
    vertices: data.vertices,
  };
}

const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));
const cpuText = (run: Run) =>
  run.cpuMsPerFrame === undefined ? "" : `, browser CPU ${run.cpuMsPerFrame.toFixed(0)} ms a frame`;

async function main(): Promise<void> {
  if (!METRICS.some((m) => m.key === METRIC)) throw new Error(`${METRIC} is not in the catalogue`);
  console.log("bench-map: building the web app (skipped when fresh)…");
  const dist = ensureWebBuild();
  const js = measureJs(dist);
  for (const c of js.chunks)
    console.log(
      `  ${c.file}: ${(c.bytes / 1024).toFixed(0)} KiB, gzip ${(c.gzip / 1024).toFixed(1)} KiB, beyond MapLibre ${(c.beyondMaplibreGzip / 1024).toFixed(1)} KiB`,
    );
  console.log(
    `JS gzip: ${js.totalGzipKiB.toFixed(1)} KiB in all, ${js.beyondMaplibreGzipKiB.toFixed(1)} KiB beyond MapLibre (goal ≤ ${GOALS.jsKiB})`,
  );

  console.log(
    storeLine("map", {
      store: "none",
      state: "n/a",
      note: "the API and the live socket are answered in-process from generated data",
    }),
  );
  const figures: Record<string, unknown> = {
    store: "none",
    jsGzipKiB: Number(js.totalGzipKiB.toFixed(1)),
    jsBeyondMaplibreGzipKiB: Number(js.beyondMaplibreGzipKiB.toFixed(1)),
  };
  if (!chromiumPath()) {
    console.log("bench-map: no Chromium (set CHROMIUM_PATH); browser figures skipped");
  } else {
    if (!existsSync(MERGES)) console.log(`bench-map: ${MERGES} is absent; using generated codes and names`);
    const browser = await launchBrowser({ width: 1400, height: 850 });
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.addInitScript(() => {
        sessionStorage.setItem(
          "ioc.session",
          JSON.stringify({
            token: "bench",
            expiresAt: Date.now() + 3_600_000,
            user: { subject: "bench", username: "leader", role: "leader", provinces: ["*"] },
          }),
        );
      });
      const baseline = await runOnce(page, dist, BASELINE);
      console.log(
        `baseline ${baseline.communes} communes: first render ${baseline.renderMs} ms, ${baseline.fps.toFixed(1)} fps under ${UPDATES_PER_SECOND} updates/s (${baseline.updatesApplied} applied)${cpuText(baseline)}`,
      );
      const national = await runOnce(page, dist, NATIONAL);
      console.log(
        `national ${national.communes} communes (${national.vertices} vertices, ${national.usedMerges ? "codes and names from merges.json" : "generated codes"}): first render ${national.renderMs} ms (goal ≤ ${GOALS.renderMs}), ${national.fps.toFixed(1)} fps under ${UPDATES_PER_SECOND} updates/s (goal ≥ ${GOALS.fps}; ${national.updatesApplied} applied)${cpuText(national)}`,
      );
      Object.assign(figures, {
        communes: national.communes,
        vertices: national.vertices,
        renderMs: national.renderMs,
        fps: Number(national.fps.toFixed(1)),
        cpuMsPerFrame: round(national.cpuMsPerFrame),
        updatesApplied: national.updatesApplied,
        baseline: {
          communes: baseline.communes,
          renderMs: baseline.renderMs,
          fps: Number(baseline.fps.toFixed(1)),
          cpuMsPerFrame: round(baseline.cpuMsPerFrame),
        },
        goals: GOALS,
        met: {
          render: national.renderMs <= GOALS.renderMs,
          fps: national.fps >= GOALS.fps,
          js: js.beyondMaplibreGzipKiB <= GOALS.jsKiB,
        },
      });
    } finally {
      await browser.close();
    }
  }
  console.log(`BENCH map ${JSON.stringify(figures)}`);
}

await main();
