/**
 * The weekly report's generation time and size (issue 12: ≤ 2 s, < 1 MB): the demo province's
 * report rendered once cold (fonts read, code not yet optimised: a Lambda's first request) and
 * then `RUNS` times warm. Ends with one `BENCH report {…}` line.
 */
import { demoReportInput, renderWeeklyReportPdf } from "@ioc/report";

const RUNS = Number(process.env.RUNS ?? 10);

const timed = async (lang: "vi" | "en") => {
  const start = performance.now();
  const data = demoReportInput(lang);
  const bytes = await renderWeeklyReportPdf(data);
  return { ms: performance.now() - start, bytes: bytes.byteLength, communes: data.map.communes.length };
};

const cold = await timed("vi");
const warm: number[] = [];
let bytes = cold.bytes;
for (let i = 0; i < RUNS; i++) {
  const run = await timed(i % 2 ? "en" : "vi");
  warm.push(run.ms);
  bytes = Math.max(bytes, run.bytes);
}
warm.sort((a, b) => a - b);
const figures = {
  communes: cold.communes,
  coldMs: Math.round(cold.ms),
  warmMedianMs: Math.round(warm[Math.floor(warm.length / 2)] ?? 0),
  warmMaxMs: Math.round(warm.at(-1) ?? 0),
  maxBytes: bytes,
  budget: { ms: 2000, bytes: 1024 * 1024 },
  ok: cold.ms <= 2000 && bytes < 1024 * 1024,
};
console.log(`BENCH report ${JSON.stringify(figures)}`);
if (!figures.ok) process.exitCode = 1;
