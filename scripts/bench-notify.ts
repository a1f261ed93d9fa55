/**
 * Notification latency and escalation timing on the real local runtime (a throwaway, in-memory
 * DynamoDB Local): alerts open one after another (BENCH_ALERTS, default 200, after
 * BENCH_WARMUP alerts at the same pace), and each is timed from its State write to the signed
 * webhook's arrival at the dev inbox — State stream poller → outbox writer → outbox → notifier →
 * HTTP. Then BENCH_ESCALATIONS critical alerts wait unacknowledged: the clock jumps past their
 * policy minutes and the scheduled check (every BENCH_SCHEDULE_MS, default 1 s; 60 s in the
 * Lambda schedule) escalates them; the error is the escalation's time minus the due time.
 * Ends with `BENCH notify {json}`.
 */
import { type Alert, fire, vnDayStart } from "@ioc/core";
import { createConsoleLogger, freePort, startRuntime } from "@ioc/local";
import { createStateStore } from "@ioc/store";

const ALERTS = Number(process.env.BENCH_ALERTS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 25);
const ESCALATIONS = Number(process.env.BENCH_ESCALATIONS ?? 20);
const SCHEDULE_MS = Number(process.env.BENCH_SCHEDULE_MS ?? 1_000);
const MINUTE = 60_000;

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The runtime's clock reads 10:00 in Vietnam today, whatever the hour here: the demo policy holds
// warnings back in its quiet hours (22:00–06:00), which would measure the night, not the delivery.
let offset = vnDayStart(Date.now()) + 10 * 3_600_000 - Date.now();
const clock = () => Date.now() + offset;
console.log(`runtime clock: ${new Date(clock()).toISOString()} (10:00 in Vietnam, outside the demo's quiet hours)`);
const runtime = await startRuntime({
  port: await freePort(),
  dynamoPort: await freePort(),
  simulator: false,
  logger: createConsoleLogger("warn"),
  clock,
  pollIdleMs: 20,
  scheduleMs: SCHEDULE_MS,
});
try {
  const inbox = runtime.notifications.inbox;
  if (!inbox) throw new Error("the runtime started no dev inbox");
  const state = createStateStore({ client: runtime.dynamo.client, tables: runtime.tables });
  const province = runtime.province.code;
  const communes = runtime.province.communes;
  const open = (id: string, commune: string, severity: "critical" | "warning") =>
    state.mergeAlert(province, id, (current) => ({
      next: fire(
        current,
        {
          id,
          ruleId: id.split(":")[0] as string,
          severity,
          province,
          commune,
          value: 1,
          message: { vi: `Bench — ${commune}`, en: `Bench — ${commune}` },
        },
        clock(),
      ),
      changed: true,
    })) as Promise<Alert>;
  const arrival = (key: string) => inbox.webhooks.find((w) => w.idempotencyKey === key && w.status < 300)?.at;

  const run = async (count: number, prefix: string) => {
    const sent: Array<{ key: string; at: number }> = [];
    for (let i = 0; i < count; i++) {
      const commune = communes[i % communes.length]?.code as string;
      const id = `${prefix}:${commune}:${i}`;
      sent.push({ key: `${id}@1`, at: clock() });
      await open(id, commune, "warning");
      await sleep(GAP_MS);
    }
    const deadline = Date.now() + 60_000;
    while (sent.some((s) => arrival(s.key) === undefined) && Date.now() < deadline) await sleep(20);
    return sent.map((s) => (arrival(s.key) ?? Number.NaN) - s.at);
  };
  /** Where the time goes: State write → outbox record, and record → delivered (webhooks). */
  const split = async (prefix: string, count: number) => {
    const toOutbox: number[] = [];
    const toDelivery: number[] = [];
    for (let i = 0; i < count; i++) {
      const commune = communes[i % communes.length]?.code as string;
      for (const r of await runtime.notifications.store.listForAlert(province, `${prefix}:${commune}:${i}`)) {
        if (r.channel !== "webhook") continue;
        toOutbox.push(r.createdAt - r.changeAt);
        toDelivery.push((r.deliveredAt ?? Number.NaN) - r.createdAt);
      }
    }
    const p = (list: number[]) => {
      const sorted = list.sort((a, b) => a - b);
      return { p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)) };
    };
    return { outboxMs: p(toOutbox), deliveryMs: p(toDelivery) };
  };

  await run(WARMUP, "warmup");
  const latencies = (await run(ALERTS, "bench")).sort((a, b) => a - b);
  const lost = latencies.filter((l) => Number.isNaN(l)).length;
  const received = latencies.filter((l) => !Number.isNaN(l));
  const stages = await split("bench", ALERTS);

  // Escalation: open critical alerts, then jump the clock to 15 minutes later (the demo policy's
  // second level) and let the scheduled check find them.
  const critical: Alert[] = [];
  for (let i = 0; i < ESCALATIONS; i++) {
    const commune = communes[i % communes.length]?.code as string;
    critical.push(await open(`bench-critical:${commune}:${i}`, commune, "critical"));
  }
  offset += 15 * MINUTE;
  const deadline = Date.now() + SCHEDULE_MS * 5 + 30_000;
  let escalatedAt = new Map<string, number>();
  while (Date.now() < deadline) {
    const now = await state.getAlerts(
      province,
      critical.map((a) => a.id),
    );
    escalatedAt = new Map(
      [...now.values()].flatMap((a) => {
        const at = a.history.find((e) => e.action === "escalated")?.at;
        return at === undefined ? [] : [[a.id, at] as const];
      }),
    );
    if (escalatedAt.size === critical.length) break;
    await sleep(50);
  }
  const errors = critical
    .map((a) => (escalatedAt.get(a.id) ?? Number.NaN) - (a.openedAt + 15 * MINUTE))
    .sort((a, b) => a - b);
  const duplicates = inbox.webhooks.filter((w) => w.duplicate).length;

  const result = {
    alerts: ALERTS,
    received: received.length,
    lost,
    duplicates,
    latencyMs: {
      p50: round(quantile(received, 0.5)),
      p99: round(quantile(received, 0.99)),
      max: round(received.at(-1) ?? Number.NaN),
    },
    stages,
    escalation: {
      alerts: ESCALATIONS,
      escalated: escalatedAt.size,
      scheduleMs: SCHEDULE_MS,
      errorMs: { p50: round(quantile(errors, 0.5)), max: round(errors.at(-1) ?? Number.NaN) },
    },
  };
  console.log(
    `alert state change → webhook receipt over ${received.length}/${ALERTS} alerts: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
  );
  console.log(
    `escalation timing error (schedule every ${SCHEDULE_MS} ms): p50 ${result.escalation.errorMs.p50} ms, max ${result.escalation.errorMs.max} ms`,
  );
  console.log(`BENCH notify ${JSON.stringify(result)}`);
} finally {
  await runtime.stop();
}
