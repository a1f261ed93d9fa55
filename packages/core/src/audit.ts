/**
 * The audit trail's pure parts: what a record holds, its canonical JSON, its hash, and the walk
 * that checks a chain. Each province has one chain; record n carries the hash of record n − 1,
 * and its own hash is SHA-256 over the canonical JSON of everything in it but that hash, so an
 * edited record, a removed one or a reordering is found by recomputing from the start.
 */
import { sha256Hex } from "./sha256.js";

/** The chain of actions that belong to no single province (a failed sign-in of an unknown name). */
export const NATIONAL_AUDIT_CHAIN = "00";

/** The hash the first record of a chain points back to. */
export const GENESIS_HASH = "0".repeat(64);

/** How long audit records are kept, at least (issue 13): no TTL shorter than this may be set. */
export const AUDIT_RETENTION_DAYS = 2 * 366;

/** The actions recorded, with their labels for the audit page's filter. */
export const AUDIT_ACTIONS = {
  "auth.sign-in": { vi: "Đăng nhập", en: "Sign-in" },
  "auth.sign-in-failed": { vi: "Đăng nhập thất bại", en: "Failed sign-in" },
  "alert.ack": { vi: "Tiếp nhận cảnh báo", en: "Acknowledge alert" },
  "alert.resolve": { vi: "Xử lý xong cảnh báo", en: "Resolve alert" },
  "alert.note": { vi: "Ghi chú cảnh báo", en: "Note on alert" },
  "alert.assign": { vi: "Giao cảnh báo", en: "Assign alert" },
  "alert.snooze": { vi: "Tạm hoãn cảnh báo", en: "Snooze alert" },
  "alert.unsnooze": { vi: "Bỏ tạm hoãn cảnh báo", en: "Unsnooze alert" },
  "rule.put": { vi: "Sửa quy tắc cảnh báo", en: "Change alert rule" },
  "target.put": { vi: "Sửa chỉ tiêu", en: "Change target" },
  "source.put": { vi: "Sửa nguồn dữ liệu", en: "Change source" },
  "key.create": { vi: "Tạo khóa", en: "Create key" },
  "key.revoke": { vi: "Thu hồi khóa", en: "Revoke key" },
  "boundary.import": { vi: "Nhập ranh giới", en: "Import boundaries" },
  "legacy-mapping.import": { vi: "Nhập bảng mã cũ", en: "Import legacy codes" },
  "dlq.replay": { vi: "Chạy lại bản ghi lỗi", en: "Replay dead letters" },
  "export.gaps": { vi: "Xuất dữ liệu vùng lõm", en: "Export gaps" },
  "export.audit": { vi: "Xuất nhật ký", en: "Export audit" },
  "scenario.share": { vi: "Chia sẻ kịch bản", en: "Share scenario" },
} as const satisfies Record<string, { vi: string; en: string }>;

/** An action name: one of `AUDIT_ACTIONS`, or another `area.verb` a later feature records. */
export type AuditAction = keyof typeof AUDIT_ACTIONS | (string & {});

/** A JSON value as a record may carry it (before/after states). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a caller records: who did what to which object, and from where. */
export interface AuditEntry {
  /** The chain: a 2-digit province code, or `NATIONAL_AUDIT_CHAIN`. */
  province: string;
  /** Epoch ms, from the injected clock. */
  at: number;
  /** The user name (a CLI run records `cli:<os user>`; a failed sign-in the name typed). */
  actor: string;
  /** The role at the time: a dashboard role, `cli`, or `anonymous`. */
  role: string;
  action: AuditAction;
  /** What was acted on, e.g. `alert`/`bts-down:99060`. */
  objectType: string;
  objectId: string;
  before?: JsonValue;
  after?: JsonValue;
  /** The client's network address, when the runtime knows it. */
  address?: string;
  /** The client's User-Agent header. */
  userAgent?: string;
}

