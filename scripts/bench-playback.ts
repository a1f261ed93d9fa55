/**
 * `npm run bench:playback`: stepping days on the dashboard's map at national scale (issue 12), in
 * headless Chromium under SwiftShader, as `bench:map` drives it: the production build, the API and
 * the live socket answered in-process (Playwright routes), 3,321 generated commune polygons.
 * The history routes answer every day with values for every commune that drift from day to day
 * (most communes change colour class over a few days), so each step recolours the map.
 * Measured: the playback opened over "1 năm", played at its fastest speed (20 days/s) for 6 s:
 *   - steps drawn per second (a step counts once the map has rendered it, window.__iocPlayback);
 *   - the frame rate (requestAnimationFrame) over the same window;
 *   - the browser's CPU time per drawn step (all of Chromium's processes, from /proc);
 *   - as a reference in the same moment, the map repainting every frame with nothing changing:
 *     on a loaded machine both fall together, and the step's own cost is the gap between them.
 * Playing waits for each day to be drawn before the next, so steps/s is never more than fps. A map
 * that cannot hold 20 fps while playing draws at a lower pixel ratio (web/src/motion-resolution.ts);
 * the share it settled at is printed, and a screenshot of the playing map goes to
 * test-artifacts/bench-playback-<communes>.png so the softer picture can be judged.
 * Baseline in the same run: the 121-commune demo size through the same path.
 * Goals: ≥ 10 steps/s with ≥ 20 fps. Ends with one `BENCH playback {…}` line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os, { loadavg } from "node:os";
import { join } from "node:path";
import { type Commune, METRICS } from "@ioc/core";
import { createCommuneTiles, generateBoundaryFile } from "@ioc/geo";
import type { Page } from "playwright-core";
import { chromiumPath, launchBrowser } from "../e2e/browser.js";
import { ARTIFACTS } from "../e2e/e2e-runtime.js";
import "../e2e/playback-diagnostics.js";
import { ensureWebBuild } from "../e2e/web-build.js";
import { storeLine } from "./bench-store.js";
import { browserCpuMs, CONTENT_TYPES } from "./browser-bench.js";

const NATIONAL = 3321;
const BASELINE = 121;
const METRIC = "net.coverage_4g";
const WINDOW_MS = 6000;
const GOALS = { stepsPerSecond: 10, fps: 20 };
const ORIGIN = "http://bench.ioc.local";

function registry(count: number) {
  const boundaries = generateBoundaryFile({ count, edgeDepth: [3, 4], decimals: 5 });
  const observedAt = new Date().toISOString();
  const features = boundaries.features.map((f, id) => ({
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
      terrain: (["mountainous", "midland", "delta", "coastal"] as const)[id % 4],
      border: id % 23 === 0,
      extremelyDisadvantaged: false,
      labelPoint: f.geometry.coordinates[0]?.[0] ?? [0, 0],
      latest: { [METRIC]: { value: (id * 37) % 100, observedAt } },
    },
    geometry: f.geometry,
  }));
  // At national scale the map draws vector tiles (TILED_FROM), cut as the API cuts them.
  const tiles = createCommuneTiles(
    features.map((f) => ({ ...f.properties, geometry: f.geometry }) as unknown as Commune),
  );
  return {
    codes: features.map((f) => f.properties.code),
    tiles,
    body: JSON.stringify({
      type: "FeatureCollection",
      province: { code: "00", name: "Toàn quốc (mô phỏng)", synthetic: true },
      features,
    }),
  };
}

/** A day's value of commune number `k`: a slow wave per commune, so classes change over days. */
const dayValue = (k: number, day: number) =>
  Math.round((55 + 40 * Math.sin(day / 3 + k * 0.37) + ((k * 13) % 7)) * 10) / 10;

/** `--profile`: where the page's main thread spends a playing window (DevTools protocol CPU profile). */
const PROFILE = process.argv.includes("--profile");

