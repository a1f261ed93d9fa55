/**
 * Lambda entry point of the HTTP API: ingest, sign-in and the dashboard's routes (the app's
 * dashboard composition, packages/api/src/dashboard-app.ts), built once per container. Dashboard
 * users' and wall devices' tokens verify as in the other functions that serve a slice of the app;
 * admin screens and the document are the admin function's (functions/admin.ts).
 */
import { createDashboardApp } from "@ioc/api";
import { handle } from "hono/aws-lambda";
import { readerAppDeps } from "./reader-app.js";

export const handler = handle(createDashboardApp(readerAppDeps("ioc-api")));
