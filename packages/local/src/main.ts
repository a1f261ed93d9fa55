/**
 * `npm start`: the whole IOC on this machine. Reads its configuration from the command line and
 * the environment, starts the runtime, prints where to look, and stops every child on exit.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createConsoleLogger, type LogLevel } from "./console-logger.js";
import { LocalRuntimeError } from "./dynamo-local.js";
import { type ProvinceBoundariesOption, StartOptionError } from "./province-boundaries.js";
import { type Runtime, startRuntime } from "./runtime.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function parsePort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`${name}=${raw} is not a port number (1–65535). ${name} phải là số cổng hợp lệ.`);
    process.exit(2);
  }
  return port;
}

const HELP = `Usage: npm start [-- --no-simulator] [-- --province <2 digits> --boundaries <communes.geojson>]

Runs the IOC locally: DynamoDB Local, the API, the stream pipeline and the dashboard.
  --no-simulator            do not feed the synthetic demo province
  --province <code>         evaluate on a real province (one of the 34 since 2025, e.g. 48)…
  --boundaries <file>       …with its communes from this GeoJSON file (repaired as 'ioc geo import
                            --repair'); the demo users see that province, the simulator feeds it
Environment: PORT (default 3000), DYNAMODB_PORT (default 8000), IOC_DATA_DIR (default .data),
             HOST (default 127.0.0.1: this machine only; another address needs IOC_DEMO_PASSWORD),
             LOG_LEVEL (debug|info|warn|error), IOC_DEMO_PASSWORD (the demo users' password, default demo)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // The AWS SDK prints a multi-line notice on Node 20; one line says the same without alarm.
  if (
    Number(process.versions.node.split(".")[0]) < 22 &&
    !process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
  ) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
    console.log(`note: Node ${process.versions.node} runs the IOC; AWS SDK releases after early 2027 need Node ≥ 22.`);
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return;
  }
  const parsed = parseStartArgs(args);
  if ("unknown" in parsed) {
    console.error(`Tùy chọn không hợp lệ: ${parsed.unknown.join(" ")}. Unknown option.\n\n${HELP}`);
    process.exit(2);
  }
  let boundaries: ProvinceBoundariesOption | undefined;
  try {
    boundaries = boundariesOption(parsed.values);
  } catch (error) {
    if (!(error instanceof StartOptionError)) throw error;
    console.error(`\n✖ ${error.message}\n`);
    process.exit(error.exitCode);
  }
  const logger = createConsoleLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? "info");
  const dataDir = resolve(process.env.IOC_DATA_DIR ?? join(root, ".data"));
  const demoPassword = process.env.IOC_DEMO_PASSWORD || "demo";
  const started = Date.now();

  let runtime: Runtime | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping… (đang dừng)`);
    await runtime?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    runtime = await startRuntime({
      port: parsePort("PORT", 3000),
      ...(process.env.HOST ? { host: process.env.HOST } : {}),
      onStoreFailed: (error) => {
        console.error(`\n✖ ${error.message}\n`);
        void runtime?.stop().finally(() => process.exit(1));
        if (!runtime) process.exit(1);
      },
      dynamoPort: parsePort("DYNAMODB_PORT", 8000),
      dataDir,
      webDist: join(root, "web/dist"),
      simulator: !parsed.flags.has("--no-simulator"),
      ...(boundaries ? { boundaries } : {}),
      // The demo's synthetic past (docs/HISTORY.md) comes with the demo feed; a real province's
      // boundaries get none, so its trends start from its own readings and imports.
      demoHistory: !parsed.flags.has("--no-simulator") && !boundaries,
      logger,
      demoPassword,
    });
  } catch (error) {
    if (error instanceof StartOptionError) {
      console.error(`\n✖ ${error.message}\n`);
      process.exit(error.exitCode);
    }
    if (error instanceof LocalRuntimeError) {
      console.error(`\n✖ ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (stopping) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      "",
      `  IOC — Trung tâm điều hành thông minh (local) ready in ${seconds} s`,
      `  Dashboard / Bảng điều khiển:  ${runtime.url}`,
      `  API:                          ${runtime.url}/v1/communes · ${runtime.url}/health`,
      `  Đăng nhập: leader | ops | planner | admin, mật khẩu ${demoPassword === "demo" ? "demo" : "trong IOC_DEMO_PASSWORD"}`,
      `  Sign in:   leader | ops | planner | admin, password ${demoPassword === "demo" ? "demo" : "as set in IOC_DEMO_PASSWORD"}`,
      boundaries
        ? `  Province: ${runtime.province.name} (${runtime.province.code}), ${runtime.province.communes.length} communes from ${boundaries.file} — ranh giới thật, số liệu mô phỏng / real boundaries, simulated readings`
        : `  Province: ${runtime.province.name} (${runtime.province.code}), ${runtime.province.communes.length} communes — dữ liệu mô phỏng / synthetic demo data`,
      `  Demo source key (also in ${join(dataDir, "demo-source-key")}):`,
      `    ${runtime.apiKey}`,
      `  Simulator: ${runtime.simulator ? "on" : "off (--no-simulator)"}. Press Ctrl-C to stop.`,
      "",
    ].join("\n"),
  );
}

/** The command line: flags, `--name value` / `--name=value` options, or the unknown words. */
function parseStartArgs(
  args: readonly string[],
): { flags: Set<string>; values: Map<string, string | undefined> } | { unknown: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string | undefined>();
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    if (name === "--no-simulator") flags.add(name);
    else if (name === "--province" || name === "--boundaries") {
      const next = args[i + 1];
      const value = inline ?? (next !== undefined && !next.startsWith("--") ? next : undefined);
      if (inline === undefined && value !== undefined) i++;
      values.set(name, value);
    } else unknown.push(arg);
  }
  return unknown.length > 0 ? { unknown } : { flags, values };
}

/** `--province` and `--boundaries` go together; either alone is a mistake said precisely. */
function boundariesOption(values: Map<string, string | undefined>): ProvinceBoundariesOption | undefined {
  const province = values.get("--province")?.trim();
  const file = values.get("--boundaries")?.trim();
  if (!values.has("--province") && !values.has("--boundaries")) return undefined;
  if (!province)
    throw new StartOptionError(
      "boundaries-without-province",
      {
        vi: "Thiếu mã tỉnh: --boundaries cần đi cùng --province <mã 2 chữ số>, ví dụ npm start -- --province 48 --boundaries communes.geojson",
        en: "Missing province code: --boundaries needs --province <2 digits>, e.g. npm start -- --province 48 --boundaries communes.geojson",
      },
      2,
    );
  if (!file)
    throw new StartOptionError(
      "province-without-boundaries",
      {
        vi: `Thiếu tệp ranh giới: --province ${province} cần đi cùng --boundaries <tệp GeoJSON các xã của tỉnh>`,
        en: `Missing boundary file: --province ${province} needs --boundaries <GeoJSON file of the province's communes>`,
      },
      2,
    );
  // npm runs the script from the repository root; a relative path means where the user typed it.
  return { province, file: resolve(process.env.INIT_CWD ?? process.cwd(), file) };
}

main().catch(async (error) => {
  console.error("✖ the IOC failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