/** Starts a CPU profile of the page; the returned function stops it and summarises self time. */
async function startProfile(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  return async () => {
    const { profile } = await cdp.send("Profiler.stop");
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, k) => {
      const node = byId.get(id);
      if (!node) return;
      const f = node.callFrame;
      const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    await cdp.detach();
    return [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(
        ([name, ms]) => `  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`,
      )
      .join("\n");
  };
}

interface Run {
  communes: number;
  stepsPerSecond: number;
  fps: number;
  cpuMsPerStep: number | undefined;
  changedPerStep: number;
  dayRequests: number;
  /** The share of the device pixel ratio the map settled at while playing (motion resolution). */
  resolution: number;
  /** The same map repainting every frame without playback: the renderer's own cost, same moment. */
  repaint: { fps: number; cpuMsPerFrame: number | undefined };
}

async function runOnce(page: Page, dist: string, count: number): Promise<Run> {
  const data = registry(count);
  let dayRequests = 0;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const json = (body: unknown) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    if (url.pathname === "/v1/communes" && url.searchParams.get("format") === "geojson")
      return route.fulfill({ status: 200, contentType: "application/json", body: data.body });
    const tile = /^\/v1\/communes\/tiles\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (tile) {
      const bytes = data.tiles.tile(Number(tile[1]), Number(tile[2]), Number(tile[3]));
      if (!bytes) return route.fulfill({ status: 204, body: "" });
      return route.fulfill({ status: 200, contentType: "application/x-protobuf", body: Buffer.from(bytes) });
    }
    if (url.pathname === "/v1/history/communes") {
      dayRequests++;
      const date = url.searchParams.get("date") ?? "2026-01-01";
      const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
      const values: Record<string, { value: number; source: string }> = {};
      data.codes.forEach((code, k) => {
        values[code] = { value: dayValue(k, day), source: "synthetic" };
      });
      return json({ province: "00", metric: url.searchParams.get("metric"), date, values });
    }
    if (url.pathname === "/v1/history/province")
      return json({ province: "00", metric: METRIC, resolution: "day", from: "", to: "", points: [] });
    if (url.pathname === "/v1/kpis") return json({ province: "00", generatedAt: new Date().toISOString(), kpis: [] });
    if (url.pathname === "/v1/alerts") return json({ alerts: [], counts: { critical: 0, warning: 0, info: 0 } });
    if (url.pathname.startsWith("/v1/")) return json({});
    const path = url.pathname === "/" ? "/index.html" : url.pathname;
    const file = join(dist, path);
    if (!existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({
      status: 200,
      contentType: CONTENT_TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream",
      body: readFileSync(file),
    });
  });
  await page.routeWebSocket(/\/live/, (ws) => {
    ws.onMessage((raw) => {
      const message = JSON.parse(String(raw)) as { type: string };
      if (message.type === "subscribe") ws.send(JSON.stringify({ type: "subscribed", province: "00", seq: 0 }));
      if (message.type === "ping") ws.send(JSON.stringify({ type: "pong" }));
    });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 120_000, polling: 50 });
  // Reference, same page and moment: a repaint every frame with nothing changing (bench:map's
  // BENCH_REPAINT), so a loaded machine shows in both figures and the step's own cost is the gap.
  const hasProc = existsSync("/proc/self/stat");
  const repaintCpuBefore = hasProc ? browserCpuMs() : 0;
  const repaintFrames = (await page.evaluate(`new Promise((done) => {
    const m = window.__ioc.map; let count = 0; const end = performance.now() + 3000;
    const tick = (t) => { count++; m.triggerRepaint(); if (t < end) requestAnimationFrame(tick); else done(count); };
    requestAnimationFrame(tick);
  })`)) as number;
  const repaint = {
    fps: repaintFrames / 3,
    cpuMsPerFrame: hasProc ? (browserCpuMs() - repaintCpuBefore) / repaintFrames : undefined,
  };
  // Through the screen as a user would: open the replay, pick a year, the fastest speed, play.
  await page.click('[data-testid="playback-open"]');
  await page.click('[data-testid="playback"] [data-testid="range-1y"]');
  await page.selectOption('[data-testid="playback-speed"]', "20");
  // The first day drawn: the replay is on screen; the prefetch has started.
  await page.waitForFunction(() => (window.__iocPlayback?.drawn ?? 0) > 0, null, { timeout: 30_000 });
  await page.click('[data-testid="playback-play"]');
  const drawnBefore = await page.evaluate(() => window.__iocPlayback?.drawn ?? 0);
  const cpuBefore = hasProc ? browserCpuMs() : 0;
  const profiler = PROFILE ? await startProfile(page) : undefined;
  // A string, not a function: tsx's name-keeping helper (`__name`) does not exist in the page.
  const frames = (await page.evaluate(`new Promise((done) => {
    let count = 0;
    const end = performance.now() + ${WINDOW_MS};
    const tick = (t) => { count++; if (t < end) requestAnimationFrame(tick); else done(count); };
    requestAnimationFrame(tick);
  })`)) as number;
  const cpu = hasProc ? browserCpuMs() - cpuBefore : undefined;
  if (profiler) console.log(`profile of the page's main thread, ${count} communes, playing:\n${await profiler()}`);
  const stats = await page.evaluate(() => window.__iocPlayback);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `bench-playback-${count}.png`), await page.screenshot());
  const drawn = (stats?.drawn ?? 0) - drawnBefore;
  await page.click('[data-testid="playback-play"]');
  return {
    communes: count,
    stepsPerSecond: drawn / (WINDOW_MS / 1000),
    fps: frames / (WINDOW_MS / 1000),
    cpuMsPerStep: cpu === undefined || drawn === 0 ? undefined : cpu / drawn,
    changedPerStep: stats?.changed ?? 0,
    dayRequests,
    resolution: stats?.resolution ?? 1,
    repaint,
  };
}

