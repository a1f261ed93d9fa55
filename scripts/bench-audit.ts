/**
 * `npm run bench:audit`: the audit trail's write overhead per action. Acknowledges alerts through
 * the API on a throwaway DynamoDB Local (in memory), alternating rounds with the trail on and off
 * so both see the same warm JVM, and reports per-ack latency for each and the difference (one
 * consistent query for the chain's tail plus one conditional put). Also times appends from
 * concurrent writers on one chain (the retry path). Ends with one `BENCH audit {…}` line.
 */
import { createApp } from "@ioc/api";
import { type Alert, generateDemoProvince, verifyChain } from "@ioc/core";
import { createJwtVerifier, createLocalIssuer, demoUsers } from "@ioc/identity";
import { freePort, startDynamoLocal } from "@ioc/local";
import { createAuditStore, createDynamoStores, createStateStore, ensureTables, tableNamesFor } from "@ioc/store";

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 400);
const ROUNDS = 8;
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 4);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round2 = (n: number) => Math.round(n * 100) / 100;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    meanMs: round2(ms.reduce((s, x) => s + x, 0) / ms.length),
    p50Ms: round2(percentile(sorted, 0.5)),
    p99Ms: round2(percentile(sorted, 0.99)),
  };
};

const dynamo = await startDynamoLocal({ port: await freePort() });
try {
  const tables = tableNamesFor("bench-audit");
  await ensureTables(dynamo.client, tables);
  const stores = createDynamoStores({ client: dynamo.client, tables });
  const province = generateDemoProvince();
  const state = createStateStore({ client: dynamo.client, tables });
  await stores.registry.putProvince(province);
  const clock = Date.now;
  const issuer = await createLocalIssuer({ users: await demoUsers("demo", province.code), clock });
  const verifier = createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock });
  const token = (await issuer.login("ops", "demo"))?.token as string;
  const logger = { info() {}, error: (m: string, e?: unknown) => console.error(m, e) };
  const base = { ...stores, clock, logger, defaultProvince: province.code, auth: { verifier, issuer } };
  const withTrail = createApp(base);
  const withoutTrail = createApp({ ...base, audit: undefined });

  const seedAlert = async (id: string) => {
    const now = Date.now();
    const alert: Alert = {
      id,
      ruleId: "bts-down",
      severity: "critical",
      status: "open",
      province: province.code,
      message: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
      openedAt: now,
      lastSeenAt: now,
      occurrences: 1,
      escalated: false,
      history: [{ at: now, action: "opened" }],
    };
    // Through the state store, which writes the version its read-merge-write expects.
    await state.mergeAlert(province.code, id, () => ({ next: alert, changed: true }));
  };
  const ack = async (app: typeof withTrail, id: string) => {
    const started = performance.now();
    const response = await app.request(`/v1/alerts/${encodeURIComponent(id)}/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": "bench" },
      body: JSON.stringify({ note: "bench" }),
    });
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`ack ${id}: ${response.status} ${await response.text()}`);
    return elapsed;
  };

  // Warm the JVM at the measured rate (PITFALLS.md): a round of each, discarded.
  const perRound = Math.max(1, Math.floor(ACTIONS / ROUNDS));
  for (const [name, app] of [
    ["warm-on", withTrail],
    ["warm-off", withoutTrail],
  ] as const) {
    for (let i = 0; i < perRound; i++) {
      await seedAlert(`bench-${name}:${i}`);
      await ack(app, `bench-${name}:${i}`);
    }
  }

  const on: number[] = [];
  const off: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always runs on a JVM the other just warmed.
    const order = round % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const);
    for (const mode of order) {
      for (let i = 0; i < perRound; i++) {
        const id = `bench-${mode}-${round}:${i}`;
        await seedAlert(id);
        (mode === "on" ? on : off).push(await ack(mode === "on" ? withTrail : withoutTrail, id));
      }
    }
  }

  // Concurrent writers on one chain: each append may lose the race for the next number and retry.
  const writers = Array.from({ length: CONCURRENT }, () =>
    createAuditStore({ client: dynamo.client, tables }, { maxAttempts: 500 }),
  );
  const contendedCount = 100;
  const contendedStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, w) => {
      for (let i = w; i < contendedCount; i += CONCURRENT)
        await writers[w]?.append({
          province: "98",
          at: Date.now(),
          actor: `writer-${w}`,
          role: "ops",
          action: "alert.ack",
          objectType: "alert",
          objectId: `x:${i}`,
        });
    }),
  );
  const contendedMs = performance.now() - contendedStart;
  const chain = [];
  for await (const r of stores.audit.readChain("98")) chain.push(r);
  const verdict = verifyChain("98", chain);

  const withStats = summary(on);
  const withoutStats = summary(off);
  const figures = {
    actions: on.length + off.length,
    ackWithAudit: withStats,
    ackWithoutAudit: withoutStats,
    overheadMeanMs: round2(withStats.meanMs - withoutStats.meanMs),
    overheadP50Ms: round2(withStats.p50Ms - withoutStats.p50Ms),
    ratioMean: round2(withStats.meanMs / withoutStats.meanMs),
    concurrentWriters: CONCURRENT,
    concurrentAppends: contendedCount,
    concurrentAppendMeanMs: round2(contendedMs / contendedCount),
    concurrentChainIntact: verdict.ok && verdict.records === contendedCount,
  };
  console.log(
    `ack with audit: mean ${withStats.meanMs} ms, p50 ${withStats.p50Ms} ms, p99 ${withStats.p99Ms} ms; without: mean ${withoutStats.meanMs} ms, p50 ${withoutStats.p50Ms} ms, p99 ${withoutStats.p99Ms} ms`,
  );
  console.log(
    `audit overhead per action: ${figures.overheadMeanMs} ms mean (${figures.ratioMean}×); ${CONCURRENT} concurrent writers: ${figures.concurrentAppendMeanMs} ms per append, chain intact: ${figures.concurrentChainIntact}`,
  );
  console.log(`BENCH audit ${JSON.stringify(figures)}`);
} finally {
  await dynamo.stop();
}
process.exit(0);
