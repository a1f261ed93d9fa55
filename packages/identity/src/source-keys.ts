/**
 * Source keys, the credentials of provincial systems: random, shown once, stored only as a
 * SHA-256 hash. A source may hold several active keys at once, which is how keys rotate: create
 * the new one, move the system to it, then revoke the old one. Checking a presented key is here
 * too; how it arrives (a bearer header) and what the refusal looks like on the wire is the API's.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRecord, Source, SourceStore } from "@ioc/core";

/** The SHA-256 hex digest under which a key is stored. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key: 32 bytes, URL-safe, prefixed so it is recognisable in a leak scan. */
export function newApiKey(): string {
  return `ioc_${randomBytes(32).toString("base64url")}`;
}

/** Creates and stores a key for `sourceId`; returns the key (shown once) and its record. */
export async function issueSourceKey(
  sources: Pick<SourceStore, "putKey">,
  sourceId: string,
  now: number,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = newApiKey();
  const keyHash = hashApiKey(key);
  const record: ApiKeyRecord = {
    keyId: `k_${keyHash.slice(0, 10)}`,
    keyHash,
    sourceId,
    status: "active",
    createdAt: now,
  };
  await sources.putKey(record);
  return { key, record };
}

/** Why a presented source key was refused. Stable codes for logs and for the 401's wording. */
export type SourceKeyErrorCode = "key-missing" | "key-unknown" | "key-revoked" | "source-missing" | "source-disabled";

/** A refused source key. */
export class SourceKeyError extends Error {
  constructor(
    readonly code: SourceKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SourceKeyError";
  }
}

/** How long a key's recorded last use may lag: one write a minute per key, not one per request. */
export const KEY_USE_RESOLUTION_MS = 60_000;

/**
 * The source a presented key belongs to, or a `SourceKeyError` saying why not. With `now`, an
 * accepted key's last use is recorded when the store can (at most once a minute, not awaited).
 */
export async function sourceOfKey(
  sources: Pick<SourceStore, "findKey" | "getSource" | "markKeyUsed">,
  key: string | undefined,
  now?: number,
): Promise<Source> {
  if (!key) throw new SourceKeyError("key-missing", "no source key was presented");
  const record = await sources.findKey(hashApiKey(key));
  if (!record) throw new SourceKeyError("key-unknown", "the source key is not known");
  if (record.status !== "active") throw new SourceKeyError("key-revoked", "the source key has been revoked");
  const source = await sources.getSource(record.sourceId);
  if (!source) throw new SourceKeyError("source-missing", "the source key's source no longer exists");
  if (source.enabled === false) throw new SourceKeyError("source-disabled", "the source key's source is disabled");
  if (now !== undefined && sources.markKeyUsed && now - (record.lastUsedAt ?? 0) >= KEY_USE_RESOLUTION_MS) {
    // Bookkeeping for the admin screen: a failed write must not refuse the reading.
    sources.markKeyUsed(record, now).catch(() => {});
  }
  return source;
}