const line = (r: Run) =>
  `${r.communes} communes: ${r.stepsPerSecond.toFixed(1)} steps/s drawn (goal ≥ ${GOALS.stepsPerSecond}), ${r.fps.toFixed(1)} fps (goal ≥ ${GOALS.fps}), ${r.changedPerStep} communes recoloured by the last step, drawn at ${r.resolution}× resolution while playing${r.cpuMsPerStep === undefined ? "" : `, browser CPU ${r.cpuMsPerStep.toFixed(0)} ms a step`}, ${r.dayRequests} day requests; reference, repainting every frame without playback: ${r.repaint.fps.toFixed(1)} fps${r.repaint.cpuMsPerFrame === undefined ? "" : `, ${r.repaint.cpuMsPerFrame.toFixed(0)} ms a frame`}`;

async function main(): Promise<void> {
  if (!METRICS.some((m) => m.key === METRIC)) throw new Error(`${METRIC} is not in the catalogue`);
  console.log("bench-playback: building the web app (skipped when fresh)…");
  const dist = ensureWebBuild();
  console.log(
    storeLine("playback", { store: "none", state: "n/a", note: "the API and the live socket are answered in-process" }),
  );
  // Frame rates on this shared machine swing with other work: the load is part of every figure.
  const load = () => loadavg().map((l) => Number(l.toFixed(2)));
  console.log(`bench-playback: load average before ${load().join(", ")} on ${os.cpus().length} cores`);
  const figures: Record<string, unknown> = { store: "none", goals: GOALS, loadBefore: load() };
  if (!chromiumPath()) {
    console.log("bench-playback: no Chromium (set CHROMIUM_PATH); browser figures skipped");
  } else {
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
      console.log(`baseline ${line(baseline)}`);
      const national = await runOnce(page, dist, NATIONAL);
      console.log(`national ${line(national)}`);
      const pick = (r: Run) => ({
        communes: r.communes,
        stepsPerSecond: Number(r.stepsPerSecond.toFixed(1)),
        fps: Number(r.fps.toFixed(1)),
        cpuMsPerStep: r.cpuMsPerStep === undefined ? undefined : Math.round(r.cpuMsPerStep),
        resolution: r.resolution,
        repaintFps: Number(r.repaint.fps.toFixed(1)),
        repaintCpuMsPerFrame: r.repaint.cpuMsPerFrame === undefined ? undefined : Math.round(r.repaint.cpuMsPerFrame),
      });
      Object.assign(figures, {
        ...pick(national),
        baseline: pick(baseline),
        met: { steps: national.stepsPerSecond >= GOALS.stepsPerSecond, fps: national.fps >= GOALS.fps },
      });
    } finally {
      await browser.close();
    }
  }
  figures.loadAfter = load();
  console.log(`bench-playback: load average after ${load().join(", ")}`);
  console.log(`BENCH playback ${JSON.stringify(figures)}`);
}

await main();
