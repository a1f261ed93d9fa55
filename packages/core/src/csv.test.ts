import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvField, formatCsv, parseCsv, readingsFromCsv } from "./csv.js";

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

describe("readingsFromCsv and the number domain", () => {
  it("keeps a value that underflows to zero as text, so it is refused rather than stored as 0", () => {
    const { items } = readingsFromCsv(
      "id,commune,metric,value,observedAt\n1,99001,m,1e-400,t\n2,99001,m,0e5,t\n3,99001,m,-0,t\n4,99001,m,1e-130,t",
    );
    expect(items.map((i) => i.raw.value)).toEqual(["1e-400", 0, -0, 1e-130]);
  });
});

describe("csvField and formatCsv", () => {
  it.each([
    ['=HYPERLINK("http://x","Xã A")', `"'=HYPERLINK(""http://x"",""Xã A"")"`],
    ["+84 Xã B", "'+84 Xã B"],
    ["-1+2", "'-1+2"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\tXã C", "'\tXã C"],
    ["\rXã D", `"'\rXã D"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["Xã Đồng Văn", "Xã Đồng Văn"],
    ["Phường 1, Quận 3", '"Phường 1, Quận 3"'],
  ])("neutralises the hostile name %j", (name, expected) => {
    expect(csvField(name)).toBe(expected);
  });

  it("writes numbers and booleans as they are, negative numbers included", () => {
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("round-trips through the parser with every hostile cell defused", () => {
    const hostile = ["=1+1", "+1", "-1", "@x", "\tx", "\rx", 'a"b', "a,b", "a\nb"];
    const text = formatCsv([["name", "value"], ...hostile.map((name, i) => [name, -i - 1.5])]);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text).slice(1);
    expect(rows.map((r) => r.fields[0])).toEqual(hostile.map((h) => (/^[=+\-@\t\r]/.test(h) ? `'${h}` : h)));
    expect(rows.map((r) => Number(r.fields[1]))).toEqual(hostile.map((_, i) => -i - 1.5));
    for (const row of rows) expect(row.fields[0]).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("the semicolon dialect (Excel set to Vietnamese)", () => {
  it("writes decimal commas and quotes only what holds a `;`, a quote or a line break", () => {
    const style = { separator: ";", decimal: "," } as const;
    expect(csvField(77.1, style)).toBe("77,1");
    expect(csvField(-0.5, style)).toBe("-0,5");
    expect(csvField("Phường 1, Quận 3", style)).toBe("Phường 1, Quận 3");
    expect(csvField("a;b", style)).toBe('"a;b"');
    expect(csvField("=1;2", style)).toBe(`"'=1;2"`);
    expect(
      formatCsv(
        [
          ["Tên", "Giá trị"],
          ["Xã A", 1.5],
        ],
        style,
      ),
    ).toBe("Tên;Giá trị\r\nXã A;1,5\r\n");
  });
});
