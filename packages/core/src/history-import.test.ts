import { describe, expect, it } from "vitest";
import { CsvSyntaxError } from "./csv.js";
import { checkHistoryRows, historyItemsFromCsv } from "./history-import.js";

const NOW = Date.parse("2026-11-22T03:00:00Z");
const context = {
  provinceCode: "99",
  provinceOf: (c: string) => ({ "99001": "99", "99002": "99", "45001": "45" })[c],
  legacy: new Map(),
  now: NOW,
};
const check = (csv: string) => checkHistoryRows(historyItemsFromCsv(csv), context);

describe("historical import checks", () => {
  it("takes past days older than the readings' retention, one value per commune × metric × day (the last)", () => {
    const result = check(
      [
        "commune,metric,value,observedAt",
        "99001,net.coverage_4g,41.5,2021-06-30T12:00:00+07:00",
        "99001,net.coverage_4g,42,2021-06-30T18:00:00+07:00",
        "99002,net.bts_down,3,2026-11-21T23:59:00+07:00",
      ].join("\n"),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { commune: "99001", metric: "net.coverage_4g", value: 42, observedAt: Date.parse("2021-06-30T18:00:00+07:00") },
        { commune: "99002", metric: "net.bts_down", value: 3, observedAt: Date.parse("2026-11-21T23:59:00+07:00") },
      ],
    });
  });

  it("refuses the whole file and locates every bad row with ingest's problem codes", () => {
    const result = check(
      [
        "id,commune,metric,value,observedAt",
        "a,99001,net.coverage_4g,40,2024-01-01T00:00:00+07:00",
        "b,99001,net.coverage_4g,140,2024-01-01T00:00:00+07:00",
        "c,99009,net.coverage_4g,40,2024-01-01T00:00:00+07:00",
        "d,45001,net.coverage_4g,40,2024-01-01T00:00:00+07:00",
        "e,99001,no.such,40,2024-01-01T00:00:00+07:00",
        "f,99001,net.bts_down,1.5,2024-01-01T00:00:00+07:00",
        "g,99001,net.coverage_4g,40,2026-11-22T08:00:00+07:00",
        "h,99001,net.coverage_4g,40,1999-12-31T00:00:00+07:00",
        "i,99001,net.coverage_4g,NaN,2024-01-01T00:00:00+07:00",
        "j,99001,net.coverage_4g,40",
      ].join("\r\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
      [3, "value-out-of-range"],
      [4, "unknown-commune"],
      [5, "commune-out-of-scope"],
      [6, "unknown-metric"],
      [7, "value-not-integer"],
      [8, "observed-in-future"],
      [9, "observed-too-old"],
      [10, "invalid-reading"],
      [11, "invalid-reading"],
    ]);
    expect(result.rejected[0]?.detail).toMatch(/^line 3: value 140 is outside/);
    expect(result.total).toBe(9);
  });

  it("refuses a malformed file or header as a whole, with its line", () => {
    expect(() => historyItemsFromCsv("")).toThrow(CsvSyntaxError);
    expect(() => historyItemsFromCsv("commune,metric,value\n99001,x,1")).toThrow(/lacks column\(s\) observedAt/);
    expect(() => historyItemsFromCsv("commune,metric,value,observedAt,extra\n")).toThrow(/unknown column\(s\) extra/);
  });
});
