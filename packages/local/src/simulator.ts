/**
 * The demo feed: pretends to be the province's systems and pushes readings through the public
 * ingest API with a demo source key, exactly as a real integration would.
 */
import {
  type Commune,
  createRandom,
  demoBaseline,
  MAX_READINGS_PER_REQUEST,
  METRICS,
  type MetricDefinition,
  type Province,
  type ReadingInput,
} from "@ioc/core";

/** Options of the simulator. */
export interface SimulatorOptions {
  baseUrl: string;
  apiKey: string;
  province: Province;
  /** Milliseconds between ticks. */
  intervalMs?: number;
  /** Communes updated per tick. */
  communesPerTick?: number;
  seed?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
  /** Injected for tests; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A running simulator. */
export interface Simulator {
  stop(): Promise<void>;
  /** Readings the API accepted so far. */
  readonly accepted: number;
}

/** Metrics that move minute to minute; the rest change slowly and are sent in the snapshot. */
const LIVELY = new Set([
  "net.coverage_4g",
  "net.bts_down",
  "net.download_mbps",
  "iot.cameras_online_rate",
  "gov.online_applications",
  "gov.feedback_open",
]);
const LIVELY_METRICS = METRICS.filter((m) => LIVELY.has(m.key));

/** Starts feeding: one full snapshot of every commune × metric, then small random changes. */
export function startSimulator(options: SimulatorOptions): Simulator {
  const random = createRandom(options.seed ?? Date.now() % 2 ** 31);
  const clock = options.clock ?? Date.now;
  const runId = clock().toString(36);
  let counter = 0;
  let accepted = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const values = new Map<string, number>();
  const keyOf = (c: Commune, m: MetricDefinition) => `${c.code}|${m.key}`;

  const reading = (commune: Commune, metric: MetricDefinition, value: number): ReadingInput => ({
    id: `sim-${runId}-${++counter}`,
    commune: commune.code,
    metric: metric.key,
    value,
    observedAt: new Date(clock()).toISOString(),
  });

  const clamp = (metric: MetricDefinition, value: number) => {
    const bounded = Math.min(metric.range.max, Math.max(metric.range.min, value));
    return metric.integer ? Math.round(bounded) : Math.round(bounded * 10) / 10;
  };

  const nextValue = (commune: Commune, metric: MetricDefinition): number => {
    const baseline = demoBaseline(commune, metric);
    if (metric.key === "net.bts_down") {
      // Outages are rare, and likelier where the network is thin.
      const risk = commune.terrain === "mountainous" ? 0.08 : 0.02;
      return random.next() < risk ? random.int(1, 3) : 0;
    }
    const previous = values.get(keyOf(commune, metric)) ?? baseline;
    const spread = Math.max(0.5, Math.abs(baseline) * 0.04);
    // A random walk pulled back toward the baseline keeps the map plausible over hours.
    return clamp(metric, previous + (baseline - previous) * 0.3 + random.between(-spread, spread));
  };

  const reported = new Set<string>();
  const post = async (readings: ReadingInput[]) => {
    for (let offset = 0; offset < readings.length; offset += MAX_READINGS_PER_REQUEST) {
      const response = await (options.fetch ?? fetch)(`${options.baseUrl}/v1/readings`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify({ readings: readings.slice(offset, offset + MAX_READINGS_PER_REQUEST) }),
      });
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      const report = (await response.json()) as {
        accepted: number;
        rejected?: Array<{ code: string; detail: string }>;
      };
      accepted += report.accepted;
      // Refused readings come back with a 202 too: say so once per reason, or the map would stay
      // empty with nothing in the log to explain it.
      for (const problem of report.rejected ?? []) {
        if (reported.has(problem.code)) continue;
        reported.add(problem.code);
        options.onError?.(new Error(`ingest refused simulated readings (${problem.code}): ${problem.detail}`));
      }
    }
  };

  const snapshot = async () => {
    const readings: ReadingInput[] = [];
    for (const commune of options.province.communes) {
      for (const metric of METRICS) {
        const value = clamp(metric, demoBaseline(commune, metric) * random.between(0.97, 1.03));
        values.set(keyOf(commune, metric), value);
        readings.push(reading(commune, metric, value));
      }
    }
    await post(readings);
  };

  const tick = async () => {
    const readings: ReadingInput[] = [];
    const communes = options.province.communes;
    for (let k = 0; k < (options.communesPerTick ?? 6); k++) {
      const commune = random.pick(communes);
      const metric = random.pick(LIVELY_METRICS);
      const value = nextValue(commune, metric);
      values.set(keyOf(commune, metric), value);
      readings.push(reading(commune, metric, value));
    }
    await post(readings);
  };

  let inFlight: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((error) => options.onError?.(error))
        .then(schedule);
    }, options.intervalMs ?? 1_000);
  };

  const started = snapshot()
    .catch((error) => options.onError?.(error))
    .then(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await started;
      await inFlight;
    },
    get accepted() {
      return accepted;
    },
  };
}
