/**
 * Which stages may lose their data. The rule fails safe: every stage is protected (tables and the
 * user pool are retained on `sst remove` and carry deletion protection) unless its name says it
 * is disposable. A province naming its stage `prod`, `quangtri` or anything else is protected
 * without having to remember a flag.
 */

/** Exact names and prefixes of disposable stages; name personal stages `dev-<you>`. */
export const DISPOSABLE_STAGE_NAMES = ["dev", "test"] as const;
export const DISPOSABLE_STAGE_PREFIXES = ["dev-", "test-", "pr-"] as const;

/** True when `stage` is disposable: `dev`, `test`, or starting with `dev-`, `test-` or `pr-`. */
export function isDisposableStage(stage: string): boolean {
  return (
    (DISPOSABLE_STAGE_NAMES as readonly string[]).includes(stage) ||
    DISPOSABLE_STAGE_PREFIXES.some((prefix) => stage.startsWith(prefix))
  );
}
