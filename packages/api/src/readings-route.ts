/**
 * `POST /v1/readings`: provincial systems push readings, as JSON or CSV. Whole-request failures
 * are problems (400/401/403/413/415/422/429); per-reading failures are reported by index (and CSV
 * line) while the valid readings are stored, each exactly once per (source, id).
 */

import { type IngestReport, ingestRoute } from "@ioc/contract";
import {
  CsvSyntaxError,
  checkReading,
  type LegacyCodeEntry,
  MAX_BODY_BYTES,
  MAX_READINGS_PER_REQUEST,
  readingsFromCsv,
  SCOPE_PROBLEMS,
  type Source,
  type ValidReading,
} from "@ioc/core";
import { bodyLimit } from "hono/body-limit";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { authenticateSource } from "./source-auth.js";
import { parseJsonOrProblem } from "./validation.js";

/** How long a commune's province is remembered; the registry changes only on a boundary import. */
const PROVINCE_CACHE_MS = 5 * 60_000;

type IncomingItem = { index: number; line?: number; raw: unknown; fieldCount?: number; expectedFields?: number };

/** The ingest route. */
export function readingsRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono();
  const provinceCache = new Map<string, { province: string; at: number }>();

  /** Province of each commune code, from the cache or the registry. */
  const provincesOf = async (codes: Iterable<string>): Promise<Map<string, string>> => {
    const now = deps.clock();
    const known = new Map<string, string>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const hit = provinceCache.get(code);
      if (hit && now - hit.at < PROVINCE_CACHE_MS) known.set(code, hit.province);
      else missing.push(code);
    }
    if (missing.length > 0) {
      for (const [code, province] of await deps.registry.provincesOf(missing)) {
        provinceCache.set(code, { province, at: now });
        known.set(code, province);
      }
    }
    return known;
  };

  app.openapi(
    {
      ...ingestRoute,
      middleware: [
        bodyLimit({
          maxSize: MAX_BODY_BYTES,
          onError: () => {
            throw problem("payload-too-large", {
              detail: `the body exceeds ${MAX_BODY_BYTES} bytes (256 KiB); split it into smaller requests`,
            });
          },
        }),
      ],
    },
    async (c) => {
      const source = await authenticateSource(deps.sources, c.req.header("authorization"), deps.clock());
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (contentType !== "application/json" && contentType !== "text/csv") {
        throw problem("unsupported-media-type", {
          detail: `send application/json or text/csv; got ${contentType || "no content type"}`,
        });
      }
      const text = decodeUtf8(await c.req.arrayBuffer());
      const items = contentType === "text/csv" ? csvItems(text) : jsonItems(text);
      if (items.length > MAX_READINGS_PER_REQUEST) {
        throw problem("too-many-readings", {
          detail: `${items.length} readings in one request; at most ${MAX_READINGS_PER_REQUEST}`,
        });
      }
      const now = deps.clock();
      const budget = await deps.rateLimiter.take(source.id, items.length, source.rateLimitPerMinute, now);
      if (!budget.ok) {
        throw problem("rate-limited", {
          detail: `source ${source.id} may send ${source.rateLimitPerMinute} readings per minute; retry in ${budget.retryAfterSeconds} s`,
          extensions: { retryAfter: budget.retryAfterSeconds },
          headers: { "retry-after": String(budget.retryAfterSeconds) },
        });
      }
      const report = await ingest(source, items, now);
      if (
        report.accepted === 0 &&
        report.duplicates === 0 &&
        report.rejected.length > 0 &&
        report.rejected.every((r) => SCOPE_PROBLEMS.has(r.code))
      ) {
        throw problem("out-of-scope", {
          detail: `source ${source.id} may write province ${source.provinceCode}, metrics ${source.metricPrefixes.map((p) => `${p}*`).join(", ")}; nothing in this request is within that scope`,
          extensions: { rejected: report.rejected },
        });
      }
      return c.json(report, 202);
    },
  );

  const ingest = async (source: Source, items: IncomingItem[], now: number): Promise<IngestReport> => {
    const legacy = await resolveLegacy(items);
    const codes: string[] = [];
    for (const item of items) {
      const commune = (item.raw as { commune?: unknown } | null)?.commune;
      if (typeof commune === "string") codes.push(commune);
    }
    for (const entry of legacy.values()) if (entry.type === "full") codes.push(entry.newCode);
    const provinces = await provincesOf(codes);

    const rejected: IngestReport["rejected"] = [];
    const valid: ValidReading[] = [];
    const seenIds = new Set<string>();
    let duplicates = 0;
    for (const item of items) {
      const where = { index: item.index, ...(item.line === undefined ? {} : { line: item.line }) };
      if (item.fieldCount !== undefined && item.fieldCount !== item.expectedFields) {
        rejected.push({
          ...where,
          code: "invalid-reading",
          detail: `line ${item.line} has ${item.fieldCount} fields; the header has ${item.expectedFields}`,
        });
        continue;
      }
      const result = checkReading(item.raw, {
        sourceId: source.id,
        provinceCode: source.provinceCode,
        metricPrefixes: source.metricPrefixes,
        provinceOf: (code) => provinces.get(code),
        legacy,
        now,
      });
      if (!result.ok) {
        const detail = item.line === undefined ? result.problem.detail : `line ${item.line}: ${result.problem.detail}`;
        rejected.push({ ...where, ...result.problem, detail });
        continue;
      }
      // The first copy of an id in a request wins, deterministically.
      if (seenIds.has(result.reading.id)) {
        duplicates++;
        continue;
      }
      seenIds.add(result.reading.id);
      valid.push(result.reading);
    }

    const outcomes = await deps.readings.putManyOnce(valid, now);
    const accepted = outcomes.filter((o) => o === "stored").length;
    duplicates += outcomes.length - accepted;
    return { accepted, duplicates, rejected };
  };

  const resolveLegacy = async (items: IncomingItem[]): Promise<Map<string, LegacyCodeEntry>> => {
    const oldCodes: string[] = [];
    for (const item of items) {
      const raw = item.raw as { codeSystem?: unknown; commune?: unknown } | null;
      if (raw?.codeSystem === "pre-2025" && typeof raw.commune === "string" && /^\d{5}$/.test(raw.commune)) {
        oldCodes.push(raw.commune);
      }
    }
    return oldCodes.length > 0 ? deps.legacyCodes.getMany(oldCodes) : new Map();
  };

  return app;
}

