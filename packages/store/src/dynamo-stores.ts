import { createAuditStore } from "./audit-store.js";
import { createDashboardStore } from "./dashboard-store.js";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { createHistoryStore } from "./history-store.js";
import { createLatestValueStore } from "./latest-value-store.js";
import { createLegacyCodeStore } from "./legacy-code-store.js";
import { createRateLimiter } from "./rate-limiter.js";
import { createReadingStore } from "./reading-store.js";
import { createRegistryStore } from "./registry-store.js";
import { createScenarioStore } from "./scenario-store.js";
import { createSourceStore } from "./source-store.js";
import { createStoreProbe } from "./store-probe.js";

/** Every DynamoDB-backed port the API needs, built from one client and the table names. */
export function createDynamoStores(deps: DynamoDeps) {
  return {
    readings: createReadingStore(deps),
    latest: createLatestValueStore(deps),
    registry: createRegistryStore(deps),
    sources: createSourceStore(deps),
    legacyCodes: createLegacyCodeStore(deps),
    rateLimiter: createRateLimiter(deps),
    probe: createStoreProbe(deps),
    dashboard: createDashboardStore(deps),
    scenarios: createScenarioStore(deps),
    history: createHistoryStore(deps),
    audit: createAuditStore(deps),
  };
}
