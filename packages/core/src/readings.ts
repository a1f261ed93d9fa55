/**
 * Readings as provincial systems send them, and the checks every one passes before it is stored.
 */
import { z } from "zod";
import { findMetric } from "./metrics.js";

/** Most readings one request may carry. */
export const MAX_READINGS_PER_REQUEST = 500;
/** Largest accepted request body, in bytes. */
export const MAX_BODY_BYTES = 256 * 1024;
/** How far in the future `observedAt` may be, to absorb clock skew between systems. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How long readings are kept; older observations are refused. */
export const RETENTION_DAYS = 400;

/** One reading as sent on the wire. */
export const readingInputSchema = z.object({
  id: z.string().min(1).max(128),
  commune: z.string().regex(/^\d{5}$/, "a 5-digit commune code"),
  metric: z.string().min(1).max(64),
  value: z.number().finite(),
  observedAt: z.iso.datetime({ offset: true }),
});
/** One reading as sent on the wire, typed. */
export type ReadingInput = z.infer<typeof readingInputSchema>;

/** The request body of `POST /v1/readings`. */
export const readingsRequestSchema = z.object({
  readings: z.array(z.unknown()).min(1).max(MAX_READINGS_PER_REQUEST),
});

/** A reading that passed every check, ready to store. */
export interface ValidReading {
  sourceId: string;
  id: string;
  provinceCode: string;
  commune: string;
  metric: string;
  value: number;
  /** Epoch milliseconds. */
  observedAt: number;
}

/** Why one reading of a batch was refused; `code` is stable, `detail` is for people. */
export interface ReadingProblem {
  code:
    | "invalid-reading"
    | "unknown-commune"
    | "unknown-metric"
    | "value-out-of-range"
    | "value-not-integer"
    | "observed-in-future"
    | "observed-too-old";
  detail: string;
}

/** What a check needs to know beyond the reading itself. */
export interface ReadingContext {
  sourceId: string;
  provinceCode: string;
  /** True when the commune code belongs to the province. */
  hasCommune: (code: string) => boolean;
  now: number;
}

/** Checks one raw reading; returns the typed reading or the reason it was refused. */
export function checkReading(
  raw: unknown,
  context: ReadingContext,
): { ok: true; reading: ValidReading } | { ok: false; problem: ReadingProblem } {
  const parsed = readingInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "reading";
    return fail("invalid-reading", `${where}: ${issue?.message ?? "invalid"}`);
  }
  const input = parsed.data;
  const metric = findMetric(input.metric);
  if (!metric) return fail("unknown-metric", `metric "${input.metric}" is not in the catalogue`);
  if (!context.hasCommune(input.commune)) {
    return fail("unknown-commune", `commune "${input.commune}" is not in province ${context.provinceCode}`);
  }
  if (input.value < metric.range.min || input.value > metric.range.max) {
    return fail(
      "value-out-of-range",
      `value ${input.value} is outside ${metric.key}'s range [${metric.range.min}, ${metric.range.max}] ${metric.unit}`,
    );
  }
  if (metric.integer && !Number.isInteger(input.value)) {
    return fail("value-not-integer", `${metric.key} counts whole units; got ${input.value}`);
  }
  const observedAt = Date.parse(input.observedAt);
  if (observedAt > context.now + FUTURE_SKEW_MS) {
    return fail("observed-in-future", `observedAt ${input.observedAt} is in the future`);
  }
  if (observedAt < context.now - RETENTION_DAYS * 86_400_000) {
    return fail("observed-too-old", `observedAt ${input.observedAt} is older than the ${RETENTION_DAYS}-day retention`);
  }
  return {
    ok: true,
    reading: {
      sourceId: context.sourceId,
      id: input.id,
      provinceCode: context.provinceCode,
      commune: input.commune,
      metric: metric.key,
      value: input.value,
      observedAt,
    },
  };
}

function fail(code: ReadingProblem["code"], detail: string) {
  return { ok: false as const, problem: { code, detail } };
}

/** The order in which observations supersede each other: later `observedAt` wins, ties broken by
 * the reading's own key so every replica and every replay picks the same winner. */
export interface Observation {
  observedAt: number;
  readingKey: string;
}

/** True when `incoming` should replace `current` as the latest value. */
export function supersedes(incoming: Observation, current: Observation | undefined): boolean {
  if (!current) return true;
  if (incoming.observedAt !== current.observedAt) return incoming.observedAt > current.observedAt;
  return incoming.readingKey > current.readingKey;
}
