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
 * Goals: import ≤ 30 s under 1 GiB; scenario recompute ≤ 200 ms. Ends with one `BENCH geo {…}` line.
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

const ROOT = resolve(import.meta.dirname, "..");
const MERGES = resolve(ROOT, "../shared/data/admin-2025/merges.json");
const COMMUNES = 3321;
const GOALS = { importSeconds: 30, importPeakMiB: 1024, scenarioMs: 200 };

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
    const report = await new Promise<ChildReport>((resolveReport, reject) => {
      const child = fork(import.meta.filename, ["--child", file], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      let received: ChildReport | undefined;
      child.on("message", (message) => {
        received = message as ChildReport;
      });
      child.on("error", reject);
      child.on("exit", (code) =>
        received ? resolveReport(received) : reject(new Error(`import child exited with ${code} and no report`)),
      );
    });
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
    const figures = {
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
      goals: {
        importUnder30s: report.importMs / 1000 <= GOALS.importSeconds,
        importUnder1GiB: report.peakRssMiB <= GOALS.importPeakMiB,
        scenarioUnder200ms: report.scenarioMs <= GOALS.scenarioMs,
      },
    };
    console.log(`BENCH geo ${JSON.stringify(figures)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") runChild(process.argv[3] as string);
else await runParent();