/** A stored record: the entry with its place in the chain. */
export interface AuditRecord extends AuditEntry {
  /** 1 for a chain's first record, then consecutive. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** A value that has no canonical JSON (a function, a non-finite number, a cycle). */
export class AuditCanonicalError extends Error {
  readonly code = "audit-not-canonical";
  constructor(message: string) {
    super(message);
    this.name = "AuditCanonicalError";
  }
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members left out,
 * numbers as JavaScript prints them. The same value always gives the same text, whichever order
 * its keys were built in, so a record read back from the store hashes as it did when written.
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === null) return "null";
    switch (typeof v) {
      case "string":
      case "boolean":
        return JSON.stringify(v);
      case "number":
        if (!Number.isFinite(v)) throw new AuditCanonicalError(`a non-finite number (${v}) has no JSON form`);
        return JSON.stringify(v);
      case "object": {
        if (seen.has(v)) throw new AuditCanonicalError("a cyclic value has no JSON form");
        seen.add(v);
        const text = Array.isArray(v)
          ? `[${v.map((item) => (item === undefined ? "null" : walk(item))).join(",")}]`
          : `{${Object.keys(v)
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k])}`)
              .join(",")}}`;
        seen.delete(v);
        return text;
      }
      default:
        throw new AuditCanonicalError(`a ${typeof v} has no JSON form`);
    }
  };
  return walk(value);
}

/** The hash of a record: SHA-256 over the canonical JSON of all its fields but `hash` (prevHash included). */
export function auditHash(record: Omit<AuditRecord, "hash">): string {
  const { hash: _ignored, ...body } = record as AuditRecord;
  return sha256Hex(canonicalJson(body));
}

/** The record that follows `previous` (undefined: the chain is empty) in the entry's chain. */
export function chainNext(previous: Pick<AuditRecord, "seq" | "hash"> | undefined, entry: AuditEntry): AuditRecord {
  const body = { ...entry, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...body, hash: auditHash(body) };
}

/** What a walk of a chain found. */
export type ChainVerdict =
  | { ok: true; province: string; records: number; lastSeq: number; lastHash: string }
  | {
      ok: false;
      province: string;
      /** Records checked before the fault. */
      records: number;
      problem: "gap" | "edited" | "broken-link" | "wrong-chain";
      /** The sequence number where the fault is. */
      seq: number;
      /** What was expected there, for the message. */
      expected: string;
      found: string;
    };

/**
 * Walks a chain in sequence order and reports its first fault: a missing sequence number (a
 * removed record), a record whose hash does not match its content (an edit), or a record that
 * does not point at its predecessor's hash (a replaced or reordered record).
 */
export function verifyChain(province: string, records: Iterable<AuditRecord>): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const record of records) {
    const fault = (problem: "gap" | "edited" | "broken-link" | "wrong-chain", expected: string, found: string) =>
      ({ ok: false, province, records: count, problem, seq: expectedSeq, expected, found }) as const;
    if (record.province !== province) return fault("wrong-chain", province, record.province);
    if (record.seq !== expectedSeq) return fault("gap", String(expectedSeq), String(record.seq));
    const recomputed = auditHash(record);
    if (recomputed !== record.hash) return fault("edited", recomputed, record.hash);
    if (record.prevHash !== prevHash) return fault("broken-link", prevHash, record.prevHash);
    prevHash = record.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, province, records: count, lastSeq: expectedSeq - 1, lastHash: prevHash };
}

/** Filters of an audit search (the admin page and `GET /v1/audit`). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Matches the object type, the id, or `type/id`. */
  object?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/** Whether a record passes a search's filters (the store narrows by period first). */
export function auditMatches(record: AuditRecord, filter: AuditFilter): boolean {
  if (filter.actor !== undefined && record.actor !== filter.actor) return false;
  if (filter.action !== undefined && record.action !== filter.action) return false;
  if (filter.object !== undefined) {
    const o = filter.object;
    if (o !== record.objectType && o !== record.objectId && o !== `${record.objectType}/${record.objectId}`)
      return false;
  }
  if (filter.from !== undefined && record.at < filter.from) return false;
  if (filter.to !== undefined && record.at >= filter.to) return false;
  return true;
}

/** The columns of the audit CSV export, Vietnamese and English. */
export const AUDIT_CSV_HEADER = [
  "Số thứ tự / Seq",
  "Thời điểm / At (UTC)",
  "Người thực hiện / Actor",
  "Vai trò / Role",
  "Tỉnh / Province",
  "Hành động / Action",
  "Đối tượng / Object type",
  "Mã đối tượng / Object id",
  "Trước / Before",
  "Sau / After",
  "Địa chỉ / Address",
  "Trình duyệt / User agent",
  "Băm / Hash",
] as const;

/** One record as a row of the CSV export (cells are neutralised by `formatCsv`). */
export function auditCsvRow(record: AuditRecord): Array<string | number> {
  return [
    record.seq,
    new Date(record.at).toISOString(),
    record.actor,
    record.role,
    record.province,
    record.action,
    record.objectType,
    record.objectId,
    record.before === undefined ? "" : canonicalJson(record.before),
    record.after === undefined ? "" : canonicalJson(record.after),
    record.address ?? "",
    record.userAgent ?? "",
    record.hash,
  ];
}

/** Where audit records go: an append-only chain per province. */
export interface AuditTrail {
  /** Appends the entry to its province's chain, after that chain's last record, and answers it. */
  append(entry: AuditEntry): Promise<AuditRecord>;
}

/** One page of an audit search, newest first. */
export interface AuditPage {
  records: AuditRecord[];
  /** Pass back as `before` for the next (older) page; absent on the last page. */
  nextCursor?: number;
}

/** Reading the audit trail: searches for admins, whole chains for `ioc audit verify`. */
export interface AuditReader {
  /** Records of a province matching `filter`, newest first, older than sequence `before` when given. */
  search(province: string, filter: AuditFilter, page: { limit: number; before?: number }): Promise<AuditPage>;
  /** Every record of a chain in sequence order (as stored: nothing is recomputed). */
  readChain(province: string): AsyncIterable<AuditRecord>;
  /** The chains that hold records. */
  listChains(): Promise<string[]>;
}

/** The audit trail's port: appends and reads, never an edit or a delete. */
export interface AuditStore extends AuditTrail, AuditReader {}
