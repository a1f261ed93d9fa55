/**
 * Least privilege, spelled out: which DynamoDB actions each function performs on which table.
 * Grants are made from these lists (never from SST `bind` or wildcard permissions), and the infra
 * tests check the synthesized policies against them, so widening a role is a visible diff here.
 */
import {
  AUDIT_PK_PREFIX,
  alertPartition,
  apiKeyKey,
  communeIndexKey,
  DEVICE_PARTITION,
  dayValuesPartition,
  notificationPartition,
  notificationPolicyKey,
  OUTBOX_PK,
  provinceHistoryPartition,
  provinceKey,
  rateWindowKey,
  rulePartition,
  SOURCE_LIST_PK,
  scenarioByIdKey,
  scenarioPartition,
  sourceKey,
  targetsKey,
} from "@ioc/store";
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
  | "BatchWriteItem"
  | "DescribeTable";

/** Grants exactly `actions` on `table` (and nothing on its indexes, streams or other tables). */
export function grantTable(fn: SstFunction, table: Table, actions: readonly DynamoAction[]): void {
  table.cdk.table.grant(fn, ...actions.map((action) => `dynamodb:${action}`));
}

/** A grant limited to items whose partition key matches one of `partitionKeys` (IAM StringLike). */
export interface ScopedGrant {
  actions: readonly DynamoAction[];
  partitionKeys: readonly string[];
}

/** Grants `actions` on `table`, only on items under the grant's partition keys. */
export function grantTableItems(fn: SstFunction, table: Table, grant: ScopedGrant): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: grant.actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
      conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...grant.partitionKeys] } },
    }),
  );
}

/**
 * What the API function and the admin function do: one app, its routes split between the two
 * (functions/api.ts, functions/admin.ts) with the same access, so the split widened neither.
 */
const API_TABLE_ACCESS = {
  // Ingest: one conditional put per reading (idempotent on source + id).
  readings: ["PutItem"],
  // Latest-value panels and alerts (query a province's partitions), a day's rollup and an alert
  // before acknowledging it (get); DescribeTable is the /health probe.
  state: ["Query", "GetItem", "DescribeTable"],
  // Hour buckets, day values and province months for the charts and trends (query), a day's
  // values (get), and the day and month items a history import merges into (get, then a
  // scoped put below).
  history: ["Query", "GetItem"],
  // Registry (query a province's partition; batch-get commune codes), sources and key hashes
  // (get by key), legacy commune codes (batch get), alert rules (query).
  control: ["Query", "GetItem", "BatchGetItem"],
} as const;

