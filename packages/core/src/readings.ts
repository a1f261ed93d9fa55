/**
 * Readings as provincial systems send them, and the checks every one passes before it is stored.
 */
import * as z from "zod/mini";
import "./zod-locale.js";
import type { LegacyCodeEntry } from "./legacy-codes.js";
import { findMetric } from "./metrics.js";

/** Most readings one request may carry. */
export const MAX_READINGS_PER_REQUEST = 500;
/** Largest accepted request body, in bytes. */
export const MAX_BODY_BYTES = 256 * 1024;
/** How far in the future `observedAt` may be, to absorb clock skew between systems. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How long readings are kept; older observations are refused. */
export const RETENTION_DAYS = 400;

/** The commune code systems a reading may use. */
export const CODE_SYSTEMS = ["2025", "pre-2025"] as const;

/**
 * The smallest non-zero magnitude DynamoDB's Number type holds (its documented range is 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 either side of zero, 38 significant digits). A
 * smaller one is refused with "Number underflow", which failed whole batches before readings
 * were checked against it.
 */
export const MIN_STORABLE_MAGNITUDE = 1e-130;
/**
 * The largest magnitude the store writes as a plain number: the SDK's `marshall` refuses any
 * number above `Number.MAX_SAFE_INTEGER` (it would lose digits), far below DynamoDB's 1E+126.
 */
export const MAX_STORABLE_MAGNITUDE = Number.MAX_SAFE_INTEGER;
/**
 * The smallest non-zero reading accepted. Not DynamoDB's 1e-130: the processor stores values
 * derived from readings (a province's population-weighted mean scales one by a population share,
 * ≥ 1e-9 for any province; an attainment divides by a target, ≤ 1e6), and those must stay
 * storable too. 1e-100 leaves 30 orders of magnitude for them; no indicator needs smaller.
 */
export const MIN_READING_MAGNITUDE = 1e-100;

/**
 * True when DynamoDB (through the SDK) stores `value` exactly: finite, zero or a magnitude in
 * [MIN_STORABLE_MAGNITUDE, MAX_STORABLE_MAGNITUDE]. A double prints with at most 17 significant
 * digits, inside DynamoDB's 38.
 */
export function isStorableNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= MIN_STORABLE_MAGNITUDE && magnitude <= MAX_STORABLE_MAGNITUDE);
}

/** True when `value` may be a reading: storable, and zero or at least MIN_READING_MAGNITUDE in magnitude. */
export function isReadingNumber(value: number): boolean {
  return isStorableNumber(value) && (value === 0 || Math.abs(value) >= MIN_READING_MAGNITUDE);
}

/** One reading as sent on the wire. `z.number()` already refuses NaN and ±Infinity in zod 4. */
export const readingInputSchema = z
  .strictObject({
    id: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(128),
        z.describe("The source's own idempotency key: the same (source, id) is stored once"),
      ),
    commune: z
      .string()
      .check(
        z.regex(/^\d{5}$/, "a 5-digit commune code"),
        z.describe("5-digit commune code (post-2025 unless codeSystem says pre-2025)"),
      ),
    metric: z
      .string()
      .check(z.minLength(1), z.maxLength(64), z.describe("A metric key from the catalogue, e.g. net.coverage_4g")),
    value: z.number().check(z.describe("The value, in the metric's unit and range")),
    observedAt: z.iso.datetime({ offset: true }).check(z.describe("When it was observed (ISO 8601 with offset)")),
    codeSystem: z
      .optional(z.enum(CODE_SYSTEMS))
      .check(z.describe('"pre-2025" maps a legacy commune code to the commune that absorbed it')),
  })
  .check(z.meta({ id: "Reading" }));
/** One reading as sent on the wire, typed. */
export type ReadingInput = z.infer<typeof readingInputSchema>;

/** The request body of `POST /v1/readings` (JSON). Items are checked one by one. */
export const readingsRequestSchema = z
  .object({ readings: z.array(readingInputSchema).check(z.minLength(1), z.maxLength(MAX_READINGS_PER_REQUEST)) })
  .check(z.meta({ id: "ReadingsRequest" }));

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
  /** The legacy code the source sent, when it was mapped. */
  legacyCode?: string;
}

