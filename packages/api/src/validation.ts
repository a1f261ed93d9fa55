import { z } from "zod";
import { problem } from "./problem.js";

/** The 400 `invalid-request` problem naming the first bad field of `where` (query, path, body). */
function invalidRequest(issues: readonly z.core.$ZodIssue[], where: string) {
  const issue = issues[0];
  const field = issue?.path.length ? `${where} ${issue.path.join(".")}` : where;
  return problem("invalid-request", { detail: `${field}: ${issue?.message ?? "invalid"}` });
}

/**
 * Parses `data` with `schema` or throws a 400 problem naming the first bad field. Any zod 4
 * schema: core's are zod/mini ones, which lack classic's methods but share its parser.
 */
export function parseOrProblem<S extends z.core.$ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = z.safeParse(schema, data);
  if (result.success) return result.data;
  throw invalidRequest(result.error.issues, where);
}

const WHERE: Record<string, string> = { query: "query", param: "path", json: "body", header: "header" };

/** `OpenAPIHono`'s hook: a contract validation failure becomes the same problem `parseOrProblem` raises. */
export function validationProblem(result: { success: boolean; target: string; error?: unknown }): void {
  if (result.success) return;
  const issues = (result.error as { issues?: z.core.$ZodIssue[] } | undefined)?.issues ?? [];
  throw invalidRequest(issues, WHERE[result.target] ?? result.target);
}

/** Parses a JSON request body or throws the 400 `malformed-json` problem; `emptyAs` stands in for an empty body. */
export function parseJsonOrProblem(text: string, emptyAs?: unknown): unknown {
  if (emptyAs !== undefined && text.trim() === "") return emptyAs;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw problem("malformed-json", {
      detail: `the body is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
}
