export * from "./demo-report.js";
export * from "./weekly-report-pdf.js";
