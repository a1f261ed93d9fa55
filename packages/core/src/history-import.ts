/**
 * The historical import's checks: a province's past values (annual DTI or statistics reports, the
 * demo's synthetic past) as rows of commune, metric, value and observedAt. Each row is checked as
 * ingest checks a reading (`checkReading`: known commune of the province, known metric, value in
 * its range and storable, whole for counts, pre-2025 codes mapped), and its time against history's
 * own window instead of the live one: a day before today (Vietnam time) — today belongs to the
 * live stream — and not before `HISTORY_EARLIEST`, however old past the readings' retention.
 * A file is all or nothing: any bad row refuses it, every bad row is reported with its line.
 */
import { CsvSyntaxError, csvValue, parseCsv } from "./csv.js";
import { type HistoryRow, vnDate } from "./history.js";
import type { LegacyCodeEntry } from "./legacy-codes.js";
import type { HistoryStore, LegacyCodeStore, RegistryStore } from "./ports.js";
import { checkReading, type ReadingProblem } from "./readings.js";
import { vnDayStart } from "./time.js";

/** The earliest day history takes (the national programme starts in 2020; annual reports before it). */
export const HISTORY_EARLIEST = Date.parse("2000-01-01T00:00:00+07:00");
/** The columns of a history CSV: `id` and `codeSystem` are optional (`id` is not stored). */
export const HISTORY_CSV_COLUMNS = ["commune", "metric", "value", "observedAt", "id", "codeSystem"] as const;
const REQUIRED = HISTORY_CSV_COLUMNS.slice(0, 4);
/** Bad rows listed in a refusal at most (the count is always given in full). */
export const MAX_LISTED_PROBLEMS = 1_000;

/** One raw row and where it came from. */
export interface HistoryItem {
  /** 0-based data row index. */
  index: number;
  /** CSV only: the 1-based line. */
  line?: number;
  raw: unknown;
  fieldCount?: number;
  expectedFields?: number;
}

/** A refused row, located like an ingest rejection. */
export interface HistoryRowProblem extends ReadingProblem {
  index: number;
  line?: number;
}

/** What the checks need besides the rows. */
export interface HistoryCheckContext {
  /** The province the import writes. */
  provinceCode: string;
  /** The province a commune belongs to, if the registry knows it. */
  provinceOf: (commune: string) => string | undefined;
  /** Legacy codes resolved beforehand. */
  legacy: ReadonlyMap<string, LegacyCodeEntry>;
  now: number;
}

