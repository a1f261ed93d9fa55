import { TABLE_KEY, TABLE_SHAPES } from "@ioc/store";
import { beforeAll, describe, expect, it } from "vitest";
import { Storage } from "./Storage.js";
import { resourcesOf, type Synthesized, synthesize } from "./test-support.js";

let prod: Synthesized;
let dev: Synthesized;

beforeAll(async () => {
  prod = await synthesize("prod", [Storage]);
  console.log(`synthesized Storage (prod) in ${prod.seconds.toFixed(1)} s`);
  dev = await synthesize("dev-alice", [Storage]);
});

/** The synthesized table whose name ends with `-<Id>`. */
function table(synth: Synthesized, id: string) {
  const entries = Object.entries(resourcesOf(synth.template(Storage), "AWS::DynamoDB::Table"));
  const found = entries.find(([, t]) => String(t.Properties.TableName).endsWith(`-${id}`));
  if (!found) throw new Error(`no table ${id}`);
  return found[1] as { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
}

const ROLES = {
  Readings: "readings",
  State: "state",
  History: "history",
  Control: "control",
  Connections: "connections",
} as const;

describe("Storage", () => {
  it("has exactly the five tables, named per stage", () => {
    const names = Object.values(resourcesOf(prod.template(Storage), "AWS::DynamoDB::Table")).map(
      (t) => t.Properties.TableName,
    );
    expect(names.sort()).toEqual([
      "prod-ioc-Connections",
      "prod-ioc-Control",
      "prod-ioc-History",
      "prod-ioc-Readings",
      "prod-ioc-State",
    ]);
  });

  it("builds each table exactly as the local runtime does (TABLE_SHAPES, TABLE_KEY)", () => {
    for (const [id, role] of Object.entries(ROLES)) {
      const shape = TABLE_SHAPES[role];
      const { Properties: p } = table(prod, id);
      expect(p.KeySchema, id).toEqual([
        { AttributeName: TABLE_KEY.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEY.sortKey, KeyType: "RANGE" },
      ]);
      expect(p.AttributeDefinitions, id).toEqual([
        { AttributeName: TABLE_KEY.partitionKey, AttributeType: "S" },
        { AttributeName: TABLE_KEY.sortKey, AttributeType: "S" },
      ]);
      expect(p.BillingMode, id).toBe("PAY_PER_REQUEST");
      expect(p.StreamSpecification, id).toEqual(shape.stream ? { StreamViewType: "NEW_AND_OLD_IMAGES" } : undefined);
      expect(p.TimeToLiveSpecification, id).toEqual(
        shape.ttlAttribute ? { AttributeName: shape.ttlAttribute, Enabled: true } : undefined,
      );
      expect(p.GlobalSecondaryIndexes, id).toBeUndefined();
    }
    // Every table the local runtime knows is deployed, and nothing else.
    expect(Object.values(ROLES).sort()).toEqual(Object.keys(TABLE_SHAPES).sort());
  });

  it("turns point-in-time recovery on for every table", () => {
    for (const id of Object.keys(ROLES)) {
      expect(table(prod, id).Properties.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });

  it("protects and retains the tables of a non-disposable stage", () => {
    for (const id of Object.keys(ROLES)) {
      const t = table(prod, id);
      expect(t.Properties.DeletionProtectionEnabled, id).toBe(true);
      expect(t.DeletionPolicy, id).toBe("Retain");
      expect(t.UpdateReplacePolicy, id).toBe("Retain");
    }
  });

  it("lets a disposable stage (dev-*) delete its tables", () => {
    for (const id of Object.keys(ROLES)) {
      const t = table(dev, id);
      expect(t.Properties.DeletionProtectionEnabled, id).toBe(false);
      expect(t.DeletionPolicy, id).toBe("Delete");
    }
  });
});
