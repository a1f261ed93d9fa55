export * from "./weekly-report-pdf.js";
