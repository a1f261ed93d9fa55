/** A terse console logger for the local runtime; Lambdas use Powertools' JSON logger instead. */
export interface ConsoleLogger {
  debug(message: string, extra?: unknown): void;
  info(message: string, extra?: unknown): void;
  warn(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
/** Log levels, least to most severe. */
export type LogLevel = (typeof LEVELS)[number];

/** A logger printing `level` and above. */
export function createConsoleLogger(level: LogLevel = "info"): ConsoleLogger {
  const threshold = LEVELS.indexOf(level);
  const emit = (at: LogLevel, message: string, extra?: unknown) => {
    if (LEVELS.indexOf(at) < threshold) return;
    const suffix = extra === undefined ? "" : ` ${extra instanceof Error ? extra.message : JSON.stringify(extra)}`;
    const line = `[${new Date().toISOString().slice(11, 19)}] ${at.padEnd(5)} ${message}${suffix}`;
    if (at === "error" || at === "warn") console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, e) => emit("debug", m, e),
    info: (m, e) => emit("info", m, e),
    warn: (m, e) => emit("warn", m, e),
    error: (m, e) => emit("error", m, e),
  };
}
