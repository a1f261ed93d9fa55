/**
 * Draws the weekly report (core's `WeeklyReportData`) on one A4 landscape page with pdfkit: text
 * in Be Vietnam Pro (a typeface made for Vietnamese, read from its npm package, embedded as a
 * subset: no font is fetched at run time), sparklines and the map as vector paths.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { PolygonRings, WeeklyReportData } from "@ioc/core";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The two weights the page uses, read once per process. */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf")),
    bold: readFileSync(require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf")),
  };
  return fonts;
}

const PAGE = { width: 841.89, height: 595.28, margin: 28 };
const INK = "#1d2733";
const MUTED = "#5b6672";
const RULE = "#c9d0d6";
const STATUS_COLOUR = { "on-track": "#542788", "at-risk": "#b35806", "off-track": "#b35806", "no-data": MUTED };
// Glyphs the embedded font has (it lacks ✓ and ✗).
const STATUS_SYMBOL = { "on-track": "•", "at-risk": "!", "off-track": "×", "no-data": "–" };

/** Renders the report to PDF bytes. */
export async function renderWeeklyReportPdf(data: WeeklyReportData): Promise<Uint8Array> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: PAGE.margin,
    // The embedded font is the default, so pdfkit never loads its standard (Latin-only) fonts.
    font: regular as unknown as string,
    info: { Title: data.title, Subject: data.period, Creator: "IOC", Producer: "IOC (pdfkit)" },
    lang: data.lang === "vi" ? "vi-VN" : "en-GB",
    compress: true,
  });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const m = PAGE.margin;
  const leftW = 500;
  const rightX = m + leftW + 16;
  const rightW = PAGE.width - m - rightX;

  // Header.
  doc
    .font("bold")
    .fontSize(16)
    .fillColor(INK)
    .text(data.title, m, m, { width: PAGE.width - 2 * m, lineBreak: false });
  doc
    .font("regular")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `${data.period} · ${data.generated}${data.synthetic ? (data.lang === "vi" ? " · Tỉnh minh họa" : " · Demo province") : ""}`,
      m,
      m + 21,
      {
        lineBreak: false,
      },
    );
  doc
    .moveTo(m, m + 36)
    .lineTo(PAGE.width - m, m + 36)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();

  // Indicators against their paths.
  let y = m + 44;
  heading(doc, data.headings.kpis, m, y);
  y += 14;
  const cols = { label: m, value: m + 190, target: m + 250, path: m + 318, status: m + 378, spark: m + 440 };
  doc.font("bold").fontSize(7).fillColor(MUTED);
  doc.text(data.headings.value, cols.value, y, { width: 56, lineBreak: false });
  doc.text(data.headings.target, cols.target, y, { width: 66, lineBreak: false });
  doc.text(data.headings.path, cols.path, y, { width: 60, lineBreak: false });
  doc.text(data.headings.status, cols.status, y, { width: 60, lineBreak: false });
  y += 10;
  const rowH = data.kpis.length > 12 ? 22 : 25;
  for (const k of data.kpis) {
    doc
      .font("regular")
      .fontSize(8)
      .fillColor(INK)
      .text(k.label, cols.label, y, { width: 186, height: 10, lineBreak: false, ellipsis: true });
    doc.font("bold").text(k.value, cols.value, y, { width: 56, lineBreak: false });
    doc.font("regular").text(k.target, cols.target, y, { width: 66, lineBreak: false });
    doc.text(k.expected, cols.path, y, { width: 60, lineBreak: false });
    doc
      .fillColor(STATUS_COLOUR[k.status])
      .text(`${STATUS_SYMBOL[k.status]} ${k.statusText}`, cols.status, y, { width: 62, lineBreak: false });
    sparkline(doc, k.spark, cols.spark, y, leftW - (cols.spark - m), 9);
    doc
      .fontSize(6.3)
      .fillColor(MUTED)
      .text(k.sentence, cols.label, y + 10, { width: leftW, height: rowH - 10, lineBreak: true, ellipsis: true });
    y += rowH;
  }

  // The communes furthest behind.
  y += 4;
  heading(doc, data.headings.behind, m, y);
  y += 13;
  const half = Math.ceil(data.behind.length / 2);
  data.behind.forEach((b, i) => {
    const x = i < half ? m : m + leftW / 2;
    const yy = y + (i % half) * 10.5;
    doc
      .font("regular")
      .fontSize(7.5)
      .fillColor(INK)
      .text(`${b.rank}. ${b.name}`, x, yy, { width: 95, lineBreak: false, ellipsis: true });
    doc.fillColor(MUTED).text(`${b.metric}: ${b.value} / ${b.expected}`, x + 96, yy, {
      width: leftW / 2 - 100,
      lineBreak: false,
      ellipsis: true,
    });
  });

  // The map of one metric, with its legend.
  let ry = m + 44;
  heading(doc, `${data.headings.map}: ${data.map.metric}`, rightX, ry);
  ry += 14;
  const mapH = 232;
  drawMap(doc, data.map.communes, rightX, ry, rightW, mapH);
  ry += mapH + 6;
  for (const entry of data.map.legend) {
    doc
      .rect(rightX, ry + 1, 10, 7)
      .fillColor(entry.colour)
      .fill();
    doc
      .font("regular")
      .fontSize(7)
      .fillColor(INK)
      .text(entry.label, rightX + 14, ry, { width: rightW - 14, lineBreak: false });
    ry += 10;
  }

  // Alerts.
  ry += 6;
  heading(doc, data.headings.alerts, rightX, ry);
  ry += 13;
  const vi = data.lang === "vi";
  const alertLines = [
    `${vi ? "Mở mới" : "Opened"}: ${data.alerts.opened}`,
    `${vi ? "Đã xử lý" : "Resolved"}: ${data.alerts.resolved}`,
    `${vi ? "Thời gian tiếp nhận (trung vị)" : "Median time to acknowledge"}: ${data.alerts.medianAck}`,
    `${vi ? "Đang mở" : "Open now"}: ${data.alerts.openNow}`,
  ];
  for (const line of alertLines) {
    doc.font("regular").fontSize(8).fillColor(INK).text(line, rightX, ry, { width: rightW, lineBreak: false });
    ry += 11;
  }

  // Freshness and source, at the foot of the right column.
  ry += 6;
  heading(doc, data.headings.freshness, rightX, ry);
  ry += 13;
  doc
    .font("regular")
    .fontSize(7)
    .fillColor(MUTED)
    .text(`${data.freshness} ${data.source}`, rightX, ry, {
      width: rightW,
      height: PAGE.height - m - ry,
      ellipsis: true,
    });

  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

