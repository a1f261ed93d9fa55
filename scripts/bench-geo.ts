/**
 * `npm run bench:geo`: boundary import and gap scoring at national scale.
 *  1. Generates a national-scale boundary file: 3,321 communes (codes and names from
 *     ../shared/data/admin-2025/merges.json when present, generated otherwise) tiling a lattice
 *     without gaps, 256–512 vertices each, and writes it to a temporary file.
 *  2. Imports it (parse, validate, simplify, build records) in a child process, so the child's peak
 *     RSS (`process.resourceUsage().maxRSS`) is the import's alone. Baseline in the same run: the
 *     time to read and JSON.parse the same file.
 *  3. In that child, ranks all gap scores (the baseline) and applies a scenario (planned sites and
 *     communes raised to a level), timing the median of several runs after a warm-up.
 *  4. Real density: the same 3,321 communes at 1,024–2,048 positions each (about 5 million, above
 *     the ~4.1 million of the real national boundaries), 5 decimals, with ring defects as real files
 *     have them (1,500 twisted shared borders, 1,000 spikes, 1,000 repeated positions), imported
 *     with `repair` in a child process of its own, timed and its peak RSS measured.
 * Goals: import ≤ 30 s under 1 GiB; scenario recompute ≤ 200 ms; the real-density import with
 * repair ≤ 60 s under 1.5 GiB. Ends with one `BENCH geo {…}` line.
 */
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  applyScenario,
  type Commune,
  type CommuneMetricValue,
  computeGaps,
  demoBaseline,
  findMetric,
  type MetricDefinition,
  type Scenario,
} from "@ioc/core";
import { generateBoundaryFile, type ImportProgress, importBoundaries, parseLegacyMapping } from "@ioc/geo";
import { storeLine } from "./bench-store.js";

const ROOT = resolve(import.meta.dirname, "..");
const MERGES = resolve(ROOT, "../shared/data/admin-2025/merges.json");
const COMMUNES = 3321;
const GOALS = { importSeconds: 30, importPeakMiB: 1024, scenarioMs: 200, denseSeconds: 60, densePeakMiB: 1536 };
/** Real density: 2^8–2^9 segments per border, as surveyed boundaries carry a vertex every few tens of metres. */
const DENSE = {
  edgeDepth: [8, 9] as [number, number],
  decimals: 5,
  defects: { twists: 1500, spikes: 1000, duplicates: 1000 },
};

interface DenseReport {
  importMs: number;
  /** CPU time (user + system) of the importing process: on a shared machine it moves far less than the wall time. */
  cpuMs: number;
  peakRssMiB: number;
  phasesMs: Record<string, number>;
  ok: boolean;
  firstErrors: string[];
  stats: Record<string, number>;
  repairs: Record<string, number>;
}

