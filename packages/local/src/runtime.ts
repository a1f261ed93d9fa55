/**
 * The whole IOC in one process (ARCHITECTURE.md, "local"): DynamoDB Local, the Hono API and the
 * dashboard on one port, a stream poller per table calling the Lambda handlers, the WebSocket hub,
 * and the demo simulator. `main.ts` runs it for `npm start`; tests start it on free ports.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join, relative } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { createApp } from "@ioc/api";
import { generateDemoProvince, type Province, type RegistryStore } from "@ioc/core";
import { geoEngine } from "@ioc/geo";
import {
  createDeviceService,
  createJwtVerifier,
  createLocalIssuer,
  createLocalUserDirectory,
  demoUsers,
  type LocalIssuer,
  withDeviceTokens,
} from "@ioc/identity";
import { createBroadcaster, createProcessor, runScheduledChecks } from "@ioc/pipeline";
import { renderWeeklyReportPdf } from "@ioc/report";
import {
  createCheckpointStore,
  createDeadLetterStore,
  createDynamoStores,
  createNotificationStore,
  createRuleStore,
  createStateStore,
  ensureTables,
  latestStreamArn,
  moveHistoryOutOfState,
  type TableNames,
  tableNamesFor,
} from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { type ConsoleLogger, createConsoleLogger } from "./console-logger.js";
import { createLocalDeadLetterQueue } from "./dead-letter-queue.js";
import { ensureDemoHistory, ensureDemoLegacyCodes, ensureDemoProvince, ensureDemoSourceKey } from "./demo-seed.js";
import { type DynamoLocal, LocalRuntimeError, type Supervision, startDynamoLocal } from "./dynamo-local.js";
import { hardenFetch, isApiPath } from "./http-hardening.js";
import { LiveHub } from "./live-hub.js";
import { startLocalNotifications } from "./local-notifications.js";
import { isLoopbackHost, isPortFree } from "./net.js";
import { loadProvinceBoundaries, type ProvinceBoundariesOption } from "./province-boundaries.js";
import { type Simulator, startSimulator } from "./simulator.js";
import { type StreamHandler, type StreamPoller, startStreamPoller } from "./stream-poller.js";

/** Options of the local runtime. */
/**
 * How long the local processor gathers records before handling them. Short, since records that
 * piled up while a batch was handled are not held again (see the poller), so under load batches
 * still fill up (bench:pipeline: 0.04 State writes per reading at 1,000/s) while a quiet stream is
 * handled within about a tenth of a second.
 */
export const DEFAULT_PROCESSOR_WINDOW_MS = 100;

export interface RuntimeOptions {
  port: number;
  /**
   * The interface the dashboard and API listen on; 127.0.0.1 (this machine only) when omitted.
   * Another address is refused while the demo users keep the well-known password "demo".
   * DynamoDB Local's jar has no bind option and listens on every interface whatever this says.
   */
  host?: string;
  /** Restart policy of DynamoDB Local (default 5 restarts within 5 minutes). */
  supervise?: Pick<Supervision, "maxRestarts" | "windowMs">;
  /** Called when DynamoDB Local cannot be kept running; `npm start` prints it and exits non-zero. */
  onStoreFailed?: (error: LocalRuntimeError) => void;
  dynamoPort: number;
  /** Where DynamoDB Local keeps its files and the demo key lives; in memory when omitted. */
  dataDir?: string;
  /** The built dashboard (web/dist); the API alone is served when omitted or absent. */
  webDist?: string;
  simulator?: boolean;
  /**
   * A real province instead of the demo one (\`--province 48 --boundaries file.geojson\`): its
   * boundaries are imported (repaired as \`ioc geo import --repair\` does), the demo users are scoped
   * to it and the simulator feeds its communes. Checked before anything starts.
   */
  boundaries?: ProvinceBoundariesOption;
  simulatorIntervalMs?: number;
  /** Load the demo's synthetic past on first start (docs/HISTORY.md); `npm start` does, tests and benchmarks need not. */
  demoHistory?: boolean;
  tablePrefix?: string;
  logger?: ConsoleLogger;
  clock?: () => number;
  /** Milliseconds a poller waits after an empty read. */
  pollIdleMs?: number;
  /** The password of the demo users leader, ops, planner and admin; "demo" when omitted. */
  demoPassword?: string;
  /** The processor's batching window (Lambda's MaximumBatchingWindowInSeconds); default 100 ms. */
  processorBatchWindowMs?: number;
  /** Interval of the stale-feed and escalation checks. */
  scheduleMs?: number;
  /**
   * The dev inbox's SMTP and page ports (0: any free one); false runs no inbox and sends email to
   * `mail`. Default: free ports (`npm start` asks for 2525 and 3025).
   */
  inbox?: { smtpPort: number; httpPort: number } | false;
  /** Instrumentation for benchmarks and tests: wraps each stream handler the pollers call. */
  wrapHandler?: (consumer: "processor" | "broadcaster", handler: StreamHandler) => StreamHandler;
}

