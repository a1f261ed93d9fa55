/**
 * Routes of "are we on track over time" (issue 12 items 2, 5, 6): the province's target paths,
 * what changed since yesterday or last week, and the leaders' weekly report as a PDF. Declared in
 * their own file so other areas' routes merge without touching these.
 */
import { createRoute } from "@hono/zod-openapi";
import { targetPathSchema } from "@ioc/core";
import { z } from "zod";
import { PROBLEM_RESPONSES } from "./routes.js";

const signedIn = [{ dashboardToken: [] }];
type ErrorStatus = keyof typeof PROBLEM_RESPONSES;
const errors = <const S extends readonly ErrorStatus[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }])) as Record<
    S[number],
    { $ref: string }
  >;
const json = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});

const provinceParam = z
  .string()
  .regex(/^\d{2}$/, "a 2-digit province code")
  .optional()
  .describe("Defaults to the deployment's province");

/** A target path as bodies and answers carry it: core's schema, named for the document. */
export const targetPathBodySchema = targetPathSchema.check(
  z.meta({
    id: "TargetPath",
    description:
      "A metric × level target: a baseline (value, year), milestones ascending by year (the last is the target; a year means its 31 December) and the resolution they come from",
  }),
);

/** Query of the target routes. */
export const targetsQuerySchema = z.object({ province: provinceParam });
/** Path of `PUT /v1/targets/{metric}`. */
export const targetParamsSchema = z.object({
  metric: z
    .string()
    .regex(/^[a-z0-9_.]{1,100}$/, "a metric key of the catalogue")
    .describe("A metric key of the catalogue"),
});
/** `GET /v1/targets`: every path the province measures against, its own or the national default. */
export const targetsResponseSchema = z
  .object({
    province: z.string(),
    paths: z.array(
      z.intersection(
        targetPathSchema,
        z.object({
          origin: z.enum(["province", "default"]).describe("Edited by the province, or the national default"),
        }),
      ),
    ),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "TargetList" });

export const targetsRoute = createRoute({
  method: "get",
  path: "/v1/targets",
  operationId: "listTargets",
  summary: "The province's target paths (baseline, milestones, resolution) per metric × level",
  security: signedIn,
  request: { query: targetsQuerySchema },
  responses: { 200: json("The paths", targetsResponseSchema), ...errors(400, 401, 403) },
});

export const putTargetRoute = createRoute({
  method: "put",
  path: "/v1/targets/{metric}",
  operationId: "putTarget",
  summary: "Create or replace one metric × level path of the province (admin)",
  security: signedIn,
  request: {
    query: targetsQuerySchema,
    params: targetParamsSchema,
    body: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/TargetPath" } } } },
  },
  responses: { 200: json("The province's paths after the change", targetsResponseSchema), ...errors(400, 401, 403) },
});

/** Query of `GET /v1/changes`. */
export const changesQuerySchema = z.object({
  province: provinceParam,
  since: z.enum(["day", "week"]).default("day").describe("Compare with yesterday (day) or with seven days ago (week)"),
});
/** `GET /v1/changes` (`Changes` in packages/core/src/changes.ts). */
export const changesResponseSchema = z
  .object({})
  .loose()
  .describe("What changed (Changes in packages/core/src/changes.ts) with province and generatedAt")
  .meta({ id: "Changes" });

export const changesRoute = createRoute({
  method: "get",
  path: "/v1/changes",
  operationId: "getChanges",
  summary:
    "What changed since yesterday or last week: the biggest movers per indicator and per commune, alerts opened and resolved",
  security: signedIn,
  request: { query: changesQuerySchema },
  responses: { 200: json("The changes", changesResponseSchema), ...errors(400, 401, 403, 404) },
});

/** Query of `GET /v1/reports/weekly`. */
export const weeklyReportQuerySchema = z.object({
  province: provinceParam,
  date: z.iso
    .date()
    .optional()
    .describe(
      "The report's last day (YYYY-MM-DD, Vietnamese time); defaults to today. The period is the seven days ending that day",
    ),
  lang: z.enum(["vi", "en"]).default("vi"),
  metric: z
    .string()
    .regex(/^[a-z0-9_.]{1,100}$/)
    .optional()
    .describe("The metric the map shows; defaults to 4G coverage"),
});

export const weeklyReportRoute = createRoute({
  method: "get",
  path: "/v1/reports/weekly",
  operationId: "getWeeklyReport",
  summary: "The leaders' weekly report: one A4 landscape PDF generated from the data",
  security: signedIn,
  request: { query: weeklyReportQuerySchema },
  responses: {
    200: {
      description: "The report (application/pdf, fonts embedded)",
      content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } },
    },
    ...errors(400, 401, 403, 404, 503),
  },
});
