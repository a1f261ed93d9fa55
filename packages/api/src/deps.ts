import type {
  AuditStore,
  DashboardStore,
  DeadLetterQueue,
  HistoryStore,
  LatestValueStore,
  LegacyCodeStore,
  RateLimiter,
  ReadingStore,
  RegistryStore,
  ScenarioStore,
  SourceStore,
  StoreProbe,
  TargetStore,
  UserDirectory,
  WeeklyReportRenderer,
} from "@ioc/core";
import type { GeoEngine } from "@ioc/geo";
import type { DeviceService } from "@ioc/identity";
import type { NotificationStore } from "@ioc/store";
import type { AuthDeps } from "./auth/auth-routes.js";

/** Logging the API needs; Powertools' Logger satisfies it, so does a test spy. */
export interface ApiLogger {
  info(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/** Everything the HTTP application needs, injected by the entry point. */
export interface ApiDeps {
  readings: ReadingStore;
  latest: LatestValueStore;
  registry: RegistryStore;
  sources: SourceStore;
  legacyCodes: LegacyCodeStore;
  rateLimiter: RateLimiter;
  probe: StoreProbe;
  dashboard: DashboardStore;
  /** Planners' saved scenarios; optional so apps built for other features need not supply it. */
  scenarios?: ScenarioStore;
  /** Daily and hourly history and the historical import; optional like scenarios. */
  history?: HistoryStore;
  /** Province target paths; without it every province measures against the national defaults. */
  targets?: TargetStore;
  /** Renders the weekly report PDF; absent where a separate function serves reports (the API Lambda). */
  reports?: WeeklyReportRenderer;
  /**
   * Boundary import and tile cutting (`geoEngine` of @ioc/geo); absent where a separate function
   * serves those routes (the API Lambda: the Geo function does, and the bundle stays smaller).
   */
  geo?: GeoEngine;
  /** Notification policies and outcomes; the notification routes are served only with it. */
  notifications?: NotificationStore;
  clock: () => number;
  logger: ApiLogger;
  /** The province the dashboard shows when a request names none. */
  defaultProvince: string;
  /**
   * Dashboard identity: the verifier of sign-in tokens, and the local issuer where this runtime
   * signs them. Every production entry point passes it (the Lambda with a Cognito verifier, the
   * local runtime with its issuer). Without it the dashboard routes are open: that exists only
   * for tests about something else, never for a deployment.
   */
  auth?: AuthDeps;
  /** The audit trail (issue 13); every production entry point passes it (createDynamoStores has it). */
  audit?: AuditStore;
  /** Wall devices (issue 14 item 4); their tokens verify through `auth.verifier` (see `withDeviceTokens`). */
  devices?: DeviceService;
  /** The processor's dead letters; without it the dead-letter routes answer 503. */
  deadLetters?: DeadLetterQueue;
  /** The sign-in issuer's users; without it `GET /v1/users` answers 503. */
  users?: UserDirectory;
}
