/** Lambda entry point of Cognito's pre-token-generation trigger: each sign-in into the audit trail. */
import { createSignInAuditTrigger } from "@ioc/aws";
import { createAuditStore } from "@ioc/store";
import { dynamoClient, tablesFromEnv } from "./env.js";

export const handler = createSignInAuditTrigger({
  audit: createAuditStore({ client: dynamoClient(), tables: tablesFromEnv() }),
  clock: Date.now,
});
