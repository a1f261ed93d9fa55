/**
 * The ranking as an Excel workbook, built in the browser from the ranking the view already holds.
 * `write-excel-file` (one dependency, fflate; no install script) is imported on demand so the
 * dashboard's first load does not carry it: only a planner who asks for the file downloads it.
 */
import { asOfLine, type ExportTable, exportText } from "@ioc/core";

/** Excel number formats by column kind: thousands grouping, two decimals where the values have them. */
const FORMAT = { integer: "#,##0", decimal: "#,##0.00" } as const;

/** Builds the workbook: an as-of line in row 1, the Vietnamese (English) headers in row 2, then one row per commune. */
export async function exportTableXlsx(table: ExportTable, sheet: string): Promise<Blob> {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const asOf = [
    { value: `${asOfLine(table.asOf, "vi")} · ${asOfLine(table.asOf, "en")}`, fontWeight: "bold" as const },
  ];
  const header = table.columns.map((c) => ({ value: c.header, fontWeight: "bold" as const, wrap: true }));
  const rows = table.rows.map((row) =>
    row.map((cell, i) => {
      const kind = table.columns[i]?.kind ?? "text";
      if (cell === null) return null;
      if (kind === "text" || typeof cell === "string") return { type: String, value: exportText(String(cell)) };
      return { type: Number, value: cell, format: FORMAT[kind] };
    }),
  );
  return writeXlsxFile([asOf, header, ...rows], {
    sheet,
    stickyRowsCount: 2,
    columns: table.columns.map((c) => ({ width: c.kind === "text" ? (c.header.startsWith("Lý do") ? 80 : 22) : 14 })),
  }).toBlob();
}
