import { describe, expect, it } from "vitest";
import type { Commune } from "./admin-units.js";
import { parseCsv } from "./csv.js";
import { asOfLine, exportFilename, exportTableCsv, exportText, gapExportTable } from "./gap-export.js";
import { computeGaps } from "./gaps.js";

const AS_OF = Date.parse("2026-12-01T12:35:40Z");

function commune(code: string, name: string, population: number): Commune {
  return {
    code,
    name,
    kind: "xã",
    provinceCode: "99",
    population,
    households: population / 4,
    areaKm2: 10,
    terrain: "mountainous",
    border: false,
    extremelyDisadvantaged: false,
    labelPoint: [105.1, 0.1],
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [105, 0],
          [105.1, 0],
          [105.1, 0.1],
          [105, 0.1],
          [105, 0],
        ],
      ],
    },
  };
}

// Names as a hostile boundary file could bring them: each would run as a formula in Excel.
const HOSTILE = ['=HYPERLINK("http://x","Xã A")', "+84 Xã B", "-1+2", "@SUM(A1:A9)", "\tXã C", "\rXã D"];
const communes = HOSTILE.map((name, i) => commune(`9900${i + 1}`, name, 4000 + i * 1000));
const latest = communes.map((c, i) => ({ commune: c.code, metric: "net.coverage_4g", value: 50.125 + i }));
const ranking = computeGaps(communes, latest);

describe("gapExportTable", () => {
  it("types numbers as numbers and keeps names as text, with the as-of time in every row", () => {
    const table = gapExportTable(ranking.entries, AS_OF);
    expect(table.columns[0]).toEqual({ header: "Hạng (Rank)", kind: "integer" });
    expect(table.columns.at(-1)?.header).toBe("Số liệu lúc (As of UTC)");
    for (const row of table.rows) {
      table.columns.forEach((column, i) => {
        const cell = row[i];
        if (column.kind === "text") expect(typeof cell).toBe("string");
        else expect(cell === null || typeof cell === "number").toBe(true);
      });
      expect(row.at(-1)).toBe("2026-12-01T12:35:40.000Z");
    }
    // Two decimals kept, not more: 50.125 → 50.13 (the coverage column).
    expect(table.rows.map((r) => r[8]).sort()).toContain(50.13);
  });
});

describe("exportTableCsv", () => {
  it.each([
    ["comma", { separator: ",", decimal: "." }],
    ["semicolon", { separator: ";", decimal: "," }],
  ] as const)("defuses every hostile name in the %s dialect and round-trips", (_, style) => {
    const text = exportTableCsv(gapExportTable(ranking.entries, AS_OF), style);
    expect(text.startsWith("\uFEFFHạng (Rank)")).toBe(true);
    const body = style.separator === ";" ? text.replaceAll(";", "\u0000") : text;
    // parseCsv reads commas only; for `;` swap separators through a placeholder to reuse it.
    const rows = parseCsv(style.separator === ";" ? body.replaceAll(",", "\u0001").replaceAll("\u0000", ",") : body)
      .slice(1)
      .map((r) => r.fields.map((f) => f.replaceAll("\u0001", ",")));
    const names = rows.map((r) => r[2] as string);
    expect(names.sort()).toEqual(HOSTILE.map((h) => `'${h}`).sort());
    for (const name of names) expect(name).not.toMatch(/^[=+\-@\t\r]/);
    const coverage = rows.map((r) => r[8] as string);
    if (style.decimal === ",") expect(coverage).toContain("50,13");
    else expect(coverage).toContain("50.13");
  });
});

describe("export helpers", () => {
  it("names files with the as-of minute in UTC, safe on Windows", () => {
    expect(exportFilename("ioc-xa-phuong", AS_OF, "csv")).toBe("ioc-xa-phuong-2026-12-01T1235Z.csv");
    expect(exportFilename("x", AS_OF, "xlsx")).not.toMatch(/[:\\/*?"<>|]/);
  });

  it("writes the as-of line in Vietnamese time, in both languages", () => {
    expect(asOfLine(AS_OF, "vi")).toBe("Số liệu lúc 19:35 ngày 01/12/2026 (giờ Việt Nam, UTC+7)");
    expect(asOfLine(AS_OF, "en")).toBe("Figures as of 19:35 on 01/12/2026 (Vietnam time, UTC+7)");
  });

  it("defuses texts for the XLSX writer the same way", () => {
    expect(exportText("=1+1")).toBe("'=1+1");
    expect(exportText("Xã Đồng Văn")).toBe("Xã Đồng Văn");
  });
});
