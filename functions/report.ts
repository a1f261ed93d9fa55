/**
 * Lambda entry point of the weekly report (`GET /v1/reports/weekly`): the same Hono app as the
 * API, with the PDF renderer the API's bundle leaves out (pdfkit and the embedded font are too big
 * for it). The gateway routes only the report here; the font files ship beside the bundle.
 */
import { createApp } from "@ioc/api";
import { renderWeeklyReportPdf } from "@ioc/report";
import { handle } from "hono/aws-lambda";
import { readerAppDeps } from "./reader-app.js";

export const handler = handle(createApp({ ...readerAppDeps("ioc-report"), reports: renderWeeklyReportPdf }));
