/**
 * The weekly report drawn from the demo province: one A4 landscape page under 1 MB whose text,
 * extracted with poppler's `pdftotext`, has every Vietnamese diacritic right.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoReportInput } from "./demo-report.js";
import { renderWeeklyReportPdf } from "./weekly-report-pdf.js";

/** The text of a PDF, as poppler extracts it. */
function pdfText(bytes: Uint8Array, ...args: string[]): string {
  return poppler("pdftotext", bytes, ...args, "-");
}

/** Runs a poppler tool on the PDF (written to a temporary file: not every tool reads stdin). */
function poppler(tool: string, bytes: Uint8Array, ...args: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "ioc-report-")), "report.pdf");
  writeFileSync(file, bytes);
  const [options, rest] = tool === "pdftotext" ? [args.slice(0, -1), args.slice(-1)] : [args, []];
  return execFileSync(tool, [...options, file, ...rest], { encoding: "utf8" });
}

describe("the weekly report PDF", () => {
  it("is one A4 landscape page under 1 MB with the Vietnamese text intact", async () => {
    const data = demoReportInput("vi");
    const bytes = await renderWeeklyReportPdf(data);
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);
    const info = poppler("pdfinfo", bytes);
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    const text = pdfText(bytes, "-layout");
    expect(text).toContain("Báo cáo tuần — Sơn Hải");
    expect(text).toContain("Tuần 16/11/2026 – 22/11/2026");
    expect(text).toContain("Chỉ tiêu so với mục tiêu và lộ trình");
    expect(text).toContain("Người có tài khoản thanh toán điện tử");
    expect(text).toContain("10 xã, phường chậm nhất so với lộ trình");
    expect(text).toContain("Cảnh báo trong tuần");
    expect(text).toContain("Thời gian tiếp nhận (trung vị): 20 phút");
    expect(text).toContain("Bản đồ: Dân số được phủ sóng 4G");
    expect(text).toContain("Độ mới và nguồn số liệu");
    // The communes furthest behind are real names of the demo registry, diacritics and all.
    for (const b of data.behind.slice(0, 3)) expect(text).toContain(b.name);
    expect(data.behind).toHaveLength(10);
    expect(text).toContain("Xã Trà Vương");
  });

  it("embeds its font as a subset and names no standard font", async () => {
    const bytes = await renderWeeklyReportPdf(demoReportInput("vi"));
    const fonts = poppler("pdffonts", bytes);
    expect(fonts).toMatch(/BeVietnamPro/);
    expect(fonts).not.toMatch(/Helvetica/);
    for (const line of fonts.split("\n").slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\b/);
  });

  it("speaks English on request", async () => {
    const text = pdfText(await renderWeeklyReportPdf(demoReportInput("en")));
    expect(text).toContain("Weekly report — Sơn Hải");
    expect(text).toContain("The 10 communes furthest behind their paths");
    expect(text).toContain("Median time to acknowledge: 20 min");
  });
});
