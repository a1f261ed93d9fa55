import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, readingsFromCsv } from "./csv.js";

describe("parseCsv", () => {
  it("handles a BOM, quotes, doubled quotes, embedded newlines and CRLF, keeping line numbers", () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\nlast,');
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 4, fields: ["multi\nline", "z"] },
      { line: 6, fields: ["last", ""] },
    ]);
  });

  it("locates an unclosed quote and a quote inside a bare field", () => {
    expect(() => parseCsv('a\n"open')).toThrowError(new CsvSyntaxError(2, "a quoted field is never closed"));
    expect(() => parseCsv('a\nx"y')).toThrowError(/line 2: a quote may only open a field/);
    expect(() => parseCsv('"a"b')).toThrowError(/line 1: a closing quote must end the field/);
  });
});

describe("readingsFromCsv", () => {
  it("converts plain decimals only, so NaN, Infinity and decimal commas fail validation later", () => {
    const { items } = readingsFromCsv(
      'id,commune,metric,value,observedAt\n1,99001,m,42.5,t\n2,99001,m,NaN,t\n3,99001,m,"1,5",t\n4,99001,m,-2e3,t',
    );
    expect(items.map((i) => i.raw.value)).toEqual([42.5, "NaN", "1,5", -2000]);
    expect(items.map((i) => i.line)).toEqual([2, 3, 4, 5]);
  });

  it("refuses a header that lacks required columns or has unknown ones", () => {
    expect(() => readingsFromCsv("id,commune,metric,value\n")).toThrowError(/lacks column\(s\) observedAt/);
    expect(() => readingsFromCsv("id,commune,metric,value,observedAt,unit\n")).toThrowError(/unknown column\(s\) unit/);
    expect(() => readingsFromCsv("")).toThrowError(/empty/);
  });
});
