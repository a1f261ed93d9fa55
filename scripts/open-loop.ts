/**
 * The benchmarks' load generator, said once: an open loop that starts one request every
 * `batch / rate` seconds however long each one takes (a closed loop would slow down with the
 * system under test and hide its queueing), and counts what the requests report accepted.
 */

/** Runs `post` at `rate` readings/s in requests of `batch` for `seconds`; the readings accepted and the seconds taken. */
export async function driveOpenLoop(
  post: () => Promise<number>,
  { rate, batch, seconds }: { rate: number; batch: number; seconds: number },
): Promise<{ accepted: number; seconds: number }> {
  const begin = Date.now();
  let accepted = 0;
  const inFlight: Array<Promise<void>> = [];
  const interval = (batch / rate) * 1000;
  for (let k = 0; Date.now() - begin < seconds * 1000; k++) {
    const due = begin + k * interval;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    inFlight.push(
      post().then((n) => {
        accepted += n;
      }),
    );
  }
  await Promise.all(inFlight);
  return { accepted, seconds: (Date.now() - begin) / 1000 };
}

/** One ingest request as a provincial system sends it; the readings accepted, or an error naming the answer. */
export async function postReadings(url: string, apiKey: string, readings: unknown[]): Promise<number> {
  const response = await fetch(`${url}/v1/readings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ readings }),
  });
  const report = (await response.json()) as { accepted: number };
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(report)}`);
  return report.accepted;
}

/** The `n`-th synthetic reading of a run: communes in turn, then the next metric; `observedAt` unique per reading. */
export function syntheticReading(
  n: number,
  run: { prefix: string; communes: string[]; metrics: string[]; base: number },
) {
  const { communes, metrics } = run;
  return {
    id: `${run.prefix}-${n}`,
    commune: communes[n % communes.length],
    metric: metrics[Math.floor(n / communes.length) % metrics.length],
    value: 40 + (n % 60),
    observedAt: new Date(run.base + n).toISOString(),
  };
}
