/**
 * `npm run bench:map`: the dashboard's map at national scale, in headless Chromium (software GL).
 *  1. Builds the web app (unless a fresh build exists) and measures its production JavaScript:
 *     every emitted chunk gzipped, and the part that is not MapLibre, attributed through the
 *     source maps (the bytes each mapping segment generates, by source file) and gzipped alone.
 *  2. Generates the national registry at real density: 3,321 communes (codes and names from
 *     ../shared/data/admin-2025/merges.json when present, generated otherwise) at 1,024–2,048
 *     positions each (~5 million source vertices, above the ~4.1 million of the real national
 *     boundaries), imports it with the product's own import (repair, 10 m simplification), and
 *     serves the result to Chromium as the API does: the registry's GeoJSON (every boundary, or
 *     for the tiled map `boundaries=auto`: label points and boxes only), and its vector tiles, cut
 *     once as the import does (`createCommuneTileSet`, as `GET /v1/communes/tiles/…` with ETag and
 *     Cache-Control), the live socket answered in-process.
 *  3. Times the first render: the page's registry request → the first complete coloured frame
 *     (the map idle with every commune coloured), then the frame rate (requestAnimationFrame) while
 *     50 live updates a second arrive over the socket for 5 s. Twice in one run: the baseline,
 *     today's one GeoJSON source of every polygon (`?tiles=0`), then the product's vector tiles.
 *     Beside the frame rate, the browser's CPU time per frame (renderer, GPU process with its
 *     software GL, all of Chromium's processes): on a machine shared with other work the frame
 *     rate follows the load, the CPU a frame costs much less so.
 * Goals: ≤ 1 s, ≥ 30 fps, ≤ 350 KB. Prints `uptime`; a run at a load above 6 says so. Ends with
 * one `BENCH map {…}` line.
 *
 * Diagnostics (environment): BENCH_UPDATES=n live updates a second instead of 50 (0: idle);
 * BENCH_REPAINT=1 forces a repaint every frame (the renderer's own ceiling, without updates);
 * BENCH_HIDE=layer,layer hides map layers before the frame-rate window; BENCH_COMMUNES=n and
 * BENCH_EDGE_DEPTH=a,b make a smaller or lighter registry (a smoke run, not the benchmark).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { METRICS } from "@ioc/core";
import { createCommuneTileSet, generateBoundaryFile, importBoundaries, parseLegacyMapping } from "@ioc/geo";
import type { Page } from "playwright-core";
import { chromiumPath, launchBrowser } from "../e2e/browser.js";
import { ensureWebBuild } from "../e2e/web-build.js";
import { storeLine } from "./bench-store.js";
import { browserCpuMs, CONTENT_TYPES } from "./browser-bench.js";

const ROOT = resolve(import.meta.dirname, "..");
const MERGES = resolve(ROOT, "../shared/data/admin-2025/merges.json");
const NATIONAL = Number(process.env.BENCH_COMMUNES ?? 3321);
const METRIC = "net.coverage_4g";
const UPDATES_PER_SECOND = Number(process.env.BENCH_UPDATES ?? 50);
const FPS_WINDOW_MS = 5000;
/** Segments per shared border as powers of two; BENCH_EDGE_DEPTH=3,4 makes a light registry for a smoke run. */
const EDGE_DEPTH = (process.env.BENCH_EDGE_DEPTH ?? "8,9").split(",").map(Number) as [number, number];
const GOALS = { renderMs: 1000, fps: 30, jsKiB: 350 };
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

// ---- 3. The registry and an in-process API ----------------------------------------------------