/** Stable codes of per-reading problems. */
export const READING_PROBLEM_CODES = [
  "invalid-reading",
  "unknown-metric",
  "metric-out-of-scope",
  "unknown-commune",
  "commune-out-of-scope",
  "unknown-legacy-commune",
  "ambiguous-legacy-commune",
  "value-out-of-range",
  "value-not-integer",
  "value-not-storable",
  "observed-in-future",
  "observed-too-old",
] as const;

/** Why one reading of a batch was refused; `code` is stable, `detail` is for people. */
export interface ReadingProblem {
  code: (typeof READING_PROBLEM_CODES)[number];
  detail: string;
  /** For an ambiguous legacy code: the communes it was split between. */
  candidates?: string[];
}

/** Problems that mean "not yours to write", as opposed to "not valid". */
export const SCOPE_PROBLEMS: ReadonlySet<ReadingProblem["code"]> = new Set([
  "metric-out-of-scope",
  "commune-out-of-scope",
]);

/** What a check needs to know beyond the reading itself. */
export interface ReadingContext {
  sourceId: string;
  /** The province the source's key may write. */
  provinceCode: string;
  /** Metric key prefixes the source may write; "" allows all. */
  metricPrefixes: readonly string[];
  /** The province a commune belongs to, if the registry knows it. */
  provinceOf: (commune: string) => string | undefined;
  /** Legacy codes resolved beforehand (lookups are I/O; checks are not). */
  legacy: ReadonlyMap<string, LegacyCodeEntry>;
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

  let commune = input.commune;
  let legacyCode: string | undefined;
  if (input.codeSystem === "pre-2025") {
    const entry = context.legacy.get(input.commune);
    if (!entry) {
      return fail("unknown-legacy-commune", `pre-2025 commune code "${input.commune}" is not in the legacy mapping`);
    }
    if (entry.type === "partial") {
      return {
        ok: false,
        problem: {
          code: "ambiguous-legacy-commune",
          detail: `pre-2025 commune "${input.commune}" (${entry.name}) was split between ${entry.candidates.join(", ")}; send the new code`,
          candidates: entry.candidates,
        },
      };
    }
    legacyCode = input.commune;
    commune = entry.newCode;
  }

  const metric = findMetric(input.metric);
  if (!metric) return fail("unknown-metric", `metric "${input.metric}" is not in the catalogue`);
  if (!context.metricPrefixes.some((prefix) => metric.key.startsWith(prefix))) {
    return fail(
      "metric-out-of-scope",
      `this source may write ${context.metricPrefixes.map((p) => `${p}*`).join(", ")}; not ${metric.key}`,
    );
  }
  const province = context.provinceOf(commune);
  if (province === undefined) {
    return fail("unknown-commune", `commune "${commune}" is not in the registry`);
  }
  if (province !== context.provinceCode) {
    return fail(
      "commune-out-of-scope",
      `commune "${commune}" belongs to province ${province}; this source writes province ${context.provinceCode}`,
    );
  }
  if (input.value < metric.range.min || input.value > metric.range.max) {
    return fail(
      "value-out-of-range",
      `value ${input.value} is outside ${metric.key}'s range [${metric.range.min}, ${metric.range.max}] ${metric.unit}`,
    );
  }
  if (!isReadingNumber(input.value)) {
    return fail(
      "value-not-storable",
      `value ${input.value} cannot be stored and computed exactly: a non-zero value needs a magnitude between ${MIN_READING_MAGNITUDE} and ${MAX_STORABLE_MAGNITUDE}; send 0 or round it`,
    );
  }
  if (metric.integer && !Number.isInteger(input.value)) {
    return fail("value-not-integer", `${metric.key} counts whole units; got ${input.value}`);
  }
  const observedAt = Date.parse(input.observedAt);
  if (observedAt > context.now + FUTURE_SKEW_MS) {
    return fail("observed-in-future", `observedAt ${input.observedAt} is more than 5 minutes in the future`);
  }
  if (observedAt < context.now - RETENTION_DAYS * 86_400_000) {
    return fail("observed-too-old", `observedAt ${input.observedAt} is older than the ${RETENTION_DAYS}-day retention`);
  }
  return {
    ok: true,
    reading: {
      sourceId: context.sourceId,
      id: input.id,
      provinceCode: province,
      commune,
      metric: metric.key,
      value: input.value,
      observedAt,
      ...(legacyCode ? { legacyCode } : {}),
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