function heading(doc: PDFKit.PDFDocument, text: string, x: number, y: number) {
  doc.font("bold").fontSize(10).fillColor(INK).text(text, x, y, { lineBreak: false });
}

/** A line of the values, scaled to its own range; nothing under two points. */
function sparkline(doc: PDFKit.PDFDocument, values: readonly number[], x: number, y: number, w: number, h: number) {
  if (values.length < 2) {
    doc.font("regular").fontSize(6.5).fillColor(MUTED).text("—", x, y, { lineBreak: false });
    return;
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  values.forEach((v, i) => {
    const px = x + (i / (values.length - 1)) * w;
    const py = y + h - ((v - min) / span) * h;
    if (i === 0) doc.moveTo(px, py);
    else doc.lineTo(px, py);
  });
  doc.lineWidth(0.8).strokeColor("#542788").stroke();
}

/** The communes' polygons fitted into the box (an equirectangular view corrected for latitude). */
function drawMap(
  doc: PDFKit.PDFDocument,
  communes: ReadonlyArray<{ rings: PolygonRings; colour: string }>,
  x: number,
  y: number,
  w: number,
  h: number,
) {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const c of communes)
    for (const [lon, lat] of c.rings[0] ?? []) {
      minX = Math.min(minX, lon);
      maxX = Math.max(maxX, lon);
      minY = Math.min(minY, lat);
      maxY = Math.max(maxY, lat);
    }
  if (!Number.isFinite(minX)) return;
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = Math.min(w / ((maxX - minX) * kx || 1), h / (maxY - minY || 1));
  const ox = x + (w - (maxX - minX) * kx * scale) / 2;
  const oy = y + (h - (maxY - minY) * scale) / 2;
  const px = (lon: number) => ox + (lon - minX) * kx * scale;
  const py = (lat: number) => oy + (maxY - lat) * scale;
  doc.lineWidth(0.25);
  for (const c of communes) {
    for (const ring of c.rings) {
      ring.forEach(([lon, lat], i) => {
        if (i === 0) doc.moveTo(px(lon), py(lat));
        else doc.lineTo(px(lon), py(lat));
      });
      doc.closePath();
    }
    // Even-odd, so a ring inside the outer one is a hole.
    doc.fillAndStroke(c.colour, "#ffffff", "even-odd");
  }
}
