import type { z } from "zod";
import { ProblemError } from "./problem.js";

/** Parses `data` with `schema` or throws a 400 problem naming the first bad field. */
export function parseOrProblem<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${where} ${issue.path.join(".")}` : where;
  throw new ProblemError(400, "invalid-request", "Invalid request", `${field}: ${issue?.message ?? "invalid"}`);
}
