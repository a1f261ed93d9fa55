import type { z } from "zod";
import { problem } from "./problem.js";

/** Parses `data` with `schema` or throws a 400 problem naming the first bad field. */
export function parseOrProblem<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${where} ${issue.path.join(".")}` : where;
  throw problem("invalid-request", { detail: `${field}: ${issue?.message ?? "invalid"}` });
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