/** A running local IOC. */
export interface Runtime {
  url: string;
  /** The Hono app itself, for tests that call `app.request` against the real store. */
  app: ReturnType<typeof createApp>;
  apiKey: string;
  province: Province;
  tables: TableNames;
  dynamo: DynamoLocal;
  hub: LiveHub;
  /** Signs dashboard users in (`POST /v1/auth/login`); tests use it for tokens. */
  issuer: LocalIssuer;
  simulator?: Simulator;
  /** Settles when the demo's synthetic past is loaded (or was there already, or is not wanted). */
  demoHistory: Promise<void>;
  /** Notification policies, records and the outbox; the dev inbox when one runs. */
  notifications: Awaited<ReturnType<typeof startLocalNotifications>>;
  /** Resolves once both pollers have handed every earlier record to their handlers. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Writes an imported province as the file has it: its communes, and none of the ones a previous
 * start stored that the file no longer has (the file is the province's boundaries, whole).
 */
async function ensureImportedProvince(registry: RegistryStore, province: Province): Promise<Province> {
  const existing = await registry.getProvince(province.code);
  await registry.putProvince(province);
  const codes = new Set(province.communes.map((c) => c.code));
  const gone = (existing?.communes ?? []).filter((c) => !codes.has(c.code)).map((c) => c.code);
  if (gone.length > 0) await registry.removeCommunes(province.code, gone);
  return province;
}

/** Starts everything; on any failure, stops what it had started and rethrows. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? Date.now;
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn("while stopping", String(error));
      }
    }
  };

  const host = options.host ?? "127.0.0.1";
  const demoPassword = options.demoPassword ?? "demo";
  try {
    // First, before DynamoDB Local starts: a bad file or code must leave nothing behind.
    const chosen = options.boundaries ? loadProvinceBoundaries(options.boundaries) : undefined;
    if (!isLoopbackHost(host) && demoPassword === "demo") {
      throw new LocalRuntimeError(
        "unsafe-host",
        [
          `HOST=${host} mở IOC cho các máy khác, trong khi người dùng mẫu vẫn dùng mật khẩu mặc định "demo" mà ai cũng biết. Đặt mật khẩu riêng: IOC_DEMO_PASSWORD=<mật khẩu> HOST=${host} npm start, hoặc bỏ HOST để chỉ máy này truy cập.`,
          `HOST=${host} opens the IOC to other machines while the demo users keep the well-known password "demo". Set one: IOC_DEMO_PASSWORD=<password> HOST=${host} npm start, or leave HOST unset to listen on this machine only.`,
        ].join("\n"),
      );
    }
    for (const [port, what, variable] of [
      [options.port, "the dashboard and API", "PORT"],
      [options.dynamoPort, "DynamoDB Local", "DYNAMODB_PORT"],
    ] as const) {
      if (!(await isPortFree(port))) {
        throw new LocalRuntimeError(
          "port-in-use",
          `Port ${port} (for ${what}) is already in use. Cổng ${port} đang bị chiếm.\n` +
            `Stop whatever uses it (is another 'npm start' running?) or choose another port: ${variable}=<port> npm start`,
        );
      }
    }

    logger.info(
      `starting DynamoDB Local on port ${options.dynamoPort}${options.dataDir ? ` (data in ${options.dataDir})` : " (in memory)"}`,
    );
    const tables = tableNamesFor(options.tablePrefix ?? "ioc-local");
    const dynamo: DynamoLocal = await startDynamoLocal({
      port: options.dynamoPort,
      ...(options.dataDir ? { dataDir: join(options.dataDir, "dynamodb") } : {}),
      clock,
      supervise: {
        ...options.supervise,
        onStatus: (status, detail) => (status === "up" ? logger.info(detail) : logger.warn(detail)),
        // In memory a restart starts empty; with a data folder this finds every table in place.
        onRestarted: () => ensureTables(dynamo.client, tables),
        onGiveUp: (error) => (options.onStoreFailed ? options.onStoreFailed(error) : logger.error(error.message)),
      },
    });
    cleanups.push(() => dynamo.stop());

    await ensureTables(dynamo.client, tables);
    const stores = createDynamoStores({ client: dynamo.client, tables });
    let province: Province;
    if (chosen) {
      province = await ensureImportedProvince(stores.registry, chosen.province);
      logger.info(
        `province ${province.code} (${province.name}): ${province.communes.length} communes from ${options.boundaries?.file}${chosen.repairs > 0 ? `, ${chosen.repairs} rings repaired` : ""}`,
      );
    } else {
      province = await ensureDemoProvince(stores.registry);
      await ensureDemoLegacyCodes(stores.legacyCodes, province);
    }
    // Rules stored before rules had a province become the rules of the provinces served here.
    const served = [...new Set([province.code, generateDemoProvince().code])];
    const known = (
      await Promise.all(served.map(async (code) => ((await stores.registry.getProvince(code)) ? code : undefined)))
    ).filter((code): code is string => code !== undefined);
    const migration = await createRuleStore({ client: dynamo.client, tables }).migrateGlobalRules(known);
    if (migration.found > 0)
      logger.info(
        `alert rules: ${migration.found} global rules moved to provinces ${known.join(", ")} (${migration.copied} copies of edited rules)`,
      );
    // A data folder from before the History table keeps its series in State: carried over before
    // any poller or seed reads or writes them.
    const moved = await moveHistoryOutOfState({ client: dynamo.client, tables });
    if (moved.moved > 0 || moved.conflicts.length > 0)
      logger.info(
        `history: ${moved.moved} hour buckets, days and months moved from State to History${moved.conflicts.length > 0 ? `; ${moved.conflicts.length} already in History, left in State` : ""}`,
      );
    const keyFile = options.dataDir ? join(options.dataDir, "demo-source-key") : undefined;
    const apiKey = await ensureDemoSourceKey(stores.sources, province.code, keyFile, clock);

    // Dashboard identity as on AWS, with a built-in issuer standing in for Cognito.
    const users = await demoUsers(demoPassword, province.code);
    const issuer = await createLocalIssuer({ users, clock });
    // Wall screens (issue 14 item 4): their secrets are in the store, so a restart costs them one renewal.
    const devices = await createDeviceService({ store: stores.deviceStore, clock });
    const verifier = withDeviceTokens(
      createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock }),
      devices.verifier,
    );
    const app = createApp({
      ...stores,
      notifications: createNotificationStore({ client: dynamo.client, tables }),
      clock,
      logger,
      defaultProvince: province.code,
      auth: { verifier, issuer },
      devices,
      // Dead letters and users for the administration screens (issue 13 item 1).
      deadLetters: createLocalDeadLetterQueue({ client: dynamo.client, tables, registry: stores.registry, clock }),
      users: createLocalUserDirectory(users),
      // One process serves everything locally; on AWS the report has a function of its own.
      reports: renderWeeklyReportPdf,
      // Boundary import and tiles too; on AWS the Geo function serves them (infra/Api.ts).
      geo: geoEngine,
    });
    if (options.webDist && existsSync(join(options.webDist, "index.html"))) {
      const root = relative(process.cwd(), options.webDist) || ".";
      const files = serveStatic({ root });
      const index = serveStatic({ root, path: "index.html" });
      // The SPA fallback serves the dashboard's routes, never the API's: an unknown /v1 path is
      // the app's 404 problem, not a 200 with HTML.
      app.use("/*", (c, next) => (isApiPath(c.req.path) ? next() : files(c, next)));
      app.get("/*", (c, next) => (isApiPath(c.req.path) ? next() : index(c, next)));
    } else if (options.webDist) {
      logger.warn(`no dashboard build at ${options.webDist}; run 'npm run build:web'`);
    }

    const fetch = hardenFetch(app.fetch, { storeAvailable: () => dynamo.status() === "up" });
    const server = createAdaptorServer({ fetch, port: options.port, hostname: host }) as Server;
    const hub = new LiveHub({ verifier, clock, logger });
    hub.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, () => resolve());
    });
    cleanups.push(async () => {
      await hub.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const checkpoints = createCheckpointStore(dynamo.client, tables.control);
    const wrap = (consumer: "processor" | "broadcaster", handler: StreamHandler) =>
      options.wrapHandler ? options.wrapHandler(consumer, handler) : handler;
    const pollerLogger = logger;
    const state = createStateStore({ client: dynamo.client, tables });
    const rules = createRuleStore({ client: dynamo.client, tables });
    const deadLetterStore = createDeadLetterStore({ client: dynamo.client, tables });
    // Records that failed every attempt are set aside, never block the shard (SQS on AWS).
    const processor = createProcessor({ state, registry: stores.registry, rules, clock, logger });
    const deadLetters = (consumer: string) => async (records: DynamoDBRecord[], error: unknown, shardId: string) => {
      // What the processor has not folded in yet is marked, so a replay adds it exactly once.
      if (consumer === "processor") await processor.setAside({ Records: records, shardId });
      for (const record of records) {
        await deadLetterStore.put({
          consumer,
          at: clock(),
          eventId: record.eventID ?? record.dynamodb?.SequenceNumber ?? "unknown",
          error: String(error),
          record: JSON.stringify(record),
          shardId,
        });
      }
    };
    const pollers: StreamPoller[] = [
      startStreamPoller({
        name: "processor",
        streams: dynamo.streams,
        streamArn: await latestStreamArn(dynamo.client, tables.readings),
        handler: wrap("processor", processor),
        checkpoints,
        logger: pollerLogger,
        batchWindowMs: options.processorBatchWindowMs ?? DEFAULT_PROCESSOR_WINDOW_MS,
        onGiveUp: deadLetters("processor"),
        available: () => dynamo.status() === "up",
        ...(options.pollIdleMs ? { idleMs: options.pollIdleMs } : {}),
      }),
      startStreamPoller({
        name: "broadcaster",
        streams: dynamo.streams,
        streamArn: await latestStreamArn(dynamo.client, tables.state),
        handler: wrap("broadcaster", createBroadcaster({ publisher: hub })),
        checkpoints,
        logger: pollerLogger,
        onGiveUp: deadLetters("broadcaster"),
        available: () => dynamo.status() === "up",
        ...(options.pollIdleMs ? { idleMs: options.pollIdleMs } : {}),
      }),
    ];
    cleanups.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    });
    const notifications = await startLocalNotifications({
      client: dynamo.client,
      streams: dynamo.streams,
      tables,
      checkpoints,
      province: province.code,
      clock,
      logger,
      available: () => dynamo.status() === "up",
      onGiveUp: deadLetters("notifier"),
      inbox: options.inbox ?? { smtpPort: 0, httpPort: 0 },
      ...(options.pollIdleMs ? { pollIdleMs: options.pollIdleMs } : {}),
    });
    cleanups.push(() => notifications.stop());

    // Stale feeds and escalations depend on time passing, not on data: check on a timer.
    let checking: Promise<unknown> = Promise.resolve();
    const schedule = setInterval(() => {
      checking = runScheduledChecks({
        state,
        sources: stores.sources,
        rules,
        clock,
        policies: notifications.store,
      }).catch((error) => logger.warn("scheduled checks failed", String(error)));
    }, options.scheduleMs ?? 60_000);
    cleanups.push(async () => {
      clearInterval(schedule);
      await checking;
    });

    const wildcard = host === "0.0.0.0" || host === "::";
    const reachable = wildcard ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    const url = `http://${wildcard || host === "127.0.0.1" ? "localhost" : reachable}:${options.port}`;
    // The demo's synthetic past loads in the background, so the dashboard is up at once.
    let demoHistory: Promise<void> = Promise.resolve();
    if (options.demoHistory) {
      let stopping = false;
      demoHistory = ensureDemoHistory(stores, province, clock, () => stopping).then(
        (r) => {
          if (r.loaded) logger.info(`demo history: ${r.rows} synthetic daily values loaded in ${r.ms} ms`);
        },
        (error) => logger.warn("demo history failed", String(error)),
      );
      const loading = demoHistory;
      cleanups.push(async () => {
        stopping = true;
        await loading;
      });
    }
    let simulator: Simulator | undefined;
    if (options.simulator) {
      simulator = startSimulator({
        baseUrl: `http://${reachable}:${options.port}`,
        apiKey,
        province,
        clock,
        ...(options.simulatorIntervalMs ? { intervalMs: options.simulatorIntervalMs } : {}),
        onError: (error) => logger.warn("simulator", String(error)),
      });
      const running = simulator;
      cleanups.push(() => running.stop());
    }

    return {
      url,
      app,
      apiKey,
      province,
      tables,
      dynamo,
      hub,
      issuer,
      ...(simulator ? { simulator } : {}),
      demoHistory,
      notifications,
      async drained() {
        // Readings → State first, then State → clients and the outbox.
        await pollers[0]?.drained();
        await pollers[1]?.drained();
        await notifications.drained();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
