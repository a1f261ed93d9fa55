/**
 * Authenticates provincial systems by their per-source API key (`Authorization: Bearer …`).
 * Keys are stored only as SHA-256 hashes.
 */
import type { Source, SourceStore } from "@ioc/core";
import { problem } from "./problem.js";
import { hashApiKey } from "./source-keys.js";

const unauthorized = (detail: string) =>
  problem("unauthorized", { detail, headers: { "www-authenticate": 'Bearer realm="ioc-ingest"' } });

/** The source behind an Authorization header, or a 401 problem. */
export async function authenticateSource(sources: SourceStore, authorization: string | undefined): Promise<Source> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) throw unauthorized("send the source key as 'Authorization: Bearer <key>'");
  const record = await sources.findKey(hashApiKey(match[1]));
  if (!record) throw unauthorized("the source key is not known");
  if (record.status !== "active") throw unauthorized("the source key has been revoked");
  const source = await sources.getSource(record.sourceId);
  if (!source) throw unauthorized("the source key's source no longer exists");
  return source;
}
