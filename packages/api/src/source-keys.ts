/**
 * Issuing source keys: random, shown once, stored only as a SHA-256 hash. A source may hold
 * several active keys at once, which is how keys rotate: create the new one, move the system to
 * it, then revoke the old one.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRecord, SourceStore } from "@ioc/core";

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
  sources: SourceStore,
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