interface ChildReport {
  importMs: number;
  peakRssMiB: number;
  phasesMs: Record<string, number>;
  ok: boolean;
  firstErrors: string[];
  stats: Record<string, number>;
  rankMs: number;
  scenarioFirstMs: number;
  scenarioMs: number;
  scenarioEffects: number;
  topTenChanged: number;
  peopleWithout4gClosed: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs in the child: import, then gaps. */
function runChild(file: string): void {
  const phasesMs: Record<string, number> = {};
  let phase = "";
  let phaseStart = performance.now();
  const started = performance.now();
  const onProgress = (p: ImportProgress) => {
    if (p.phase !== phase) {
      const now = performance.now();
      if (phase) phasesMs[phase] = Math.round(now - phaseStart);
      process.stderr.write(`  import: ${p.phase}…\n`);
      phase = p.phase;
      phaseStart = now;
    }
  };
  const result = importBoundaries(readFileSync(file, "utf8"), { onProgress });
  phasesMs[phase] = Math.round(performance.now() - phaseStart);
  const importMs = performance.now() - started;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  if (!result.ok) {
    send({
      importMs,
      peakRssMiB,
      phasesMs,
      ok: false,
      firstErrors: result.errors.slice(0, 5).map((e) => e.message.en),
      stats: {},
      rankMs: 0,
      scenarioFirstMs: 0,
      scenarioMs: 0,
      scenarioEffects: 0,
      topTenChanged: 0,
      peopleWithout4gClosed: 0,
    });
    return;
  }
  const communes: Commune[] = result.communes.map((c) => c.commune);
  const metrics = ["net.coverage_4g", "net.villages_no_signal", "net.fiber_households"].map(
    (key) => findMetric(key) as MetricDefinition,
  );
  const values: CommuneMetricValue[] = communes.flatMap((commune) =>
    metrics.map((metric) => ({ commune: commune.code, metric: metric.key, value: demoBaseline(commune, metric) })),
  );

  const rankRuns: number[] = [];
  let ranking = computeGaps(communes, values);
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    ranking = computeGaps(communes, values);
    rankRuns.push(performance.now() - t);
  }
  // A universal-service plan: sites in the 60 largest mountainous gaps, and the next 200 communes
  // raised to 95% coverage with fibre to 60% of households.
  const mountainous = ranking.entries.filter((e) => e.terrain === "mountainous");
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const scenario: Scenario = {
    name: "bench",
    sites: [
      ...mountainous.slice(0, 60).map((e, k) => ({
        kind: "site" as const,
        position: (byCode.get(e.code) as Commune).labelPoint,
        radiusKm: 5 + (k % 3) * 5,
      })),
      {
        kind: "communes" as const,
        communes: ranking.entries.slice(60, 260).map((e) => e.code),
        coverage4g: 95,
        fibreHouseholds: 60,
      },
    ],
  };
  let t = performance.now();
  let outcome = applyScenario(communes, values, scenario);
  const scenarioFirstMs = performance.now() - t;
  const scenarioRuns: number[] = [];
  for (let run = 0; run < 7; run++) {
    t = performance.now();
    outcome = applyScenario(communes, values, scenario);
    scenarioRuns.push(performance.now() - t);
  }
  const topBefore = new Set(outcome.before.entries.slice(0, 10).map((e) => e.code));
  send({
    importMs,
    peakRssMiB,
    phasesMs,
    ok: true,
    firstErrors: [],
    stats: { ...result.stats, warnings: result.warnings.length },
    rankMs: median(rankRuns),
    scenarioFirstMs,
    scenarioMs: median(scenarioRuns),
    scenarioEffects: outcome.effects.length,
    topTenChanged: outcome.after.entries.slice(0, 10).filter((e) => !topBefore.has(e.code)).length,
    peopleWithout4gClosed: Math.round(outcome.closed.peopleWithout4g),
  });
}

/** Runs in the real-density child: the import with repair, nothing else. */
function runDenseChild(file: string): void {
  const startUsage = process.resourceUsage();
  const cpuBefore = (startUsage.userCPUTime + startUsage.systemCPUTime) / 1000;
  const phasesMs: Record<string, number> = {};
  let phase = "";
  let phaseStart = performance.now();
  const started = performance.now();
  const result = importBoundaries(readFileSync(file, "utf8"), {
    repair: true,
    onProgress: (p) => {
      if (p.phase === phase) return;
      const now = performance.now();
      if (phase) phasesMs[phase] = Math.round(now - phaseStart);
      process.stderr.write(`  dense import: ${p.phase}…\n`);
      phase = p.phase;
      phaseStart = now;
    },
  });
  phasesMs[phase] = Math.round(performance.now() - phaseStart);
  const importMs = performance.now() - started;
  const usage = process.resourceUsage();
  const peakRssMiB = usage.maxRSS / 1024;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000 - cpuBefore;
  const repairs: Record<string, number> = {};
  if (result.ok) for (const r of result.repairs) repairs[r.kind] = (repairs[r.kind] ?? 0) + 1;
  (process.send as (message: unknown) => void)({
    importMs,
    cpuMs,
    peakRssMiB,
    phasesMs,
    ok: result.ok,
    firstErrors: result.ok ? [] : result.errors.slice(0, 5).map((e) => e.message.en),
    stats: result.ok ? { ...result.stats } : {},
    repairs,
  } satisfies DenseReport);
}