function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw problem("invalid-encoding", { detail: "the body is not valid UTF-8", cause: error });
  }
}

function jsonItems(text: string): IncomingItem[] {
  const body = parseJsonOrProblem(text);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw problem("invalid-body", { detail: 'expected an object { "readings": [ … ] }' });
  }
  const readings = (body as { readings?: unknown }).readings;
  if (!Array.isArray(readings)) {
    throw problem("invalid-body", { detail: '"readings" must be an array of readings' });
  }
  if (readings.length === 0) throw problem("invalid-body", { detail: '"readings" is empty' });
  return readings.map((raw, index) => ({ index, raw }));
}

function csvItems(text: string): IncomingItem[] {
  let parsed: ReturnType<typeof readingsFromCsv>;
  try {
    parsed = readingsFromCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      // A CsvSyntaxError's message is ours (core's parser), written for the client.
      throw problem("malformed-csv", { detail: error.message, extensions: { line: error.line }, cause: error });
    }
    throw error;
  }
  if (parsed.items.length === 0) {
    throw problem("invalid-body", { detail: "the CSV has a header but no readings" });
  }
  return parsed.items.map((item, index) => ({
    index,
    line: item.line,
    raw: item.raw,
    fieldCount: item.fieldCount,
    expectedFields: parsed.header.length,
  }));
}
