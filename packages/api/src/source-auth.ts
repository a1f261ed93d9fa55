/**
 * Authenticates provincial systems by their per-source API key (`Authorization: Bearer …`); the
 * key check itself is `@ioc/identity`'s, this file is its HTTP face.
 */
import type { Source, SourceStore } from "@ioc/core";
import { SourceKeyError, type SourceKeyErrorCode, sourceOfKey } from "@ioc/identity";
import { problem } from "./problem.js";

// Said to the client for each refusal; the wording predates the identity package and is kept.
const REFUSALS: Record<SourceKeyErrorCode, string> = {
  "key-missing": "send the source key as 'Authorization: Bearer <key>'",
  "key-unknown": "the source key is not known",
  "key-revoked": "the source key has been revoked",
  "source-missing": "the source key's source no longer exists",
  "source-disabled": "the source key's source is disabled by an administrator",
};

/** The source behind an Authorization header, or a 401 problem. */
export async function authenticateSource(
  sources: SourceStore,
  authorization: string | undefined,
  now?: number,
): Promise<Source> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  try {
    return await sourceOfKey(sources, match?.[1], now);
  } catch (error) {
    if (!(error instanceof SourceKeyError)) throw error;
    throw problem("unauthorized", {
      detail: REFUSALS[error.code],
      cause: error,
      headers: { "www-authenticate": 'Bearer realm="ioc-ingest"' },
    });
  }
}
