/**
 * The audit trail on DynamoDB (Control table): append-only. An append reads the chain's last
 * record, computes the next one (core `chainNext`) and claims its sequence number with a put
 * conditioned on `attribute_not_exists(pk)`; a concurrent writer that claimed it first makes the
 * put fail, and this writer reads again and retries, so two writers never fork a chain and no
 * record is ever overwritten. Nothing here updates or deletes a record, and the API's role on AWS
 * has no permission to (infra/access.ts).
 */
import { ConditionalCheckFailedException, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { type AuditEntry, type AuditRecord, type AuditStore, auditMatches, chainNext } from "@ioc/core";
import { AUDIT_CHAINS_PK, auditChainKey, auditPartition, auditRecordCodec, auditSort } from "./audit-codecs.js";
import type { DynamoDeps } from "./dynamo-helpers.js";

/** The chain kept changing under this writer for every attempt: the append did not happen. */
export class AuditContentionError extends Error {
  readonly code = "audit-contention";
  constructor(province: string, attempts: number) {
    super(`audit chain ${province}: the next sequence number was taken ${attempts} times in a row`);
    this.name = "AuditContentionError";
  }
}

/** Options of the audit store. */
export interface AuditStoreOptions {
  /** Attempts to claim the next sequence number before giving up (default 30). */
  maxAttempts?: number;
  /** How far `at` may run backwards between writers (clock skew), for stopping a period search early. */
  clockSkewMs?: number;
}

const PAGE = 100;

/** The audit trail's port on the Control table. */
export function createAuditStore(deps: DynamoDeps, options: AuditStoreOptions = {}): AuditStore {
  const { client, tables } = deps;
  const maxAttempts = options.maxAttempts ?? 30;
  const skew = options.clockSkewMs ?? 5 * 60_000;

  const lastRecord = async (province: string): Promise<AuditRecord | undefined> => {
    const result = await client.send(
      new QueryCommand({
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": auditPartition(province) }),
        ScanIndexForward: false,
        Limit: 1,
        // The last record must be the latest one written, or the next put is bound to collide.
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? auditRecordCodec.fromImage(unmarshall(item)) : undefined;
  };

  const putNew = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tables.control,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async append(entry: AuditEntry): Promise<AuditRecord> {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const record = chainNext(await lastRecord(entry.province), entry);
        if (await putNew(auditRecordCodec.toItem(record))) {
          // The chain's index entry: written once, with the first record; a lost race is harmless.
          if (record.seq === 1) await putNew({ ...auditChainKey(entry.province), entity: "audit-chain" });
          return record;
        }
        // Someone claimed this number first: back off a little (jittered) and read the chain again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
      }
      throw new AuditContentionError(entry.province, maxAttempts);
    },

    async search(province, filter, page) {
      const records: AuditRecord[] = [];
      let start: Record<string, unknown> | undefined;
      let more = true;
      while (more && records.length < page.limit) {
        const result = await client.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: page.before === undefined ? "pk = :pk" : "pk = :pk AND sk < :before",
            ExpressionAttributeValues: marshall({
              ":pk": auditPartition(province),
              ...(page.before === undefined ? {} : { ":before": auditSort(page.before) }),
            }),
            ScanIndexForward: false,
            Limit: PAGE,
            ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
          }),
        );
        start = result.LastEvaluatedKey ? unmarshall(result.LastEvaluatedKey) : undefined;
        more = start !== undefined;
        const items = (result.Items ?? []).map((i) => auditRecordCodec.fromImage(unmarshall(i)));
        for (const [index, record] of items.entries()) {
          // Newest first: once records are older than the period (beyond clock skew), none later match.
          if (filter.from !== undefined && record.at < filter.from - skew) {
            more = false;
            break;
          }
          if (records.length === page.limit) {
            more = true;
            break;
          }
          if (auditMatches(record, filter)) records.push(record);
          if (index === items.length - 1 && records.length === page.limit) more = start !== undefined;
        }
      }
      const last = records.at(-1);
      return { records, ...(more && last && last.seq > 1 ? { nextCursor: last.seq } : {}) };
    },

    async *readChain(province) {
      let start: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": auditPartition(province) }),
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
          }),
        );
        for (const item of result.Items ?? []) yield auditRecordCodec.fromImage(unmarshall(item));
        start = result.LastEvaluatedKey ? unmarshall(result.LastEvaluatedKey) : undefined;
      } while (start);
    },

    async listChains() {
      const result = await client.send(
        new QueryCommand({
          TableName: tables.control,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": AUDIT_CHAINS_PK }),
        }),
      );
      return (result.Items ?? []).map((i) => String(unmarshall(i).sk).slice(2)).sort();
    },
  };
}
