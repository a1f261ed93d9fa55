/**
 * Notifications end to end on real parts: DynamoDB Local (State table and its stream, Control
 * table), the outbox writer fed the State stream as Lambda would feed it, the notifier, and real
 * receivers — an SMTP server and an HTTP webhook receiver (the dev inbox). No mocks.
 */
import { type Alert, acknowledge, fire, type NotificationPolicy } from "@ioc/core";
import {
  createNotificationChannels,
  createNotifier,
  createOutboxWriter,
  runScheduledChecks,
  startNotifierLoop,
} from "@ioc/pipeline";
import {
  createDynamoStores,
  createNotificationStore,
  createRuleStore,
  createStateStore,
  ensureTables,
  latestStreamArn,
  tableNamesFor,
} from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevInbox, startDevInbox } from "./dev-inbox.js";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";
import { readWholeStream } from "./test-support.js";

const MINUTE = 60_000;
// 10:00 in Vietnam; the quiet-hours test moves to 23:30.
const DAY = Date.UTC(2026, 11, 1, 3, 0);
const NIGHT = Date.UTC(2026, 11, 1, 16, 30);
const PROVINCE = "99";
let dynamo: DynamoLocal;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
});
afterAll(async () => {
  await dynamo?.stop();
});

const policyFor = (inbox: DevInbox, overrides: Partial<NotificationPolicy> = {}): NotificationPolicy => ({
  province: PROVINCE,
  people: [
    { id: "an", name: "Nguyễn Văn An", email: "an@ioc.local" },
    { id: "chi", name: "Lê Minh Chi", email: "chi@ioc.local" },
  ],
  dutyLists: [{ id: "ca-truc", name: "Ca trực", members: ["an"] }],
  webhooks: [
    { id: "zalo", name: "Zalo OA", url: `${inbox.webhookUrl}/zalo`, secret: inbox.secret },
    { id: "lanh-dao", name: "Lãnh đạo", url: `${inbox.webhookUrl}/level1`, secret: inbox.secret },
  ],
  routes: [
    {
      severities: ["critical"],
      levels: [
        { afterMinutes: 0, email: ["ca-truc"], webhooks: ["zalo"] },
        { afterMinutes: 15, email: ["chi"], webhooks: ["lanh-dao"] },
      ],
    },
    { severities: ["warning"], levels: [{ afterMinutes: 0, email: [], webhooks: ["zalo"] }] },
  ],
  quietHours: { start: "22:00", end: "06:00" },
  ...overrides,
});

/** A throwaway set of tables, the stores over them, and a clock the test moves. */
async function setup(prefix: string, inbox: DevInbox, options: { backoffBaseMs?: number } = {}) {
  const tables = tableNamesFor(prefix);
  await ensureTables(dynamo.client, tables);
  const deps = { client: dynamo.client, tables };
  const state = createStateStore(deps);
  const store = createNotificationStore(deps);
  const clock = { now: DAY };
  const now = () => clock.now;
  await store.putPolicy(policyFor(inbox));
  const writer = createOutboxWriter({ store, clock: now });
  const streamArn = await latestStreamArn(dynamo.client, tables.state);
  const channels = createNotificationChannels({
    mail: { kind: "smtp", ...inbox.smtp },
    from: "ioc@ioc.local",
    clock: now,
  });
  const notifier = (owner: string) =>
    createNotifier({
      store,
      channels,
      clock: now,
      owner,
      backoff: { baseMs: options.backoffBaseMs ?? 1_000, maxMs: 60_000, maxAttempts: 8 },
      leaseMs: MINUTE,
    });
  return {
    deps,
    state,
    store,
    clock,
    now,
    notifier,
    /** Feeds the whole State stream to the outbox writer, as a (re)delivered Lambda batch. */
    async feed() {
      const event = await readWholeStream(dynamo.streams, streamArn);
      const result = await writer(event);
      expect(result.batchItemFailures).toEqual([]);
    },
    async open(id: string, severity: "critical" | "warning", at = clock.now): Promise<Alert> {
      return (await state.mergeAlert(PROVINCE, id, (current) => ({
        next: fire(
          current,
          {
            id,
            ruleId: id.split(":")[0] as string,
            severity,
            province: PROVINCE,
            commune: "99001",
            value: 1,
            message: { vi: "Trạm BTS mất liên lạc — Xã 1", en: "Base station down — Commune 1" },
          },
          at,
        ),
        changed: true,
      }))) as Alert;
    },
  };
}