/** Forks this script on `file` in `mode` and waits for its one report. */
function forkChild<T>(mode: "--child" | "--dense-child", file: string): Promise<T> {
  return new Promise<T>((resolveReport, reject) => {
    const child = fork(import.meta.filename, [mode, file], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let received: T | undefined;
    child.on("message", (message) => {
      received = message as T;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      received ? resolveReport(received) : reject(new Error(`import child exited with ${code} and no report`)),
    );
  });
}

function send(report: ChildReport): void {
  (process.send as (message: unknown) => void)(report);
}

async function runParent(): Promise<void> {
  let units: Array<{ code: string; name: string; provinceCode: string }> | undefined;
  if (existsSync(MERGES)) {
    const parsed = parseLegacyMapping(readFileSync(MERGES, "utf8"));
    if (parsed.ok) units = parsed.mapping.newCommunes;
  } else {
    console.log(`bench-geo: ${MERGES} is absent; using generated codes and names`);
  }
  console.log(
    storeLine("geo", {
      store: "none",
      state: "n/a",
      note: "the import is pure; its files are in a temporary directory, removed at the end",
    }),
  );
  let t = performance.now();
  const collection = generateBoundaryFile({ count: COMMUNES, units });
  const vertices = collection.features.reduce((s, f) => s + (f.geometry.coordinates[0]?.length ?? 0), 0);
  const perCommune = collection.features.map((f) => f.geometry.coordinates[0]?.length ?? 0);
  const dir = mkdtempSync(join(tmpdir(), "ioc-bench-geo-"));
  const file = join(dir, "communes.geojson");
  writeFileSync(file, JSON.stringify(collection));
  const generateMs = performance.now() - t;
  const fileMiB = statSync(file).size / 1024 / 1024;
  console.log(
    `generated ${COMMUNES} communes (${units ? "real codes and names from merges.json" : "generated codes"}), ` +
      `${vertices.toLocaleString("en")} positions (${Math.min(...perCommune)}–${Math.max(...perCommune)} per commune), ` +
      `${fileMiB.toFixed(1)} MiB in ${(generateMs / 1000).toFixed(1)} s`,
  );

  // Baseline: reading and parsing the same file, nothing else.
  t = performance.now();
  JSON.parse(readFileSync(file, "utf8"));
  const parseMs = performance.now() - t;

  try {
    const report = await forkChild<ChildReport>("--child", file);
    if (!report.ok) throw new Error(`the generated file was refused:\n${report.firstErrors.join("\n")}`);
    const s = report.stats;
    console.log(
      `import: ${(report.importMs / 1000).toFixed(2)} s (baseline read + JSON.parse ${(parseMs / 1000).toFixed(2)} s), ` +
        `peak RSS ${report.peakRssMiB.toFixed(0)} MiB; phases ${JSON.stringify(report.phasesMs)}`,
    );
    console.log(
      `  vertices ${s.verticesBefore?.toLocaleString("en")} → ${s.verticesAfter?.toLocaleString("en")} at ${s.toleranceMeters} m; ` +
        `${s.arcs} arcs (${s.sharedArcs} shared), ${s.arcsRefined} refined, ${s.arcsKeptWhole} kept whole`,
    );
    console.log(
      `gaps: rank all ${COMMUNES} ${report.rankMs.toFixed(1)} ms (baseline); scenario (60 sites + 200 communes) ` +
        `${report.scenarioMs.toFixed(1)} ms median, ${report.scenarioFirstMs.toFixed(1)} ms cold; ` +
        `${report.scenarioEffects} communes affected, ${report.peopleWithout4gClosed.toLocaleString("en")} people reached, ` +
        `${report.topTenChanged} of the top ten replaced`,
    );

    // Real density with defects: generated here, imported with repair in a child of its own.
    rmSync(file, { force: true });
    t = performance.now();
    const denseFile = join(dir, "communes-dense.geojson");
    // In a function, so the parent does not hold the collection while the child imports it.
    const densePositions = ((): number => {
      const dense = generateBoundaryFile({ count: COMMUNES, units, ...DENSE });
      let positions = 0;
      for (const f of dense.features) positions += f.geometry.coordinates[0]?.length ?? 0;
      writeFileSync(denseFile, JSON.stringify(dense));
      return positions;
    })();
    const denseMiB = statSync(denseFile).size / 1024 / 1024;
    console.log(
      `generated real density: ${densePositions.toLocaleString("en")} positions, ${DENSE.decimals} decimals, ` +
        `defects ${JSON.stringify(DENSE.defects)}, ${denseMiB.toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    t = performance.now();
    JSON.parse(readFileSync(denseFile, "utf8"));
    const denseParseMs = performance.now() - t;
    const d = await forkChild<DenseReport>("--dense-child", denseFile);
    if (!d.ok) throw new Error(`the real-density file was refused even with repair:\n${d.firstErrors.join("\n")}`);
    console.log(
      `real-density import with repair: ${(d.importMs / 1000).toFixed(2)} s, CPU ${(d.cpuMs / 1000).toFixed(2)} s (goal ≤ ${GOALS.denseSeconds} s; baseline read + JSON.parse ` +
        `${(denseParseMs / 1000).toFixed(2)} s), peak RSS ${d.peakRssMiB.toFixed(0)} MiB (goal ≤ ${GOALS.densePeakMiB}); phases ${JSON.stringify(d.phasesMs)}`,
    );
    console.log(
      `  repairs ${JSON.stringify(d.repairs)}; vertices ${d.stats.verticesBefore?.toLocaleString("en")} → ` +
        `${d.stats.verticesAfter?.toLocaleString("en")} at ${d.stats.toleranceMeters} m; ${d.stats.polygons} polygons, ` +
        `${d.stats.arcs} arcs (${d.stats.sharedArcs} shared), ${d.stats.arcsRefined} refined, ${d.stats.arcsKeptWhole} kept whole`,
    );

    const figures = {
      store: "none",
      communes: COMMUNES,
      positions: vertices,
      fileMiB: Number(fileMiB.toFixed(1)),
      parseBaselineS: Number((parseMs / 1000).toFixed(2)),
      importS: Number((report.importMs / 1000).toFixed(2)),
      importPeakRssMiB: Math.round(report.peakRssMiB),
      verticesAfter: s.verticesAfter,
      rankMs: Number(report.rankMs.toFixed(1)),
      scenarioMs: Number(report.scenarioMs.toFixed(1)),
      scenarioColdMs: Number(report.scenarioFirstMs.toFixed(1)),
      dense: {
        positions: densePositions,
        fileMiB: Number(denseMiB.toFixed(1)),
        parseBaselineS: Number((denseParseMs / 1000).toFixed(2)),
        importWithRepairS: Number((d.importMs / 1000).toFixed(2)),
        importCpuS: Number((d.cpuMs / 1000).toFixed(2)),
        importPeakRssMiB: Math.round(d.peakRssMiB),
        repairs: d.repairs,
        verticesAfter: d.stats.verticesAfter,
      },
      goals: {
        importUnder30s: report.importMs / 1000 <= GOALS.importSeconds,
        importUnder1GiB: report.peakRssMiB <= GOALS.importPeakMiB,
        scenarioUnder200ms: report.scenarioMs <= GOALS.scenarioMs,
        denseImportUnder60s: d.importMs / 1000 <= GOALS.denseSeconds,
        denseImportUnder1_5GiB: d.peakRssMiB <= GOALS.densePeakMiB,
      },
    };
    console.log(`BENCH geo ${JSON.stringify(figures)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") runChild(process.argv[3] as string);
else if (process.argv[2] === "--dense-child") runDenseChild(process.argv[3] as string);
else await runParent();
