import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type Alert, fire, generateDemoProvince, type ValidReading } from "@ioc/core";
import { describe, expect, it } from "vitest";
import {
  alertCodec,
  apiKeyCodec,
  checkpointCodec,
  communeCodec,
  communeIndexCodec,
  deadLetterCodec,
  hourBucketCodec,
  latestPanelCodec,
  legacyCodeCodec,
  MalformedItemError,
  provinceHeaderCodec,
  RuleWithoutProvinceError,
  readingCodec,
  ruleCodec,
  scenarioCodec,
  sourceCodec,
  storedReadingOf,
} from "./entity-codecs.js";
import {
  alertKey,
  checkpointKey,
  communeKey,
  ENTITY,
  hourBucketKey,
  latestPanelKey,
  provinceKey,
  readingKey,
  sourceListKey,
} from "./keys.js";

/** Through DynamoDB's wire form and back, as a write then a read (or a stream image) sees it. */
const roundTrip = (item: Record<string, unknown>) => unmarshall(marshall(item, { removeUndefinedValues: true }));
const T = Date.parse("2026-11-22T08:00:00Z");

describe("entity codecs", () => {
  it("store a reading under its key with its entity and TTL, and decode the stream image back", () => {
    const valid = {
      sourceId: "dvc",
      id: "r1",
      provinceCode: "99",
      commune: "99001",
      metric: "net.coverage_4g",
      value: 71.5,
      observedAt: T,
    } as ValidReading;
    const item = readingCodec.toItem(storedReadingOf(valid, T + 5));
    expect(item).toMatchObject({ ...readingKey("dvc", "r1"), entity: ENTITY.reading, province: "99", readingId: "r1" });
    expect(item.expiresAt).toBeGreaterThan(T / 1000);
    expect(readingCodec.fromImage(roundTrip(item))).toEqual({
      sourceId: "dvc",
      readingId: "r1",
      province: "99",
      commune: "99001",
      metric: "net.coverage_4g",
      value: 71.5,
      observedAt: T,
      receivedAt: T + 5,
    });
  });

  it("refuse a malformed image with a named error and a stable code", () => {
    const decode = () => readingCodec.fromImage({ pk: "SRC#s#R#x", sk: "READING", entity: "reading", value: "two" });
    expect(decode).toThrow(MalformedItemError);
    try {
      decode();
    } catch (error) {
      expect(error).toMatchObject({ code: "malformed-item", entity: "reading" });
      expect(String((error as Error).message)).toContain("value");
    }
  });

  it("round-trip the State items the processor writes and the broadcaster decodes", () => {
    const panel = { province: "99", metric: "m", values: { "99001": { v: 1, t: T, k: "s/r" } } };
    expect(latestPanelCodec.toItem(panel)).toMatchObject(latestPanelKey("99", "m"));
    expect(latestPanelCodec.fromImage({ ...roundTrip(latestPanelCodec.toItem(panel)), version: 3 })).toEqual(panel);
    const bucket = {
      province: "99",
      metric: "m",
      hourStart: T,
      stats: { "99001": [2, 3, 1, 2] as [number, number, number, number] },
      peaks: { "99001": { "0": 2 } },
      applied: { a: "7" },
      setAside: { a: ["5"] },
    };
    expect(hourBucketCodec.keyOf(bucket)).toEqual(hourBucketKey("99", "m", T));
    expect(hourBucketCodec.fromImage(roundTrip(hourBucketCodec.toItem(bucket)))).toEqual(bucket);
    const alert: Alert = fire(
      undefined,
      {
        id: "r:99001",
        ruleId: "r",
        severity: "warning",
        province: "99",
        commune: "99001",
        metric: "m",
        value: 2,
        message: { vi: "v", en: "e" },
      },
      T,
    );
    expect(alertCodec.toItem(alert)).toMatchObject(alertKey("99", "r:99001"));
    expect(alertCodec.fromImage(roundTrip(alertCodec.toItem(alert)))).toEqual(alert);
  });

  it("round-trip the Control items: sources (under a second key too), keys, scenarios, rules", () => {
    const source = {
      id: "dvc",
      name: "Cổng dịch vụ công",
      provinceCode: "99",
      metricPrefixes: ["gov."],
      cadenceSeconds: 60,
      rateLimitPerMinute: 100,
    };
    expect(sourceCodec.toItem(source, sourceListKey("dvc"))).toMatchObject(sourceListKey("dvc"));
    expect(sourceCodec.fromImage(roundTrip(sourceCodec.toItem(source)))).toEqual(source);
    // Older items lack the rate limit: the schema's default stands in.
    const { rateLimitPerMinute: _r, ...old } = source;
    expect(sourceCodec.fromImage(old).rateLimitPerMinute).toBe(60_000);
    const key = { keyId: "k_1", keyHash: "h", sourceId: "dvc", status: "active" as const, createdAt: T };
    expect(apiKeyCodec.fromImage(roundTrip(apiKeyCodec.toItem(key)))).toEqual(key);
    const scenario = { id: "x", owner: "u", ownerName: "U", province: "99", createdAt: T, scenario: { sites: [] } };
    expect(scenarioCodec.fromImage(roundTrip(scenarioCodec.toItem(scenario)))).toEqual(scenario);
    const rule = {
      id: "r",
      province: "48",
      name: { vi: "v", en: "e" },
      severity: "info" as const,
      condition: { kind: "stale" as const, factor: 3 },
      enabled: true,
    };
    expect(ruleCodec.fromImage(roundTrip(ruleCodec.toItem(rule)))).toEqual(rule);
    // The province is in the key: two provinces' rules of one id are two items.
    expect(ruleCodec.keyOf(rule)).toEqual({ pk: "RULES#48", sk: "R#r" });
    expect(ruleCodec.keyOf({ ...rule, province: "99" }).pk).not.toBe(ruleCodec.keyOf(rule).pk);
    // Only national templates (code) lack a province; writing one is refused, reading an old one is not.
    const { province: _p, ...global } = rule;
    expect(() => ruleCodec.toItem(global)).toThrow(RuleWithoutProvinceError);
    expect(ruleCodec.fromImage({ pk: "RULES", sk: "R#r", data: JSON.stringify(global) })).toEqual(global);
    expect(() => ruleCodec.fromImage({ data: "{" })).toThrow(MalformedItemError);
  });

  it("round-trip the registry, legacy codes, dead letters and checkpoints (keys given where values lack them)", () => {
    const commune = generateDemoProvince().communes[0];
    if (!commune) throw new Error("no demo commune");
    const item = communeCodec.toItem(commune, communeKey("99", commune.code, 3));
    expect(item).toMatchObject({ ...communeKey("99", commune.code, 3), entity: ENTITY.commune });
    expect(communeCodec.fromImage(roundTrip(item))).toEqual(commune);
    const header = { name: "Sơn Hải", synthetic: true, communeCount: 121, version: 2 };
    expect(provinceHeaderCodec.fromImage(roundTrip(provinceHeaderCodec.toItem(header, provinceKey("99"))))).toEqual(
      header,
    );
    expect(() => provinceHeaderCodec.toItem(header)).toThrow(/key/);
    expect(communeIndexCodec.fromImage({ pk: "CODE#99001", province: "99" })).toEqual({ province: "99" });
    const entry = { type: "partial" as const, oldCode: "00001", name: "Xã Cũ", candidates: ["99001", "99002"] };
    expect(legacyCodeCodec.fromImage(roundTrip(legacyCodeCodec.toItem(entry)))).toEqual(entry);
    const letter = { consumer: "processor", at: T, eventId: "e1", error: "x", record: "{}", shardId: "s" };
    expect(deadLetterCodec.fromImage(roundTrip(deadLetterCodec.toItem(letter)))).toEqual(letter);
    const checkpoint = checkpointCodec.toItem({ ended: false }, checkpointKey("processor", "s"));
    expect(checkpointCodec.fromImage(roundTrip(checkpoint))).toEqual({ ended: false });
  });
});
