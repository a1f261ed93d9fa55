/**
 * Parses `ioc <group> <action> [--option value]…`, runs the command, and turns every failure into
 * a precise message in the user's language and an exit code.
 */
import {
  type CliCommand,
  type CliContext,
  CliError,
  type CliIo,
  type CliLang,
  type CliOptions,
  say,
} from "./cli-context.js";
import { COMMANDS } from "./commands/index.js";

/**
 * Options that never take a value: `--repair communes.geojson` must not read the file name as the
 * flag's value.
 */
const FLAGS = new Set(["help", "repair", "allow-removals", "dry-run"]);

/** Splits argv into positional words and `--name value` / `--flag` options. */
export function parseArgs(argv: readonly string[]): { words: string[]; options: CliOptions } {
  const words: string[] = [];
  const options: CliOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (inline !== undefined) options[name] = inline;
      else if (!FLAGS.has(name) && i + 1 < argv.length && !(argv[i + 1] as string).startsWith("--"))
        options[name] = argv[++i] as string;
      else options[name] = true;
    } else {
      words.push(arg);
    }
  }
  return { words, options };
}

/** The help text, in the user's language. */
export function helpText(lang: CliLang): string {
  const lines = [
    say(lang, {
      vi: "Cách dùng: npm run ioc -- <nhóm> <lệnh> [tùy chọn]",
      en: "Usage: npm run ioc -- <group> <command> [options]",
    }),
    "",
  ];
  for (const [group, actions] of Object.entries(COMMANDS)) {
    for (const [action, command] of Object.entries(actions)) {
      lines.push(`  ${`${group} ${action}`.padEnd(22)} ${say(lang, command.summary)}`);
      lines.push(`  ${"".padEnd(22)} ${command.usage}`);
    }
  }
  lines.push(
    "",
    say(lang, {
      vi: "Tùy chọn chung: --lang vi|en, --endpoint <url DynamoDB>, --table-prefix <tiền tố> (mặc định ioc-local)",
      en: "Common options: --lang vi|en, --endpoint <DynamoDB url>, --table-prefix <prefix> (default ioc-local)",
    }),
  );
  return lines.join("\n");
}

/** Finds the command for `words`, or explains what exists. */
export function resolveCommand(words: string[], lang: CliLang): { command: CliCommand; args: string[] } {
  const [group, action, ...args] = words;
  const actions = group ? COMMANDS[group] : undefined;
  if (!actions) {
    throw new CliError(
      {
        vi: `Không có nhóm lệnh "${group ?? ""}". Các nhóm: ${Object.keys(COMMANDS).join(", ")}\n\n${helpText("vi")}`,
        en: `No command group "${group ?? ""}". Groups: ${Object.keys(COMMANDS).join(", ")}\n\n${helpText("en")}`,
      },
      2,
    );
  }
  const command = action ? actions[action] : undefined;
  if (!command) {
    throw new CliError(
      {
        vi: `Nhóm "${group}" không có lệnh "${action ?? ""}". Các lệnh: ${Object.keys(actions).join(", ")}`,
        en: `Group "${group}" has no command "${action ?? ""}". Commands: ${Object.keys(actions).join(", ")}`,
      },
      2,
    );
  }
  void lang;
  return { command, args };
}

/** Runs one command with a context built by `connect`; returns the process exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  connect: (
    options: CliOptions,
  ) => Promise<Omit<CliContext, "io" | "options" | "args" | "lang"> & { close(): Promise<void> }>,
  defaultLang: CliLang = "vi",
): Promise<number> {
  const { words, options } = parseArgs(argv);
  const lang: CliLang = options.lang === "en" ? "en" : options.lang === "vi" ? "vi" : defaultLang;
  if (words.length === 0 || options.help === true || words[0] === "help") {
    io.out(helpText(lang));
    return words.length === 0 && options.help !== true && words[0] !== "help" ? 2 : 0;
  }
  let connection: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    const { command, args } = resolveCommand(words, lang);
    connection = await connect(options);
    await command.run({ ...connection, io, options, args, lang });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`✖ ${say(lang, error.text)}`);
      return error.exitCode;
    }
    io.err(
      `✖ ${say(lang, { vi: "Lỗi không mong đợi", en: "Unexpected error" })}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await connection?.close();
  }
}