/** Raw rows of a history CSV, located; a malformed file throws `CsvSyntaxError`. */
export function historyItemsFromCsv(text: string): HistoryItem[] {
  const rows = parseCsv(text);
  const headerRow = rows[0];
  if (!headerRow) throw new CsvSyntaxError(1, "the file is empty; expected a header row");
  const header = headerRow.fields.map((h) => h.trim());
  const expected = `${REQUIRED.join(",")}[,id][,codeSystem]`;
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new CsvSyntaxError(headerRow.line, `the header lacks column(s) ${missing.join(", ")}; expected ${expected}`);
  const unknown = header.filter((h) => !(HISTORY_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0)
    throw new CsvSyntaxError(headerRow.line, `unknown column(s) ${unknown.join(", ")}; expected ${expected}`);
  return rows.slice(1).map((row, index) => {
    const raw: Record<string, unknown> = {};
    header.forEach((column, i) => {
      const value = row.fields[i];
      if (value === undefined || ((column === "codeSystem" || column === "id") && value === "")) return;
      raw[column] = column === "value" ? csvValue(value) : value;
    });
    return { index, line: row.line, raw, fieldCount: row.fields.length, expectedFields: header.length };
  });
}

/** The pre-2025 commune codes among raw rows, to resolve before checking. */
export function legacyCodesOf(items: readonly HistoryItem[]): string[] {
  const codes: string[] = [];
  for (const { raw } of items) {
    const r = raw as { codeSystem?: unknown; commune?: unknown } | null;
    if (r?.codeSystem === "pre-2025" && typeof r.commune === "string" && /^\d{5}$/.test(r.commune))
      codes.push(r.commune);
  }
  return codes;
}

/**
 * Checks every row. All valid: the rows to write, one per commune × metric × day (the day's last,
 * by observedAt then line, as the stream's daily value is the day's last reading). Any invalid:
 * every problem, located, and no rows.
 */
export function checkHistoryRows(
  items: readonly HistoryItem[],
  context: HistoryCheckContext,
): { ok: true; rows: HistoryRow[] } | { ok: false; rejected: HistoryRowProblem[]; total: number } {
  const today = vnDayStart(context.now);
  const rejected: HistoryRowProblem[] = [];
  const kept = new Map<string, HistoryRow>();
  for (const item of items) {
    const where = { index: item.index, ...(item.line === undefined ? {} : { line: item.line }) };
    const at = item.line === undefined ? `row ${item.index}` : `line ${item.line}`;
    const reject = (problem: ReadingProblem) =>
      rejected.push({ ...where, ...problem, detail: `${at}: ${problem.detail}` });
    if (item.fieldCount !== undefined && item.fieldCount !== item.expectedFields) {
      reject({ code: "invalid-reading", detail: `${item.fieldCount} fields; the header has ${item.expectedFields}` });
      continue;
    }
    const raw = item.raw as Record<string, unknown> | null;
    // The row needs no id of its own (nothing is stored per row); ingest's schema wants one.
    const asReading = raw && typeof raw === "object" ? { id: `row-${item.index}`, ...raw } : raw;
    const observed = typeof raw?.observedAt === "string" ? Date.parse(raw.observedAt) : Number.NaN;
    // Time is checked below against history's window, so ingest's live window is centred on the row.
    const result = checkReading(asReading, {
      sourceId: "history-import",
      provinceCode: context.provinceCode,
      metricPrefixes: [""],
      provinceOf: context.provinceOf,
      legacy: context.legacy,
      now: Number.isFinite(observed) ? observed : context.now,
    });
    if (!result.ok) {
      reject(result.problem);
      continue;
    }
    const { reading } = result;
    if (reading.observedAt >= today) {
      reject({
        code: "observed-in-future",
        detail: `observedAt ${String(raw?.observedAt)} is not before today (Vietnam time); history takes past days, today's values come from live ingest`,
      });
      continue;
    }
    if (reading.observedAt < HISTORY_EARLIEST) {
      reject({ code: "observed-too-old", detail: `observedAt ${String(raw?.observedAt)} is before 2000-01-01` });
      continue;
    }
    const key = `${reading.commune}|${reading.metric}|${vnDayStart(reading.observedAt)}`;
    const was = kept.get(key);
    if (!was || reading.observedAt >= was.observedAt)
      kept.set(key, {
        commune: reading.commune,
        metric: reading.metric,
        value: reading.value,
        observedAt: reading.observedAt,
      });
  }
  if (rejected.length > 0)
    return { ok: false, rejected: rejected.slice(0, MAX_LISTED_PROBLEMS), total: rejected.length };
  return { ok: true, rows: [...kept.values()] };
}

/** A historical import refused whole: every bad row is in `rejected` (at most 1,000), nothing was stored. */
export class HistoryImportRefusedError extends Error {
  readonly code = "history-import-refused";
  constructor(
    readonly rejected: HistoryRowProblem[],
    readonly total: number,
  ) {
    super(`${total} row(s) refused; nothing was stored`);
    this.name = "HistoryImportRefusedError";
  }
}

/** A historical import into a province the registry does not hold. */
export class HistoryProvinceNotFoundError extends Error {
  readonly code = "province-not-found";
  constructor(readonly province: string) {
    super(`province ${province} is not in the registry`);
    this.name = "HistoryProvinceNotFoundError";
  }
}

/** What a historical import reads and writes. */
export interface HistoryImportDeps {
  registry: Pick<RegistryStore, "getProvince" | "provincesOf">;
  legacyCodes: Pick<LegacyCodeStore, "getMany">;
  history: Pick<HistoryStore, "importRows">;
}

/** What an import stored. */
export interface HistoryImportResult {
  rows: number;
  days: number;
  /** The earliest and latest day imported ("YYYY-MM-DD"), when any. */
  from?: string;
  to?: string;
}

/**
 * The one import path (the API route, `ioc history import`, the demo's synthetic past): checks
 * every row first, then writes. Any bad row throws `HistoryImportRefusedError` before anything is
 * written. Writes only history (day items and province months), never readings, so nothing reaches
 * the readings stream and no live alert can fire.
 */
export async function importHistory(
  items: readonly HistoryItem[],
  deps: HistoryImportDeps,
  options: { province: string; now: number; source: "import" | "synthetic" },
): Promise<HistoryImportResult> {
  const province = await deps.registry.getProvince(options.province);
  if (!province) throw new HistoryProvinceNotFoundError(options.province);
  const oldCodes = legacyCodesOf(items);
  const legacy = oldCodes.length > 0 ? await deps.legacyCodes.getMany(oldCodes) : new Map<string, LegacyCodeEntry>();
  const codes = new Set<string>();
  for (const { raw } of items) {
    const commune = (raw as { commune?: unknown } | null)?.commune;
    if (typeof commune === "string") codes.add(commune);
  }
  for (const entry of legacy.values()) if (entry.type === "full") codes.add(entry.newCode);
  const own = new Set(province.communes.map((c) => c.code));
  // Communes of this province are known from its registry; only strangers need a lookup.
  const strangers = [...codes].filter((c) => !own.has(c));
  const elsewhere = strangers.length > 0 ? await deps.registry.provincesOf(strangers) : new Map<string, string>();
  const checked = checkHistoryRows(items, {
    provinceCode: options.province,
    provinceOf: (c) => (own.has(c) ? options.province : elsewhere.get(c)),
    legacy,
    now: options.now,
  });
  if (!checked.ok) throw new HistoryImportRefusedError(checked.rejected, checked.total);
  const { rows } = checked;
  const written = await deps.history.importRows(options.province, province.communes, rows, options.source);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    first = Math.min(first, r.observedAt);
    last = Math.max(last, r.observedAt);
  }
  return {
    rows: rows.length,
    days: written.days,
    ...(rows.length > 0 ? { from: vnDate(first), to: vnDate(last) } : {}),
  };
}
