import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateDemoProvince } from "./demo-province.js";
import { computeKpis } from "./kpis.js";
import { buildLegacyEntries, demoLegacyLinks } from "./legacy-codes.js";
import { METRICS } from "./metrics.js";
import {
  checkReading,
  isReadingNumber,
  isStorableNumber,
  MAX_STORABLE_MAGNITUDE,
  MIN_READING_MAGNITUDE,
  MIN_STORABLE_MAGNITUDE,
  type ReadingContext,
  supersedes,
} from "./readings.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
const context: ReadingContext = {
  sourceId: "s",
  provinceCode: "99",
  metricPrefixes: ["net.", "gov.online_"],
  provinceOf: (code) => (code.startsWith("99") ? "99" : code.startsWith("98") ? "98" : undefined),
  legacy: new Map(),
  now: NOW,
};
const ok = { id: "a", commune: "99001", metric: "net.coverage_4g", value: 50, observedAt: "2026-11-22T07:59:00Z" };

describe("checkReading", () => {
  it("types a valid reading, converting observedAt to epoch ms", () => {
    expect(checkReading(ok, context)).toEqual({
      ok: true,
      reading: {
        sourceId: "s",
        id: "a",
        provinceCode: "99",
        commune: "99001",
        metric: "net.coverage_4g",
        value: 50,
        observedAt: NOW - 60_000,
      },
    });
    expect(checkReading({ ...ok, observedAt: "2026-11-22T14:59:00+07:00" }, context)).toMatchObject({ ok: true });
  });

  it.each([
    [{ ...ok, metric: "gov.e_records_rate" }, "metric-out-of-scope"],
    [{ ...ok, metric: "gov.online_services_rate" }, undefined],
    [{ ...ok, commune: "98001" }, "commune-out-of-scope"],
    [{ ...ok, commune: "10001" }, "unknown-commune"],
    [{ ...ok, value: -0.1 }, "value-out-of-range"],
    [{ ...ok, metric: "net.villages_no_signal", value: 2.5 }, "value-not-integer"],
    [{ ...ok, observedAt: "2026-11-22T08:05:01Z" }, "observed-in-future"],
    [{ ...ok, observedAt: "2025-10-17T00:00:00Z" }, "observed-too-old"],
    [{ ...ok, value: Number.POSITIVE_INFINITY }, "invalid-reading"],
    [{ ...ok, observedAt: "2026-11-22 07:59" }, "invalid-reading"],
    [{ ...ok, unit: "%" }, "invalid-reading"],
  ])("%j → %s", (raw, code) => {
    const result = checkReading(raw, context);
    if (code === undefined) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, problem: { code } });
  });
});

describe("the number domain", () => {
  it.each([
    [0, true],
    [-0, true],
    [1e-130, true],
    [-1e-130, true],
    [9.9e-131, false],
    [Number.MIN_VALUE, false],
    [MAX_STORABLE_MAGNITUDE, true],
    [MAX_STORABLE_MAGNITUDE + 2, false],
    [1e126, false],
    [Number.NaN, false],
    [Number.NEGATIVE_INFINITY, false],
  ])("%d storable: %s", (value, storable) => {
    expect(isStorableNumber(value)).toBe(storable);
  });

  it("refuses a value too close to zero for DynamoDB as one located problem, not an error", () => {
    // Before: accepted, then the store's write failed with "Number underflow" and took the batch.
    expect(checkReading({ ...ok, value: 1e-131 }, context)).toMatchObject({
      ok: false,
      problem: { code: "value-not-storable" },
    });
    expect(checkReading({ ...ok, value: Number.MIN_VALUE }, context)).toMatchObject({
      ok: false,
      problem: { code: "value-not-storable" },
    });
    // Storable, but a province mean or an attainment derived from it would not be.
    expect(checkReading({ ...ok, value: 1e-130 }, context)).toMatchObject({
      ok: false,
      problem: { code: "value-not-storable" },
    });
    expect(checkReading({ ...ok, value: MIN_READING_MAGNITUDE }, context)).toMatchObject({ ok: true });
    expect(checkReading({ ...ok, value: -0 }, context)).toMatchObject({ ok: true });
  });

  it("accepts only storable values within the metric's range, for any double (fixed seed)", () => {
    fc.assert(
      fc.property(fc.double(), fc.constantFrom(...METRICS.map((m) => m.key)), (value, metric) => {
        const result = checkReading({ ...ok, metric, value }, { ...context, metricPrefixes: [""] });
        if (!result.ok) return;
        const range = METRICS.find((m) => m.key === metric)?.range;
        expect(isReadingNumber(result.reading.value)).toBe(true);
        expect(isStorableNumber(result.reading.value)).toBe(true);
        expect(result.reading.value).toBeGreaterThanOrEqual(range?.min ?? 0);
        expect(result.reading.value).toBeLessThanOrEqual(range?.max ?? 0);
      }),
      { seed: 1515, numRuns: 2_000 },
    );
  });

  it("bounds every sum the processor keeps: metric ranges are non-negative and far below the store's limit", () => {
    // Hour buckets keep [count, sum, min, max] per commune. With values ≥ 0, a sum of storable
    // values is at least its largest term (never a non-zero below 1e-130); a billion readings of
    // a commune in one hour at the metric's maximum still fits a safe integer.
    for (const metric of METRICS) {
      expect(metric.range.min, metric.key).toBeGreaterThanOrEqual(0);
      expect(metric.range.max * 1e9, metric.key).toBeLessThanOrEqual(MAX_STORABLE_MAGNITUDE);
      expect(isStorableNumber(metric.range.max), metric.key).toBe(true);
    }
    expect(MIN_READING_MAGNITUDE).toBeGreaterThan(MIN_STORABLE_MAGNITUDE);
  });

  it("keeps every province indicator the processor stores storable, for any accepted values (fixed seed)", () => {
    // Found by number-domain.int.test.ts: a reading of 1.5e-128 was storable, but the province's
    // population-weighted mean of it underflowed DynamoDB and the record was dead-lettered.
    const reading = fc.oneof(
      fc.constantFrom(0, MIN_READING_MAGNITUDE, 1e-99, 1, 100, 1_000_000),
      fc.double({ min: 0, max: 1_000_000, noNaN: true }),
    );
    const province = generateDemoProvince();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(province.communes.length - 1), reading), { minLength: 1, maxLength: 30 }),
        (picks) => {
          const latest = new Map<string, Map<string, { value: number; observedAt: number }>>();
          for (const [index, value] of picks) {
            const code = province.communes[index]?.code as string;
            const perCommune = new Map<string, { value: number; observedAt: number }>();
            for (const metric of METRICS) {
              const v = Math.min(Math.max(value, metric.range.min), metric.range.max);
              if (isReadingNumber(v)) perCommune.set(metric.key, { value: v, observedAt: NOW });
            }
            latest.set(code, perCommune);
          }
          // One commune of one person among a province of 100 million: the smallest share there is.
          const communes = [...province.communes, { ...province.communes[0], code: "99999", population: 1e8 }] as never;
          for (const kpi of computeKpis(communes, latest, new Date(NOW))) {
            if ("value" in kpi && kpi.value !== undefined) expect(isStorableNumber(kpi.value), kpi.metric).toBe(true);
            if ("attainment" in kpi && kpi.attainment !== undefined)
              expect(isStorableNumber(kpi.attainment), kpi.metric).toBe(true);
          }
        },
      ),
      { seed: 1516, numRuns: 300 },
    );
  });
});

