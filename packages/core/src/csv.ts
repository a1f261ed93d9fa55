/**
 * CSV for systems that export spreadsheets (RFC 4180: quoted fields, doubled quotes, CRLF or LF;
 * a UTF-8 byte-order mark is allowed). Every row keeps its line number for error reports. Written
 * CSV neutralises cells a spreadsheet would run as formulas.
 */

/** A parsed row with the 1-based line on which it starts. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** A malformed CSV text, located. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Splits CSV text into rows; blank lines are skipped. */
export function parseCsv(text: string): CsvRow[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "" && !fieldStarted)) rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = input[i + 1];
          if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
            throw new CsvSyntaxError(line, "a closing quote must end the field");
          }
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== "") throw new CsvSyntaxError(line, "a quote may only open a field");
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(rowLine, "a quoted field is never closed");
  if (field !== "" || fields.length > 0 || fieldStarted) endRow();
  return rows;
}

/**
 * A text cell a spreadsheet would read as a formula or a command: OWASP's CSV-injection list
 * (`=`, `+`, `-`, `@`, tab, carriage return). Names arrive from third-party boundary files, so an
 * export must not let one run in the planner's Excel.
 */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * One CSV field: a text that could start a formula gets a leading `'` (OWASP), and a field
 * holding a comma, quote or line break is quoted with its quotes doubled (RFC 4180). Numbers and
 * booleans are written as they are, so a negative number stays a number.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const raw = String(value);
  const text = typeof value === "string" && FORMULA_LEAD.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text from rows of fields: CRLF line ends (RFC 4180) and a final line end. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + (rows.length > 0 ? "\r\n" : "");
}

/** The columns of the readings CSV; `codeSystem` is optional. */
export const READING_CSV_COLUMNS = ["id", "commune", "metric", "value", "observedAt", "codeSystem"] as const;
const REQUIRED_COLUMNS = READING_CSV_COLUMNS.slice(0, 5);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NON_ZERO_DIGIT = /[1-9]/;

/** The number a CSV value cell holds (ingest and history import), or the text itself when it is not a plain decimal a double keeps. */
export function csvValue(text: string): number | string {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return text;
  const value = Number(trimmed);
  // "1e-400" reads as 0: storing 0 would silently change what the source said; the text stays
  // a string and the reading is refused instead.
  const mantissa = trimmed.replace(/[eE].*$/, "");
  if (value === 0 && NON_ZERO_DIGIT.test(mantissa)) return text;
  return value;
}

/**
 * Turns CSV text into raw reading objects (the same shape as JSON readings) with their line
 * numbers. Numbers are converted only when they are plain decimals, so "NaN", "Infinity" or "1,5"
 * stay strings and fail the reading schema with a clear message.
 */
export function readingsFromCsv(text: string): {
  header: string[];
  items: Array<{ line: number; raw: Record<string, unknown>; fieldCount: number }>;
} {
  const rows = parseCsv(text);
  const headerRow = rows[0];
  if (!headerRow) throw new CsvSyntaxError(1, "the file is empty; expected a header row");
  const header = headerRow.fields.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CsvSyntaxError(
      headerRow.line,
      `the header lacks column(s) ${missing.join(", ")}; expected ${READING_CSV_COLUMNS.join(",")}`,
    );
  }
  const unknown = header.filter((h) => !(READING_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) {
    throw new CsvSyntaxError(
      headerRow.line,
      `unknown column(s) ${unknown.join(", ")}; expected ${READING_CSV_COLUMNS.join(",")}`,
    );
  }
  const items = rows.slice(1).map((row) => {
    const raw: Record<string, unknown> = {};
    header.forEach((column, index) => {
      const value = row.fields[index];
      if (value === undefined || (column === "codeSystem" && value === "")) return;
      raw[column] = column === "value" ? csvValue(value) : value;
    });
    return { line: row.line, raw, fieldCount: row.fields.length };
  });
  return { header, items };
}
