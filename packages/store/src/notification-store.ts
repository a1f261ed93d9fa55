/**
 * Notification policies, records and the outbox in the Control table. Every step that decides
 * who sends what is a conditional write: a record is written once per key (a replayed stream
 * record finds it and stops), an entry is claimed only when its lease is free, and an outcome is
 * recorded only by the lease's holder, in one transaction with the entry's removal or
 * rescheduling — so a notifier that stops mid-delivery leaves its entries to the next one, and a
 * notifier whose lease ran out cannot record over the one that took over.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { NotificationPolicy } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import {
  ATTEMPT_LOG_LIMIT,
  type DeliveryAttempt,
  type NotificationRecord,
  notificationCodec,
  notificationKey,
  notificationPartition,
  notificationPolicyCodec,
  notificationPolicyKey,
  OUTBOX_PK,
  type OutboxEntry,
  outboxEntryCodec,
} from "./notification-codecs.js";

const M = { removeUndefinedValues: true } as const;

/** The notification side of the Control table. */
export interface NotificationStore {
  getPolicy(province: string): Promise<NotificationPolicy | undefined>;
  putPolicy(policy: NotificationPolicy): Promise<void>;
  /** Writes a record (and its outbox entry unless suppressed) once per key; "duplicate" when it exists. */
  enqueue(record: NotificationRecord): Promise<"queued" | "duplicate">;
  /** Outbox entries due at `now` whose lease is free, oldest key first. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  /** Takes an entry's lease until `now + leaseMs`; false when someone holds it or it is gone. */
  claim(entry: OutboxEntry, owner: string, now: number, leaseMs: number): Promise<boolean>;
  getRecord(entry: OutboxEntry): Promise<NotificationRecord | undefined>;
  /** Records a delivery and removes the entry; false when `owner` no longer holds the lease. */
  delivered(entry: OutboxEntry, owner: string, attempt: DeliveryAttempt): Promise<boolean>;
  /** Records a failed attempt and reschedules the entry at `retryAt`, or gives up when undefined. */
  failed(entry: OutboxEntry, owner: string, attempt: DeliveryAttempt, retryAt: number | undefined): Promise<boolean>;
  /** The notifications of an alert, in state order. */
  listForAlert(province: string, alertId: string): Promise<NotificationRecord[]>;
  /** Every outbox entry (for tests, benchmarks and `drained`). */
  pendingCount(): Promise<number>;
}

function lostLease(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException;
}

