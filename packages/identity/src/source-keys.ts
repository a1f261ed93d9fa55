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
export type SourceKeyErrorCode = "key-missing" | "key-unknown" | "key-revoked" | "source-missing";

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

/** The source a presented key belongs to, or a `SourceKeyError` saying why not. */
export async function sourceOfKey(
  sources: Pick<SourceStore, "findKey" | "getSource">,
  key: string | undefined,
): Promise<Source> {
  if (!key) throw new SourceKeyError("key-missing", "no source key was presented");
  const record = await sources.findKey(hashApiKey(key));
  if (!record) throw new SourceKeyError("key-unknown", "the source key is not known");
  if (record.status !== "active") throw new SourceKeyError("key-revoked", "the source key has been revoked");
  const source = await sources.getSource(record.sourceId);
  if (!source) throw new SourceKeyError("source-missing", "the source key's source no longer exists");
  return source;
}
