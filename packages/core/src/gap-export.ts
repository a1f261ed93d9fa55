/**
 * The coverage-gap ranking as a table for spreadsheets (issue 14 item 8): one list of typed
 * columns that the API's CSV and the dashboard's XLSX both write, so the two files always agree.
 * Every file carries the time its numbers were read (the "as of" time), in its content and name.
 */

import type { TerrainClass } from "./admin-units.js";
import { CSV_COMMA, type CsvStyle, formatCsv, neutraliseFormula } from "./csv.js";
import type { CommuneGap } from "./gaps.js";

/** How a column's cells are typed: texts, whole numbers, or numbers kept to two decimals. */
export type ExportColumnKind = "text" | "integer" | "decimal";

/** One column: its Vietnamese (English) header and the kind of its cells. */
export interface ExportColumn {
  header: string;
  kind: ExportColumnKind;
}

/** A cell: a number for numeric columns (null when not reported), a text otherwise. */
export type ExportCell = string | number | null;

/** A table ready for CSV or XLSX. */
export interface ExportTable {
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** When the numbers were read (epoch ms). */
  asOf: number;
}

const TERRAIN_VI: Record<TerrainClass, string> = {
  mountainous: "Miền núi",
  midland: "Trung du",
  delta: "Đồng bằng",
  coastal: "Ven biển",
  island: "Hải đảo",
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One line of reasons: the arithmetic behind a score, in one language. */
export function gapReasons(entry: CommuneGap, lang: "vi" | "en"): string {
  const fmt = (n: number) => round2(n).toLocaleString(lang === "vi" ? "vi-VN" : "en-US");
  const parts = entry.components
    .filter((c) => c.input !== null)
    .map((c) => `${c.label[lang]}: ${fmt(c.quantity)} × ${fmt(c.weight)} = ${fmt(c.points)}`);
  const factors = entry.multipliers.map((m) => `${m.label[lang]} × ${fmt(m.factor)}`);
  const missing =
    entry.missing.length > 0
      ? [`${lang === "vi" ? "Chưa có số liệu" : "Not reported"}: ${entry.missing.join(", ")}`]
      : [];
  return [...parts, ...factors, ...missing].join("; ");
}

const GAP_COLUMNS: ExportColumn[] = [
  { header: "Hạng (Rank)", kind: "integer" },
  { header: "Mã xã (Code)", kind: "text" },
  { header: "Tên xã (Name)", kind: "text" },
  { header: "Địa hình (Terrain)", kind: "text" },
  { header: "Biên giới (Border)", kind: "text" },
  { header: "Đặc biệt khó khăn (Extremely disadvantaged)", kind: "text" },
  { header: "Dân số (Population)", kind: "integer" },
  { header: "Số hộ (Households)", kind: "integer" },
  { header: "Phủ sóng 4G % (4G coverage %)", kind: "decimal" },
  { header: "Thôn chưa có sóng (Villages without signal)", kind: "decimal" },
  { header: "Hộ có cáp quang % (Fibre households %)", kind: "decimal" },
  { header: "Người chưa có 4G (People without 4G)", kind: "decimal" },
  { header: "Hộ chưa có cáp quang (Households without fibre)", kind: "decimal" },
  { header: "Điểm cơ sở (Base points)", kind: "decimal" },
  { header: "Hệ số (Multiplier)", kind: "decimal" },
  { header: "Điểm khoảng trống (Gap score)", kind: "decimal" },
  { header: "Lý do (Reasons)", kind: "text" },
  { header: "Số liệu lúc (As of UTC)", kind: "text" },
];

/** The ranking as a typed table; the last column repeats the as-of time so every row carries it. */
export function gapExportTable(entries: readonly CommuneGap[], asOf: number): ExportTable {
  const yes = (b: boolean) => (b ? "Có" : "Không");
  const input = (v: number | null) => (v === null ? null : round2(v));
  const stamp = new Date(asOf).toISOString();
  const rows = entries.map((e): ExportCell[] => {
    const [people, villages, households] = e.components;
    return [
      e.rank,
      e.code,
      e.name,
      TERRAIN_VI[e.terrain],
      yes(e.border),
      yes(e.extremelyDisadvantaged),
      e.population,
      e.households,
      input(people?.input ?? null),
      input(villages?.input ?? null),
      input(households?.input ?? null),
      round2(people?.quantity ?? 0),
      round2(households?.quantity ?? 0),
      round2(e.basePoints),
      round2(e.multiplier),
      round2(e.score),
      gapReasons(e, "vi"),
      stamp,
    ];
  });
  return { columns: GAP_COLUMNS, rows, asOf };
}

/**
 * An export table as CSV: a BOM so Excel reads UTF-8, the header row, CRLF line ends (RFC 4180),
 * in either dialect; texts that could start a formula are defused (core csv.ts).
 */
export function exportTableCsv(table: ExportTable, style: CsvStyle = CSV_COMMA): string {
  return `\uFEFF${formatCsv([table.columns.map((c) => c.header), ...table.rows], style)}`;
}

/** A text cell made safe for a spreadsheet (the same OWASP rule as the CSV writer). */
export function exportText(value: string): string {
  return neutraliseFormula(value);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `stem-2026-12-01T1235Z.ext`: the as-of time (UTC, to the minute) in a file name safe on Windows. */
export function exportFilename(stem: string, asOf: number, ext: string): string {
  const d = new Date(asOf);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${stem}-${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z.${ext}`;
}

/** "Số liệu lúc 19:35 ngày 01/12/2026 (giờ Việt Nam)" or its English: the as-of line for a sheet. */
export function asOfLine(asOf: number, lang: "vi" | "en"): string {
  const d = new Date(asOf + 7 * 3_600_000);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  return lang === "vi"
    ? `Số liệu lúc ${time} ngày ${date} (giờ Việt Nam, UTC+7)`
    : `Figures as of ${time} on ${date} (Vietnam time, UTC+7)`;
}