/** The registry as the API serves it after the product's own import: generated at real density, imported with repair. */
function registry(count: number) {
  let units: Array<{ code: string; name: string; provinceCode: string }> | undefined;
  if (existsSync(MERGES)) {
    const parsed = parseLegacyMapping(readFileSync(MERGES, "utf8"));
    if (parsed.ok) units = parsed.mapping.newCommunes.slice(0, count);
  }
  // Real density: 2^8–2^9 segments per shared border, ~5 million positions in all, as surveyed
  // national boundaries (~4.1 million) carry them; at 5 decimals, with the ring defects that brings.
  const boundaries = generateBoundaryFile({ count, units, edgeDepth: EDGE_DEPTH, decimals: 5 });
  const sourceVertices = boundaries.features.reduce(
    (s, f) => s + f.geometry.coordinates.reduce((a, ring) => a + ring.length, 0),
    0,
  );
  const importStarted = Date.now();
  const imported = importBoundaries(boundaries, { repair: true });
  const importMs = Date.now() - importStarted;
  if (!imported.ok) throw new Error(`import refused: ${imported.errors[0]?.message.en}`);
  const observedAt = new Date().toISOString();
  const communes = imported.communes.map(({ commune }) => commune);
  const features = communes.map((commune, id) => {
    const { geometry, ...properties } = commune;
    return {
      type: "Feature" as const,
      id: Number(commune.code),
      properties: { ...properties, latest: { [METRIC]: { value: (id * 37) % 100, observedAt } } },
      geometry,
    };
  });
  // The tile set is cut once, as the import does (never per request).
  const tilesStarted = Date.now();
  const tiles = createCommuneTileSet(communes);
  const tileSetMs = Date.now() - tilesStarted;
  const bbox = (ring: number[][]): [number, number, number, number] => {
    const xs = ring.map((p) => p[0] as number);
    const ys = ring.map((p) => p[1] as number);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  };
  // What the API answers `?format=geojson&boundaries=auto` for a registry this size: label points and boxes.
  const lightBody = JSON.stringify({
    type: "FeatureCollection",
    province: { code: "00", name: "Toàn quốc (mô phỏng)", synthetic: true },
    tiled: true,
    tilesVersion: tiles.version,
    features: features.map((f) => ({
      type: "Feature",
      id: f.id,
      bbox: bbox(f.geometry.coordinates[0] ?? []),
      properties: f.properties,
      geometry: { type: "Point", coordinates: f.properties.labelPoint },
    })),
  });
  return {
    usedMerges: Boolean(units),
    sourceVertices,
    importMs,
    servedVertices: communes.reduce((s, c) => s + c.geometry.coordinates.reduce((a, ring) => a + ring.length, 0), 0),
    body: JSON.stringify({
      type: "FeatureCollection",
      province: { code: "00", name: "Toàn quốc (mô phỏng)", synthetic: true },
      features,
    }),
    lightBody,
    tiles,
    tileSetMs,
    codes: communes.map((c) => c.code),
  };
}

type Registry = ReturnType<typeof registry>;

interface Run {
  mode: "tiles" | "geojson";
  /** Bytes of the registry's JSON answer, and of the tiles the page fetched. */
  jsonBytes: number;
  /** From navigation to the first complete coloured frame (the page, its code, the registry, the tiles). */
  fromNavigationMs: number;
  /** The machine's 1-minute load average before and after the run. */
  load: [number, number];
  tileBytes: number;
  tilesFetched: number;
  communes: number;
  renderMs: number;
  fps: number;
  /** The browser's CPU time per frame in the frame-rate window; undefined where /proc is absent. */
  cpuMsPerFrame: number | undefined;
  updatesApplied: number;
}