describe("notifications of alert state changes", () => {
  it("reach a real SMTP server and a signed webhook once per state change, never per reading", async () => {
    const inbox = await startDevInbox({ smtpPort: 0, httpPort: 0 });
    try {
      const t = await setup("it-notify-basic", inbox);
      await t.open("bts-down:99001", "critical");
      // The value refreshes three times: no state change, nothing to tell.
      for (let i = 0; i < 3; i++) {
        t.clock.now += MINUTE;
        await t.open("bts-down:99001", "critical");
      }
      await t.feed();
      await t.feed(); // a replayed batch writes nothing twice
      const report = await t.notifier("a").drainOnce();
      expect(report).toEqual({ delivered: 2, retried: 0, failed: 0 });
      expect(inbox.webhooks).toHaveLength(1);
      expect(inbox.webhooks[0]).toMatchObject({
        path: "/webhook/zalo",
        status: 200,
        signature: "valid",
        idempotencyKey: "bts-down:99001@1",
        body: { type: "ioc.alert", change: "opened", alert: { severity: "critical" } },
      });
      expect(inbox.emails).toHaveLength(1);
      expect(inbox.emails[0]).toMatchObject({ to: ["an@ioc.local"], idempotencyKey: "bts-down:99001@1" });
      expect(inbox.emails[0]?.subject).toBe("[Nghiêm trọng] Cảnh báo mới — Trạm BTS mất liên lạc — Xã 1");

      // Acknowledged: one more change, told to everyone told so far.
      t.clock.now += MINUTE;
      await t.state.mergeAlert(PROVINCE, "bts-down:99001", (a) => ({
        next: acknowledge(a as Alert, "ops", t.clock.now),
        changed: true,
      }));
      await t.feed();
      expect(await t.notifier("a").drainOnce()).toEqual({ delivered: 2, retried: 0, failed: 0 });
      expect(inbox.webhooks.map((w) => w.idempotencyKey)).toEqual(["bts-down:99001@1", "bts-down:99001@2"]);
      const records = await t.store.listForAlert(PROVINCE, "bts-down:99001");
      expect(records.map((r) => [r.change, r.channel, r.status, r.attempts])).toEqual([
        ["opened", "email", "delivered", 1],
        ["opened", "webhook", "delivered", 1],
        ["acknowledged", "email", "delivered", 1],
        ["acknowledged", "webhook", "delivered", 1],
      ]);
      expect(await t.store.pendingCount()).toBe(0);
    } finally {
      await inbox.stop();
    }
  });

  it("retries with backoff: a receiver that fails five times gets it on the sixth", async () => {
    const inbox = await startDevInbox({
      smtpPort: 0,
      httpPort: 0,
      answer: ({ attempt }) => (attempt <= 5 ? 503 : 200),
    });
    try {
      const t = await setup("it-notify-retry", inbox);
      await t.store.putPolicy(
        policyFor(inbox, {
          routes: [{ severities: ["critical"], levels: [{ afterMinutes: 0, email: [], webhooks: ["zalo"] }] }],
        }),
      );
      await t.open("bts-down:99002", "critical");
      await t.feed();
      const notifier = t.notifier("a");
      const waits: number[] = [];
      for (let pass = 0; pass < 6; pass++) {
        const before = t.clock.now;
        const report = await notifier.drainOnce();
        expect(report.delivered + report.retried).toBe(1);
        // Not due again before its backoff: a pass right now sends nothing.
        if (report.retried) {
          expect(await notifier.drainOnce()).toEqual({ delivered: 0, retried: 0, failed: 0 });
          const [entry] = await t.store.due(Number.MAX_SAFE_INTEGER, 10);
          waits.push((entry?.dueAt ?? 0) - before);
          t.clock.now = entry?.dueAt ?? t.clock.now;
        }
      }
      // Exponential with equal jitter around 1, 2, 4, 8, 16 s.
      expect(waits).toHaveLength(5);
      waits.forEach((w, i) => {
        expect(w).toBeGreaterThanOrEqual(500 * 2 ** i);
        expect(w).toBeLessThanOrEqual(1_000 * 2 ** i);
      });
      expect(inbox.webhooks.map((w) => w.status)).toEqual([503, 503, 503, 503, 503, 200]);
      const [record] = await t.store.listForAlert(PROVINCE, "bts-down:99002");
      expect(record).toMatchObject({ status: "delivered", attempts: 6 });
      expect(record?.attemptLog.map((a) => a.ok)).toEqual([false, false, false, false, false, true]);
      expect(record?.attemptLog[0]?.detail).toBe("webhook answered 503");
    } finally {
      await inbox.stop();
    }
  });

  it("loses nothing and resends nothing it recorded when the notifier process dies mid-delivery", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const inbox = await startDevInbox({
      smtpPort: 0,
      httpPort: 0,
      // The first five posts hang: the notifier dies while they are in flight.
      answer: async () => {
        if (held < 5) {
          held++;
          await gate;
        }
        return 200;
      },
    });
    try {
      const t = await setup("it-notify-restart", inbox);
      await t.store.putPolicy(
        policyFor(inbox, {
          routes: [{ severities: ["critical"], levels: [{ afterMinutes: 0, email: [], webhooks: ["zalo"] }] }],
        }),
      );
      const ids = Array.from({ length: 20 }, (_, i) => `bts-down:99${String(100 + i)}`);
      for (const id of ids) await t.open(id, "critical");
      await t.feed();

      const first = startNotifierLoop(t.notifier("first"), { idleMs: 10 });
      while (held < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      await first.kill();
      release();
      const status = async () =>
        new Map(
          await Promise.all(
            ids.map(async (id) => [id, (await t.store.listForAlert(PROVINCE, id))[0]?.status] as const),
          ),
        );
      const recordedBeforeRestart = [...(await status())].filter(([, s]) => s === "delivered").map(([id]) => id);
      expect(recordedBeforeRestart.length).toBeLessThan(ids.length);

      // The next process: what is unclaimed goes at once; the dead one's leases run out, then
      // it takes those over too.
      const second = t.notifier("second");
      await second.drainOnce();
      t.clock.now += MINUTE + 1;
      await second.drainOnce();
      expect(await t.store.pendingCount()).toBe(0);
      expect([...(await status()).values()].every((s) => s === "delivered")).toBe(true);

      // Nothing lost: every change accepted by the receiver.
      const accepted = inbox.webhooks.filter((w) => w.status === 200);
      expect(new Set(accepted.map((w) => w.idempotencyKey))).toEqual(new Set(ids.map((id) => `${id}@1`)));
      // Nothing recorded as delivered is sent again.
      for (const id of recordedBeforeRestart)
        expect(inbox.webhooks.filter((w) => w.idempotencyKey === `${id}@1`)).toHaveLength(1);
      // A send the dead process made but never recorded is sent again with the same key, which
      // the receiver recognises: at most the sends in flight at the kill (16 lanes).
      const repeats = accepted.filter((w) => w.duplicate).map((w) => w.idempotencyKey);
      expect(repeats.length).toBeLessThanOrEqual(16);
      for (const key of repeats) expect(recordedBeforeRestart).not.toContain(key?.replace(/@1$/, ""));
    } finally {
      release();
      await inbox.stop();
    }
  });

  it("escalates an unacknowledged critical alert after its policy minutes and tells the next level", async () => {
    const inbox = await startDevInbox({ smtpPort: 0, httpPort: 0 });
    try {
      const t = await setup("it-notify-escalate", inbox);
      const stores = createDynamoStores(t.deps);
      await stores.sources.putSource({
        id: "vnpt",
        name: "VNPT",
        provinceCode: PROVINCE,
        metricPrefixes: ["net."],
        cadenceSeconds: 300,
        rateLimitPerMinute: 600,
        createdAt: DAY,
      });
      const checks = {
        state: t.state,
        sources: stores.sources,
        rules: createRuleStore(t.deps),
        policies: t.store,
        clock: t.now,
      };
      const opened = await t.open("bts-down:99003", "critical");
      const acked = await t.open("bts-down:99004", "critical");
      await t.state.mergeAlert(PROVINCE, acked.id, (a) => ({
        next: acknowledge(a as Alert, "ops", DAY),
        changed: true,
      }));

      t.clock.now = opened.openedAt + 15 * MINUTE - 1;
      expect((await runScheduledChecks(checks)).escalated).toEqual([]);
      t.clock.now = opened.openedAt + 15 * MINUTE;
      expect((await runScheduledChecks(checks)).escalated).toEqual([opened.id]);
      // Checked again: already at the last level, nothing more.
      t.clock.now += 10 * MINUTE;
      expect((await runScheduledChecks(checks)).escalated).toEqual([]);

      await t.feed();
      await t.notifier("a").drainOnce();
      const escalation = inbox.webhooks.find((w) => w.path === "/webhook/level1");
      expect(escalation?.body).toMatchObject({ change: "escalated", level: 1, alert: { id: opened.id } });
      expect(inbox.emails.map((e) => e.to[0])).toContain("chi@ioc.local");
      const [alert] = (await t.state.getAlerts(PROVINCE, [opened.id])).values();
      const at = alert?.history.find((e) => e.action === "escalated")?.at ?? 0;
      expect(at - (opened.openedAt + 15 * MINUTE)).toBe(0);
    } finally {
      await inbox.stop();
    }
  });

  it("holds back a warning in quiet hours, and not a critical", async () => {
    const inbox = await startDevInbox({ smtpPort: 0, httpPort: 0 });
    try {
      const t = await setup("it-notify-quiet", inbox);
      t.clock.now = NIGHT;
      await t.open("cameras-offline:99005", "warning");
      await t.open("bts-down:99005", "critical");
      await t.feed();
      await t.notifier("a").drainOnce();
      expect(inbox.webhooks.map((w) => w.idempotencyKey)).toEqual(["bts-down:99005@1"]);
      const [warning] = await t.store.listForAlert(PROVINCE, "cameras-offline:99005");
      expect(warning).toMatchObject({ status: "suppressed", suppressed: "quiet-hours", attempts: 0 });
      expect(await t.store.pendingCount()).toBe(0);
    } finally {
      await inbox.stop();
    }
  });
});
