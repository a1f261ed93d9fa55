/**
 * The audit trail's stored shape (Control table): one item per record under its province's
 * chain, numbered so that "the next record" is a key a conditional put can claim, plus one index
 * item per chain so `ioc audit verify` can list chains without a scan. Keys, schema, `toItem`
 * and `fromImage` are declared here once, as entity-codecs.ts does for the other entities.
 */
import type { AuditRecord } from "@ioc/core";
import * as z from "zod/mini";
import type { ItemKey } from "./entity-codecs.js";
import { MalformedItemError } from "./entity-codecs.js";
import { ENTITY } from "./keys.js";

/** Prefix of every audit partition; IAM scopes the API's audit writes to it (infra/access.ts). */
export const AUDIT_PK_PREFIX = "AUDIT#";
/** The partition of a province's chain. */
export const auditPartition = (province: string) => `${AUDIT_PK_PREFIX}${province}`;
/** Zero-padded so that sort-key order is sequence order. */
export const auditSort = (seq: number) => `SEQ#${String(seq).padStart(15, "0")}`;
/** Control table: one audit record, addressed by its chain and sequence number. */
export const auditKey = (province: string, seq: number): ItemKey => ({
  pk: auditPartition(province),
  sk: auditSort(seq),
});
/** Control table: the partition listing every chain (a province code cannot be "CHAINS"). */
export const AUDIT_CHAINS_PK = `${AUDIT_PK_PREFIX}CHAINS`;
/** Control table: a chain's entry in the chain list, written with its first record. */
export const auditChainKey = (province: string): ItemKey => ({ pk: AUDIT_CHAINS_PK, sk: `C#${province}` });

const json: z.ZodMiniType<unknown> = z.json();

/**
 * Strict: an attribute added to a stored record after the fact is refused rather than ignored,
 * since ignoring it would let an edit pass the hash check unseen.
 */
const auditRecordSchema = z.strictObject({
  province: z.string(),
  at: z.number(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  before: z.optional(json),
  after: z.optional(json),
  address: z.optional(z.string()),
  userAgent: z.optional(z.string()),
  seq: z.int().check(z.positive()),
  prevHash: z.string(),
  hash: z.string(),
});

/** How an audit record is stored. */
export const auditRecordCodec = {
  entity: ENTITY.auditRecord,
  keyOf: (r: AuditRecord): ItemKey => auditKey(r.province, r.seq),
  toItem: (r: AuditRecord): Record<string, unknown> => ({
    ...auditKey(r.province, r.seq),
    entity: ENTITY.auditRecord,
    ...r,
  }),
  /** Decodes a stored item; throws `MalformedItemError` for anything but a record's own fields. */
  fromImage(image: Record<string, unknown>): AuditRecord {
    const { pk, sk, entity: _entity, ...fields } = image;
    const parsed = auditRecordSchema.safeParse(fields);
    if (parsed.success) return parsed.data as AuditRecord;
    throw new MalformedItemError(
      ENTITY.auditRecord,
      `audit-record ${String(pk)}/${String(sk)}: ${parsed.error.issues
        .map((i) => `${i.path.join(".") || "item"} ${i.message}`)
        .join("; ")}`,
      { cause: parsed.error },
    );
  },
};