/** The notification store over DynamoDB. */
export function createNotificationStore({ client, tables }: DynamoDeps): NotificationStore {
  const table = tables.control;
  const recordKey = (e: OutboxEntry) => notificationKey(e.province, e.alertId, e.stateVersion, e.channel, e.target);
  const finish = async (
    entry: OutboxEntry,
    owner: string,
    attempt: DeliveryAttempt,
    recordUpdate: { set: string; values: Record<string, unknown> },
    entryUpdate: "delete" | { dueAt: number },
  ) => {
    const entryKey = marshall(outboxEntryCodec.keyOf(entry));
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: marshall(recordKey(entry)),
                UpdateExpression: `SET ${recordUpdate.set}, attempts = attempts + :one, attemptLog = list_append(if_not_exists(attemptLog, :none), :attempt)`,
                ExpressionAttributeNames: { "#s": "status" },
                ExpressionAttributeValues: marshall(
                  { ...recordUpdate.values, ":one": 1, ":none": [], ":attempt": [attempt] },
                  M,
                ),
              },
            },
            entryUpdate === "delete"
              ? {
                  Delete: {
                    TableName: table,
                    Key: entryKey,
                    ConditionExpression: "leaseOwner = :owner",
                    ExpressionAttributeValues: marshall({ ":owner": owner }),
                  },
                }
              : {
                  Update: {
                    TableName: table,
                    Key: entryKey,
                    UpdateExpression: "SET dueAt = :due, attempts = attempts + :one REMOVE leaseOwner, leaseUntil",
                    ConditionExpression: "leaseOwner = :owner",
                    ExpressionAttributeValues: marshall({ ":owner": owner, ":due": entryUpdate.dueAt, ":one": 1 }),
                  },
                },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lostLease(error)) return false;
      throw error;
    }
  };
  const trimLog = async (entry: OutboxEntry) => {
    // The log is capped after the fact (an UpdateExpression cannot slice a list), and only read
    // back once it can be over the cap.
    if (entry.attempts + 1 <= ATTEMPT_LOG_LIMIT) return;
    const record = await getRecord(entry);
    if (!record || record.attemptLog.length <= ATTEMPT_LOG_LIMIT) return;
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall(recordKey(entry)),
        UpdateExpression: "SET attemptLog = :log",
        ExpressionAttributeValues: marshall({ ":log": record.attemptLog.slice(-ATTEMPT_LOG_LIMIT) }),
      }),
    );
  };
  const getRecord = async (entry: OutboxEntry) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: marshall(recordKey(entry)), ConsistentRead: true }),
    );
    return Item ? notificationCodec.fromImage(unmarshall(Item)) : undefined;
  };

  return {
    async getPolicy(province) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: table, Key: marshall(notificationPolicyKey(province)), ConsistentRead: true }),
      );
      return Item ? notificationPolicyCodec.fromImage(unmarshall(Item)) : undefined;
    },
    async putPolicy(policy) {
      await client.send(
        new PutItemCommand({ TableName: table, Item: marshall(notificationPolicyCodec.toItem(policy), M) }),
      );
    },
    async enqueue(record) {
      const item = marshall(notificationCodec.toItem(record), M);
      try {
        if (record.status !== "pending") {
          await client.send(
            new PutItemCommand({ TableName: table, Item: item, ConditionExpression: "attribute_not_exists(pk)" }),
          );
          return "queued";
        }
        const entry: OutboxEntry = {
          province: record.province,
          alertId: record.alertId,
          stateVersion: record.stateVersion,
          channel: record.channel,
          target: record.target,
          dueAt: record.createdAt,
          attempts: 0,
        };
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
              { Put: { TableName: table, Item: marshall(outboxEntryCodec.toItem(entry), M) } },
            ],
          }),
        );
        return "queued";
      } catch (error) {
        if (lostLease(error)) return "duplicate";
        throw error;
      }
    },
    async due(now, limit) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "dueAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
        ExpressionAttributeValues: marshall({ ":pk": OUTBOX_PK, ":now": now }),
        ConsistentRead: true,
      });
      // Oldest due first, so a backlog drains in the order it formed.
      return items
        .map((i) => outboxEntryCodec.fromImage(i))
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, limit);
    },
    async claim(entry, owner, now, leaseMs) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: marshall(outboxEntryCodec.keyOf(entry)),
            UpdateExpression: "SET leaseOwner = :owner, leaseUntil = :until",
            ConditionExpression:
              "attribute_exists(pk) AND dueAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
            ExpressionAttributeValues: marshall({ ":owner": owner, ":until": now + leaseMs, ":now": now }),
          }),
        );
        return true;
      } catch (error) {
        if (lostLease(error)) return false;
        throw error;
      }
    },
    getRecord,
    async delivered(entry, owner, attempt) {
      const ok = await finish(
        entry,
        owner,
        attempt,
        { set: "#s = :delivered, deliveredAt = :at", values: { ":delivered": "delivered", ":at": attempt.at } },
        "delete",
      );
      if (ok) await trimLog(entry);
      return ok;
    },
    async failed(entry, owner, attempt, retryAt) {
      const ok = await finish(
        entry,
        owner,
        attempt,
        { set: "#s = :status", values: { ":status": retryAt === undefined ? "failed" : "pending" } },
        retryAt === undefined ? "delete" : { dueAt: retryAt },
      );
      if (ok) await trimLog(entry);
      return ok;
    },
    async listForAlert(province, alertId) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": notificationPartition(province, alertId) }),
      });
      return items.map((i) => notificationCodec.fromImage(i));
    },
    async pendingCount() {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": OUTBOX_PK }),
        ProjectionExpression: "pk",
        ConsistentRead: true,
      });
      return items.length;
    },
  };
}
