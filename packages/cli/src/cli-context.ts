/**
 * What every CLI command gets: the stores, a clock, output in the user's language, and parsed
 * options. Commands never read `process.env` or touch the terminal directly, so tests run them
 * in-process against a real DynamoDB Local.
 */
import type { createDynamoStores } from "@ioc/store";

/** Vietnamese first; English with `--lang en` or IOC_LANG=en. */
export type CliLang = "vi" | "en";

/** A message in both languages. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** Where a command writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Rewrites one status line on a terminal (long imports); "" clears it. Absent: no progress shown. */
  progress?(text: string): void;
}

/** Parsed command-line options: `--name value` and bare `--flag`. */
export type CliOptions = Record<string, string | true>;

/** The stores a command may use. */
export type CliStores = ReturnType<typeof createDynamoStores>;

/** Everything a command runs with. */
export interface CliContext {
  stores: CliStores;
  clock: () => number;
  lang: CliLang;
  io: CliIo;
  options: CliOptions;
  /** Positional arguments after the command's action. */
  args: string[];
  /** Table names and endpoint, for commands that need the raw client (e.g. dlq, geo). */
  dynamo: import("@ioc/store").DynamoDeps;
  /** Who runs the CLI (the OS user, read by the entry point), as the audit trail names them. */
  operator?: string;
}

/** A failure the user can fix; printed as one line in their language, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    readonly text: Bilingual,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(text.en);
  }
}

/** One `ioc <group> <action>` command. */
export interface CliCommand {
  summary: Bilingual;
  usage: string;
  run(context: CliContext): Promise<void>;
}

/** Picks the user's language. */
export function say(lang: CliLang, text: Bilingual): string {
  return text[lang];
}

/** A required string option, or a usage error naming it. */
export function requireOption(options: CliOptions, name: string, usage: string): string {
  const value = options[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new CliError(
      { vi: `Thiếu tùy chọn --${name}. Cách dùng: ${usage}`, en: `Missing option --${name}. Usage: ${usage}` },
      2,
    );
  }
  return value.trim();
}