describe("legacy codes", () => {
  it("maps a fully merged old commune and lists the candidates of a split one", () => {
    const entries = buildLegacyEntries([
      { oldCode: "10001", oldName: "A", newCode: "99001", type: "full" },
      { oldCode: "10002", oldName: "B", newCode: "99001", type: "partial" },
      { oldCode: "10002", oldName: "B", newCode: "99002", type: "partial" },
      { oldCode: "10003", oldName: "C", newCode: "99003", type: "partial" },
    ]);
    expect(entries.get("10001")).toEqual({ type: "full", oldCode: "10001", name: "A", newCode: "99001" });
    expect(entries.get("10002")).toEqual({
      type: "partial",
      oldCode: "10002",
      name: "B",
      candidates: ["99001", "99002"],
    });
    // Partial with a single known target is still a split: the rest went elsewhere.
    expect(entries.get("10003")?.type).toBe("partial");
    const legacy = new Map(entries);
    expect(checkReading({ ...ok, commune: "10001", codeSystem: "pre-2025" }, { ...context, legacy })).toMatchObject({
      ok: true,
      reading: { commune: "99001", legacyCode: "10001" },
    });
    expect(checkReading({ ...ok, commune: "10002", codeSystem: "pre-2025" }, { ...context, legacy })).toMatchObject({
      ok: false,
      problem: { code: "ambiguous-legacy-commune", candidates: ["99001", "99002"] },
    });
  });

  it("ships a demo mapping whose targets are demo communes, with some splits", () => {
    const province = generateDemoProvince();
    const entries = [...buildLegacyEntries(demoLegacyLinks(province)).values()];
    const codes = new Set(province.communes.map((c) => c.code));
    expect(entries.length).toBeGreaterThan(province.communes.length);
    for (const e of entries) {
      expect(e.oldCode).toMatch(/^\d{5}$/);
      expect(codes.has(e.oldCode)).toBe(false);
      for (const target of e.type === "full" ? [e.newCode] : e.candidates) expect(codes.has(target)).toBe(true);
    }
    expect(entries.filter((e) => e.type === "partial").length).toBeGreaterThan(5);
  });
});

describe("supersedes", () => {
  it("orders by observedAt, then by reading key, so every replay picks the same winner", () => {
    expect(supersedes({ observedAt: 2, readingKey: "a" }, { observedAt: 1, readingKey: "z" })).toBe(true);
    expect(supersedes({ observedAt: 1, readingKey: "z" }, { observedAt: 2, readingKey: "a" })).toBe(false);
    expect(supersedes({ observedAt: 1, readingKey: "b" }, { observedAt: 1, readingKey: "a" })).toBe(true);
    expect(supersedes({ observedAt: 1, readingKey: "a" }, { observedAt: 1, readingKey: "a" })).toBe(false);
    expect(supersedes({ observedAt: 1, readingKey: "a" }, undefined)).toBe(true);
  });
});
