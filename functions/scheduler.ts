/**
 * Lambda entry point of the every-minute schedule: stale-feed detection (a source silent past its
 * cadence raises an alert of its own) and escalation of unacknowledged critical alerts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { runScheduledChecks } from "@ioc/pipeline";
import { createNotificationStore, createRuleStore, createSourceStore, createStateStore } from "@ioc/store";
import type { ScheduledEvent } from "aws-lambda";
import { dynamoClient, tablesFromEnv } from "./env.js";

const deps = { client: dynamoClient(), tables: tablesFromEnv() };
const checks = {
  state: createStateStore(deps),
  sources: createSourceStore(deps),
  rules: createRuleStore(deps),
  // Escalation follows each province's notification policy, as it does locally.
  policies: createNotificationStore(deps),
};
const logger = new Logger({ serviceName: "ioc-scheduler" });

export const handler = async (event: ScheduledEvent): Promise<void> => {
  const report = await runScheduledChecks({ ...checks, clock: Date.now });
  logger.info("scheduled checks done", {
    scheduledAt: event.time,
    silentSources: report.silentSources,
    escalated: report.escalated,
  });
};
