import type {
  LatestValueStore,
  LegacyCodeStore,
  RateLimiter,
  ReadingStore,
  RegistryStore,
  SourceStore,
  StoreProbe,
} from "@ioc/core";

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
  clock: () => number;
  logger: ApiLogger;
  /** The province the dashboard shows when a request names none. */
  defaultProvince: string;
}
