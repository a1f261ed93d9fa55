import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  type AuditRecord,
  auditCsvRow,
  auditHash,
  auditMatches,
  canonicalJson,
  chainNext,
  GENESIS_HASH,
  verifyChain,
} from "./audit.js";
import { formatCsv } from "./csv.js";
import { sha256Hex } from "./sha256.js";

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  province: "99",
  at: Date.UTC(2026, 11, 1, 8),
  actor: "ops",
  role: "ops",
  action: "alert.ack",
  objectType: "alert",
  objectId: "bts-down:99060",
  before: { status: "open" },
  after: { status: "acknowledged" },
  address: "127.0.0.1",
  userAgent: "vitest",
  ...overrides,
});

/** A chain of `n` records, each a minute after the previous. */
function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i++) records.push(chainNext(records.at(-1), entry({ at: entry().at + i * 60_000 })));
  return records;
}

describe("sha256Hex", () => {
  it("matches the FIPS vectors and node:crypto on texts around the block boundaries", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const length of [1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = "Đà Nẵng ".repeat(length).slice(0, length);
      expect(sha256Hex(text), String(length)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined members and has no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined }, e: "x" })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1,"e":"x"}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it("refuses values with no JSON form instead of hashing something else", () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrowError(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrowError(/function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrowError(/cyclic/);
  });
});

describe("chainNext", () => {
  it("numbers records from 1, links each to the previous hash and hashes the rest of the record", () => {
    const [first, second] = chain(2) as [AuditRecord, AuditRecord];
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    const { hash, ...body } = second;
    expect(hash).toBe(sha256Hex(canonicalJson(body)));
    expect(auditHash(second)).toBe(hash);
  });
});

describe("verifyChain", () => {
  it("counts an intact chain", () => {
    const records = chain(5);
    expect(verifyChain("99", records)).toEqual({
      ok: true,
      province: "99",
      records: 5,
      lastSeq: 5,
      lastHash: records[4]?.hash,
    });
    expect(verifyChain("99", [])).toMatchObject({ ok: true, records: 0, lastSeq: 0, lastHash: GENESIS_HASH });
  });

  it("finds an edited record at its sequence number", () => {
    const records = chain(5);
    records[2] = { ...(records[2] as AuditRecord), actor: "someone-else" };
    expect(verifyChain("99", records)).toMatchObject({ ok: false, problem: "edited", seq: 3, records: 2 });
  });

  it("finds a removed record as a gap", () => {
    const records = chain(5);
    records.splice(3, 1);
    expect(verifyChain("99", records)).toMatchObject({ ok: false, problem: "gap", seq: 4, expected: "4", found: "5" });
  });

  it("finds a record rewritten with a fresh hash by its broken link to the next one", () => {
    const records = chain(4);
    const forged = { ...(records[1] as AuditRecord), after: { status: "resolved" } };
    records[1] = { ...forged, hash: auditHash(forged) };
    expect(verifyChain("99", records)).toMatchObject({ ok: false, problem: "broken-link", seq: 3 });
  });

  it("refuses a record of another chain", () => {
    expect(verifyChain("48", chain(1))).toMatchObject({ ok: false, problem: "wrong-chain", seq: 1 });
  });
});

describe("auditMatches and the CSV row", () => {
  it("filters by actor, action, object (type, id or type/id) and period", () => {
    const r = chain(1)[0] as AuditRecord;
    expect(auditMatches(r, {})).toBe(true);
    expect(auditMatches(r, { actor: "ops", action: "alert.ack" })).toBe(true);
    expect(auditMatches(r, { actor: "admin" })).toBe(false);
    expect(auditMatches(r, { object: "alert" })).toBe(true);
    expect(auditMatches(r, { object: "bts-down:99060" })).toBe(true);
    expect(auditMatches(r, { object: "alert/bts-down:99060" })).toBe(true);
    expect(auditMatches(r, { object: "rule" })).toBe(false);
    expect(auditMatches(r, { from: r.at, to: r.at + 1 })).toBe(true);
    expect(auditMatches(r, { to: r.at })).toBe(false);
  });

  it("neutralises a formula planted in a recorded value", () => {
    const r = chainNext(undefined, entry({ actor: '=HYPERLINK("http://x")', userAgent: "@SUM(1)" }));
    const csv = formatCsv([auditCsvRow(r)]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'@SUM(1)");
  });
});
