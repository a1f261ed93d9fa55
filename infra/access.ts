/**
 * Least privilege, spelled out: which DynamoDB actions each function performs on which table.
 * Grants are made from these lists (never from SST `bind` or wildcard permissions), and the infra
 * tests check the synthesized policies against them, so widening a role is a visible diff here.
 */
import { rateWindowKey } from "@ioc/store";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Function as SstFunction, Table } from "sst/constructs";

/** The DynamoDB actions the product uses. */
export type DynamoAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "DescribeTable";

/** Grants exactly `actions` on `table` (and nothing on its indexes, streams or other tables). */
export function grantTable(fn: SstFunction, table: Table, actions: readonly DynamoAction[]): void {
  table.cdk.table.grant(fn, ...actions.map((action) => `dynamodb:${action}`));
}

/** A grant limited to the items whose partition key starts with `partitionKeyPrefix`. */
export interface ScopedGrant {
  actions: readonly DynamoAction[];
  partitionKeyPrefix: string;
}

/** Grants `actions` on `table`, only on items under the grant's partition-key prefix. */
export function grantTableItems(fn: SstFunction, table: Table, grant: ScopedGrant): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: grant.actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
      conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${grant.partitionKeyPrefix}*`] } },
    }),
  );
}

/** Per function, per table: the actions its code performs. */
export const TABLE_ACCESS = {
  api: {
    // Ingest: one conditional put per reading (idempotent on source + id).
    readings: ["PutItem"],
    // Latest values per province; DescribeTable is the /health probe.
    state: ["Query", "GetItem", "DescribeTable"],
    // Registry (query a province's partition; batch-get commune codes), sources and key hashes
    // (get by key), legacy commune codes (batch get).
    control: ["Query", "GetItem", "BatchGetItem"],
  },
  processor: {
    // Conditional put of the newer latest value; UpdateItem for the rollups that follow.
    state: ["PutItem", "UpdateItem"],
  },
  broadcaster: {
    // seq counter (UpdateItem), kept frames (PutItem), subscribers (Query), 410 cleanup (Get, Delete).
    connections: ["UpdateItem", "PutItem", "Query", "GetItem", "DeleteItem"],
  },
  liveConnect: {
    connections: ["PutItem"],
  },
  liveDisconnect: {
    connections: ["GetItem", "DeleteItem"],
  },
  liveMessage: {
    // subscribe is a transaction of Update + Put (+ Delete of an earlier subscription);
    // resume reads the seq (GetItem) and the kept frames (Query).
    connections: ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
  },
  scheduler: {},
} as const satisfies Record<string, Partial<Record<"readings" | "state" | "control" | "connections", DynamoAction[]>>>;

/**
 * Writes a function may make only to one kind of item. The API counts each source's requests in
 * a rate window (an atomic ADD on the Control table); scoped to those items, it still cannot
 * touch a source, a key or the registry.
 */
export const SCOPED_ACCESS = {
  api: {
    control: { actions: ["UpdateItem"], partitionKeyPrefix: rateWindowKey("", 0).pk },
  },
} as const satisfies Record<string, Partial<Record<"readings" | "state" | "control" | "connections", ScopedGrant>>>;