async function runOnce(page: Page, dist: string, data: Registry, mode: Run["mode"]): Promise<Run> {
  let requestedAt = 0;
  let jsonBytes = 0;
  let tileBytes = 0;
  let tilesFetched = 0;
  let sendLive: ((message: string) => void) | undefined;
  // Updates are sent only once the page has subscribed: earlier ones would be dropped.
  let subscribed = false;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const json = (body: unknown) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    if (url.pathname === "/v1/communes" && url.searchParams.get("format") === "geojson") {
      requestedAt = Date.now();
      // As the API answers: without boundaries for a national registry when the map asks `boundaries=auto`.
      const body = url.searchParams.get("boundaries") === "auto" ? data.lightBody : data.body;
      jsonBytes = body.length;
      return route.fulfill({ status: 200, contentType: "application/json", body });
    }
    const tile = /^\/v1\/communes\/tiles\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (tile) {
      const prepared = data.tiles.tile(Number(tile[1]), Number(tile[2]), Number(tile[3]));
      tilesFetched++;
      tileBytes += prepared?.bytes.length ?? 0;
      // As the API serves them: immutable under the current version, with the tile's ETag.
      const headers = {
        "cache-control":
          url.searchParams.get("v") === data.tiles.version
            ? "private, max-age=31536000, immutable"
            : "private, max-age=300",
        ...(prepared ? { etag: prepared.etag } : {}),
      };
      if (!prepared) return route.fulfill({ status: 204, headers, body: "" });
      if (route.request().headers()["if-none-match"] === prepared.etag)
        return route.fulfill({ status: 304, headers, body: "" });
      return route.fulfill({
        status: 200,
        headers: { ...headers, "content-type": "application/x-protobuf" },
        body: Buffer.from(prepared.bytes),
      });
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
      if (message.type === "subscribe") {
        ws.send(JSON.stringify({ type: "subscribed", province: "00", seq: 0 }));
        subscribed = true;
      }
      if (message.type === "ping") ws.send(JSON.stringify({ type: "pong" }));
    });
  });
  const loadBefore = loadavg()[0] as number;
  // `?tiles=0`: today's single GeoJSON source, the baseline.
  const navigatedAt = Date.now();
  await page.goto(`${ORIGIN}/${mode === "geojson" ? "?tiles=0" : ""}`);
  await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 240_000, polling: 20 });
  // `readyAt`: the map's first idle frame after every commune got its colour (the first complete coloured frame).
  const readyAt = await page.evaluate(() => (window.__ioc as unknown as { readyAt: number }).readyAt);
  const renderMs = readyAt - requestedAt;
  await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 30_000 });

  for (let waited = 0; !subscribed && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  for (const layer of (process.env.BENCH_HIDE ?? "").split(",").filter(Boolean))
    await page.evaluate(
      `window.__ioc.map.getLayer(${JSON.stringify(layer)}) && window.__ioc.map.setLayoutProperty(${JSON.stringify(layer)}, "visibility", "none")`,
    );
  // 50 updates a second for the shown metric, while the page counts its frames.
  let seq = 0;
  const sender = setInterval(() => {
    if (UPDATES_PER_SECOND === 0 || !subscribed) return;
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
    mode,
    jsonBytes,
    fromNavigationMs: readyAt - navigatedAt,
    load: [loadBefore, loadavg()[0] as number],
    tileBytes,
    tilesFetched,
    communes: data.codes.length,
    renderMs,
    fps: frames / (FPS_WINDOW_MS / 1000),
    cpuMsPerFrame,
    updatesApplied,
  };
}

/** `uptime`'s line, for the output: a figure measured on a loaded machine must say so. */
function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`;
  }
}
/** A run measured at a 1-minute load above 6 (2 cores shared with other work) says so. */
const LOADED = 6;
const loadNote = (run: Run) => {
  const peak = Math.max(...run.load);
  return `load ${run.load.map((l) => l.toFixed(1)).join("→")}${peak > LOADED ? ` — MEASURED UNDER LOAD (> ${LOADED}): frame rate and times are the machine's, compare CPU per frame` : ""}`;
};

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
      console.log("bench-map: generating and importing the national registry at real density…");
      const data = registry(NATIONAL);
      console.log(`uptime: ${uptime()}`);
      console.log(
        `tile set: ${data.tiles.count} tiles (z0–12), ${(data.tiles.bytes / 1048576).toFixed(1)} MiB, cut once in ${data.tileSetMs} ms; registry without boundaries ${(data.lightBody.length / 1024).toFixed(0)} KiB`,
      );
      console.log(
        `registry: ${data.codes.length} communes (${data.usedMerges ? "codes and names from merges.json" : "generated codes"}), ${data.sourceVertices} source vertices, imported with repair in ${data.importMs} ms → ${data.servedVertices} vertices served, JSON ${(data.body.length / 1048576).toFixed(1)} MiB`,
      );
      const describe = (run: Run) =>
        `${run.mode}: first complete coloured frame ${run.renderMs} ms after the registry request (${run.fromNavigationMs} ms after navigation; registry ${(run.jsonBytes / 1024).toFixed(0)} KiB), ${run.fps.toFixed(1)} fps under ${UPDATES_PER_SECOND} updates/s (${run.updatesApplied} applied)${cpuText(run)}; ${run.tilesFetched} tiles, ${(run.tileBytes / 1024).toFixed(0)} KiB; ${loadNote(run)}`;
      // Today's approach first: one GeoJSON source of every polygon.
      const baseline = await runOnce(page, dist, data, "geojson");
      console.log(`baseline ${describe(baseline)}`);
      const national = await runOnce(page, dist, data, "tiles");
      console.log(`product  ${describe(national)} (goals: render ≤ ${GOALS.renderMs} ms, ≥ ${GOALS.fps} fps)`);
      console.log(`uptime: ${uptime()}`);
      const figures1 = (run: Run) => ({
        renderMs: run.renderMs,
        fromNavigationMs: run.fromNavigationMs,
        registryKiB: Math.round(run.jsonBytes / 1024),
        load: run.load.map((l) => Number(l.toFixed(1))),
        underLoad: Math.max(...run.load) > LOADED,
        fps: Number(run.fps.toFixed(1)),
        cpuMsPerFrame: round(run.cpuMsPerFrame),
        updatesApplied: run.updatesApplied,
        tilesFetched: run.tilesFetched,
        tileKiB: Math.round(run.tileBytes / 1024),
      });
      Object.assign(figures, {
        communes: data.codes.length,
        sourceVertices: data.sourceVertices,
        servedVertices: data.servedVertices,
        importMs: data.importMs,
        tileSet: { tiles: data.tiles.count, MiB: Number((data.tiles.bytes / 1048576).toFixed(1)), ms: data.tileSetMs },
        jsonMiB: Number((data.body.length / 1048576).toFixed(1)),
        mode: "tiles",
        ...figures1(national),
        baseline: { mode: "geojson", ...figures1(baseline) },
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
