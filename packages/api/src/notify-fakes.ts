/** An in-memory NotificationStore for route tests (the DynamoDB one is tested on DynamoDB Local). */
import type { NotificationPolicy } from "@ioc/core";
import type { NotificationRecord, NotificationStore } from "@ioc/store";

/** A notification store in memory: policies and records; the outbox part is not needed by routes. */
export function createFakeNotificationStore(records: NotificationRecord[] = []): NotificationStore {
  const policies = new Map<string, NotificationPolicy>();
  const none = () => Promise.reject(new Error("the fake notification store has no outbox"));
  return {
    getPolicy: async (province) => policies.get(province),
    putPolicy: async (policy) => void policies.set(policy.province, policy),
    enqueue: none,
    due: none,
    claim: none,
    getRecord: none,
    delivered: none,
    failed: none,
    pendingCount: async () => 0,
    listForAlert: async (province, alertId) => records.filter((r) => r.province === province && r.alertId === alertId),
  };
}