/** Per function, per table: the actions its code performs on any item. */
export const TABLE_ACCESS = {
  api: API_TABLE_ACCESS,
  admin: API_TABLE_ACCESS,
  processor: {
    // Versioned read-merge-write of panels, feeds, rollups and alerts; the alerts a batch can
    // touch are read together (batch get).
    state: ["GetItem", "PutItem", "BatchGetItem"],
    // Versioned read-merge-write of hour buckets, day values and province months.
    history: ["GetItem", "PutItem"],
    // The registry (its header: get; the current version's communes: query) and the alert rules.
    control: ["GetItem", "Query"],
  },
  broadcaster: {
    // seq counter (UpdateItem), kept frames (PutItem), subscribers (Query), 410 cleanup (Get, Delete).
    connections: ["UpdateItem", "PutItem", "Query", "GetItem", "DeleteItem"],
  },
  scheduler: {
    // Feed freshness (get) and a province's alerts (query); writes are alerts only (below).
    state: ["GetItem", "Query"],
    // Sources and alert rules.
    control: ["Query"],
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
  // Every notifier grant is scoped to its partitions (SCOPED_ACCESS below).
  notifier: {},
  report: {
    // The report reads what the dashboard reads: panels, alerts, KPIs (query, get) and the
    // registry and targets (query, get, batch get). It writes nothing.
    state: ["Query", "GetItem"],
    control: ["Query", "GetItem", "BatchGetItem"],
  },
  geo: {
    // The registry (query a province's partition, get its header, batch-get commune codes) for
    // tiles and for the import's diff. Its writes are scoped (SCOPED_ACCESS below).
    control: ["Query", "GetItem", "BatchGetItem"],
  },
  // Verifies tokens with keys it already has (Cognito's JWKS over HTTPS, the devices' public half).
  gatewayAuthorizer: {},
  // Only its audit partitions (SCOPED_ACCESS below).
  signInAudit: {},
} as const satisfies Record<string, Partial<Record<TableRole, readonly DynamoAction[]>>>;

/** The tables, by the role names @ioc/store uses. */
export type TableRole = "readings" | "state" | "history" | "control" | "connections";

/** Audit records and the chain list (`AUDIT#<province>`, `AUDIT#CHAINS`), for IAM. */
export const AUDIT_ITEMS = `${AUDIT_PK_PREFIX}*`;

/** Alert items of any province (`P#<province>#ALERT`), for IAM. */
const ALERTS = alertPartition("*");
/** Day values of any province and metric (`P#<province>#M#<metric>#D`), for IAM. */
const DAY_VALUES = dayValuesPartition("*", "*");
/** Province months of any province (`P#<province>#HIST`), for IAM. */
const PROVINCE_MONTHS = provinceHistoryPartition("*");

/** A province's own partition (`P#<province>`), where its notification policy is kept, for IAM. */
const POLICIES = notificationPolicyKey("*").pk;
/** Notification records of any alert (`NOTIFY#<province>#<alert>`), for IAM. */
const NOTIFICATIONS = notificationPartition("*", "*");

/** A source's item and its key list (`SOURCE#<id>`), and the key items by hash (`KEY#<hash>`), for IAM. */
const SOURCES_AND_KEYS = [sourceKey("*").pk, apiKeyKey("*").pk];

/** The scoped writes the API function and the admin function share (one app, split between them). */
const APP_SCOPED_ACCESS = {
  state: [{ actions: ["PutItem"], partitionKeys: [ALERTS] }],
  // A history import merges day values and then the province's months; never an hour bucket.
  history: [{ actions: ["PutItem"], partitionKeys: [DAY_VALUES, PROVINCE_MONTHS] }],
  control: [
    { actions: ["UpdateItem"], partitionKeys: [rateWindowKey("*", 0).pk] },
    { actions: ["PutItem"], partitionKeys: [rulePartition("*")] },
    // The audit trail (issue 13): PutItem only, never Update or Delete, on its partitions.
    // IAM has no condition key for a request's ConditionExpression, so "never overwrite" is the
    // store's `attribute_not_exists(pk)` on every put (audit-store.ts, tested there); an
    // overwrite that bypassed it would still break the hash chain `ioc audit verify` walks.
    { actions: ["PutItem"], partitionKeys: [AUDIT_ITEMS] },
  ],
} as const satisfies Partial<Record<TableRole, readonly ScopedGrant[]>>;

/**
 * What only the API function's routes write beside those: ingest marks the key it used (an update
 * of the key and of the source's key list), and a planner saves scenarios (one transaction of two
 * puts: under the owner and under the shareable id). Found missing by iam-coverage.test.ts.
 */
const API_ONLY_CONTROL = [
  { actions: ["UpdateItem"], partitionKeys: SOURCES_AND_KEYS },
  { actions: ["PutItem"], partitionKeys: [scenarioPartition("*"), scenarioByIdKey("*").pk] },
] as const satisfies readonly ScopedGrant[];

/**
 * What only the admin function's routes write beside those, each found missing by
 * iam-coverage.test.ts (DynamoDB Local checks no IAM, so they had never been refused):
 * - sources and their keys: a source under its id and in the list (`SOURCES`), a key under its
 *   hash and in its source's list, in transactions of puts; rotation and revocation update both;
 * - wall devices (`DEVICES`): registration, enrolment, renewal and revocation rewrite the item;
 * - a province's targets (`P#<province>#TARGETS`);
 * - a province's notification policy, in the province's own partition: `P#??` is that partition
 *   alone (province codes have two digits), not its alerts, panels or targets. The partition also
 *   holds the registry's header, which IAM cannot tell apart by sort key (the Geo function's grant
 *   has the same limit); the store writes the policy under its own sort key only.
 */
const ADMIN_ONLY_CONTROL = [
  { actions: ["PutItem", "UpdateItem"], partitionKeys: SOURCES_AND_KEYS },
  { actions: ["PutItem"], partitionKeys: [SOURCE_LIST_PK, DEVICE_PARTITION, targetsKey("*").pk] },
  { actions: ["PutItem"], partitionKeys: [notificationPolicyKey("??").pk] },
] as const satisfies readonly ScopedGrant[];

/**
 * Writes a function may make only to some items: scoped by partition key, the API can count a
 * source's requests (rate windows), mark a key used, acknowledge alerts, edit rules and save
 * scenarios, yet still cannot create a source or key, touch the registry or a latest value; the
 * admin function writes sources, keys, devices, targets and policies; the scheduler can raise
 * alerts and nothing else. iam-coverage.test.ts checks the routes' calls against these lists.
 */
export const SCOPED_ACCESS = {
  api: { ...APP_SCOPED_ACCESS, control: [...APP_SCOPED_ACCESS.control, ...API_ONLY_CONTROL] },
  admin: { ...APP_SCOPED_ACCESS, control: [...APP_SCOPED_ACCESS.control, ...ADMIN_ONLY_CONTROL] },
  geo: {
    control: [
      // A boundary import writes a new registry version: communes and the code index in batches,
      // the province header last (a conditional put), then removes the version two back. The
      // province partition also holds its notification policy and rules; IAM cannot scope by sort key.
      { actions: ["PutItem", "BatchWriteItem"], partitionKeys: [provinceKey("*").pk, communeIndexKey("*").pk] },
      // Each import is audited (`boundary.import`): PutItem only, as for the API.
      { actions: ["PutItem"], partitionKeys: [AUDIT_ITEMS] },
    ],
  },
  scheduler: {
    state: [{ actions: ["PutItem"], partitionKeys: [ALERTS] }],
    // Escalation follows each province's notification policy levels (read only).
    control: [{ actions: ["GetItem"], partitionKeys: [POLICIES] }],
  },
  signInAudit: {
    // The chain's last record (query), then the next one (put, never overwriting: the store's
    // condition); nothing else of the Control table.
    control: [
      { actions: ["Query"], partitionKeys: [AUDIT_ITEMS] },
      { actions: ["PutItem"], partitionKeys: [AUDIT_ITEMS] },
    ],
  },
  notifier: {
    control: [
      // The province's policy (who, which webhooks) and a record before sending it.
      { actions: ["GetItem"], partitionKeys: [POLICIES, NOTIFICATIONS] },
      // Due entries: one query of the outbox partition.
      { actions: ["Query"], partitionKeys: [OUTBOX_PK] },
      // A record and its entry, written together once per key (a transaction of two puts).
      { actions: ["PutItem"], partitionKeys: [NOTIFICATIONS, OUTBOX_PK] },
      // Claiming an entry's lease, rescheduling it, and recording each attempt on its record.
      { actions: ["UpdateItem"], partitionKeys: [NOTIFICATIONS, OUTBOX_PK] },
      // An entry goes once delivered or given up; records are kept (shown on the alert).
      { actions: ["DeleteItem"], partitionKeys: [OUTBOX_PK] },
    ],
  },
} as const satisfies Record<string, Partial<Record<TableRole, readonly ScopedGrant[]>>>;

/** The functions that have declared access. */
export type FunctionName = keyof typeof TABLE_ACCESS;

/** Every action `fn` is granted per table, scoped or not, sorted (what the tests compare). */
export function declaredAccess(fn: FunctionName): Record<string, DynamoAction[]> {
  const access: Record<string, Set<DynamoAction>> = {};
  const add = (table: string, actions: readonly DynamoAction[]) => {
    const set = access[table] ?? new Set<DynamoAction>();
    for (const action of actions) set.add(action);
    access[table] = set;
  };
  for (const [table, actions] of Object.entries(TABLE_ACCESS[fn] as Record<string, readonly DynamoAction[]>)) {
    add(table, actions);
  }
  const scoped = (SCOPED_ACCESS as Partial<Record<FunctionName, Partial<Record<TableRole, readonly ScopedGrant[]>>>>)[
    fn
  ];
  for (const [table, grants] of Object.entries(scoped ?? {})) for (const grant of grants) add(table, grant.actions);
  return Object.fromEntries(Object.entries(access).map(([table, set]) => [table, [...set].sort()]));
}
