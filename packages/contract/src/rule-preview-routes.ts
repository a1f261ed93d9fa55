/**
 * The alert rules screen's preview (issue 13 item 1): before saving a rule, an admin sees how often
 * it would have fired over the province's last 7 days of hourly history. Nothing is stored; the
 * body is the draft rule, documented by reference to `AlertRule` and parsed by the handler.
 */

import * as z from "zod/mini";
import { createRoute } from "./route-def.js";
import { PROBLEM_RESPONSES } from "./routes.js";

const signedIn = [{ dashboardToken: [] }];
type ErrorStatus = keyof typeof PROBLEM_RESPONSES;
const errors = <const S extends readonly ErrorStatus[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/${PROBLEM_RESPONSES[s]}` }])) as Record<
    S[number],
    { $ref: string }
  >;

/** Query of the preview: the province whose history the draft is replayed over. */
export const rulePreviewQuerySchema = z.object({
  province: z
    .optional(z.string().check(z.regex(/^\d{2}$/, "a 2-digit province code")))
    .check(z.describe("Defaults to the deployment's province")),
});

/** `POST /v1/rules/preview`: what the draft would have done, day by day. */
export const rulePreviewResponseSchema = z
  .object({
    province: z.string(),
    ruleId: z.string(),
    from: z.string().check(z.describe("Start of the first replayed day (ISO 8601)")),
    until: z.string().check(z.describe("The time of the preview: the replay ends here (ISO 8601)")),
    supported: z
      .boolean()
      .check(z.describe("False for a rule no stored value can judge (stale feeds): every count is 0")),
    precision: z
      .enum(["exact", "estimate"])
      .check(
        z.describe(
          "exact: one verdict per commune and hour, as the hour's min or max decides; estimate: a drop rule, whose readings' order within an hour is not stored",
        ),
      ),
    firings: z.int().check(z.describe("Alerts the rule would have opened or reopened")),
    communes: z.int().check(z.describe("Distinct communes with at least one firing")),
    firingHours: z.int().check(z.describe("Commune × hours in which the condition held")),
    days: z.array(
      z.object({
        day: z.iso.date().check(z.describe("The Vietnamese day (UTC+7)")),
        firings: z.int(),
        communes: z.int(),
      }),
    ),
    examples: z
      .array(
        z.object({
          commune: z.string(),
          name: z.string(),
          at: z.string().check(z.describe("Start of the hour it would have opened in (ISO 8601)")),
          value: z.number(),
          message: z.object({ vi: z.string(), en: z.string() }),
        }),
      )
      .check(z.describe("The first firings, oldest first")),
  })
  .register(z.globalRegistry, { id: "RulePreview" });

export const previewRuleRoute = createRoute({
  method: "post",
  path: "/v1/rules/preview",
  operationId: "previewRule",
  summary: "How often a draft alert rule would have fired over the last 7 days, stored nowhere (admin)",
  description:
    "Replays the draft (enabled or not) over the province's hourly history through the processor's own verdict and hold time. Needs rules:write in the province of the query.",
  security: signedIn,
  request: {
    query: rulePreviewQuerySchema,
    body: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/AlertRule" } } } },
  },
  responses: {
    200: { description: "The preview", content: { "application/json": { schema: rulePreviewResponseSchema } } },
    ...errors(400, 401, 403),
  },
});
