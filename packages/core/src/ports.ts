/**
 * The storage ports the domain needs. DynamoDB adapters implement them in `@ioc/store`; unit
 * tests may use in-memory fakes of these ports (never of DynamoDB itself).
 */
import type { Commune, Province } from "./admin-units.js";
import type { Alert, AlertRule } from "./alerts.js";
import type { Feeds } from "./feeds.js";
import type { Scenario } from "./gaps.js";
import type {
  CommuneDayBucket,
  CommuneDayValue,
  DayValues,
  HistoryPoint,
  HistoryRow,
  ProvinceMonth,
} from "./history.js";
import type { DayBucket, HourBucket, HourStats } from "./hour-buckets.js";
import type { Kpi, Rollup } from "./kpis.js";
import type { LatestPanel, LatestValue } from "./latest-values.js";
import type { LegacyCodeEntry, LegacyCodeLookup } from "./legacy-codes.js";
import type { Merge } from "./merge-result.js";
import type { ValidReading } from "./readings.js";

/** Where readings are stored exactly once per (source, id). */
export interface ReadingStore {
  /** Stores the reading unless one with the same (source, id) exists. */
  putOnce(reading: ValidReading, receivedAt: number): Promise<"stored" | "duplicate">;
  /** Stores each reading unless its (source, id) exists; outcomes in input order. Ids must be distinct. */
  putManyOnce(readings: readonly ValidReading[], receivedAt: number): Promise<Array<"stored" | "duplicate">>;
}

/** Latest values per commune × metric (the processor maintains them; readers list them). */
export interface LatestValueStore {
  /** Every latest value of a province. */
  listProvince(province: string): Promise<LatestValue[]>;
}

/** The registry of administrative units. */
export interface RegistryStore {
  getProvince(code: string): Promise<Province | undefined>;
  /** Writes a province and all its communes. */
  putProvince(province: Province): Promise<void>;
  /** The province of each known commune code among `codes` (unknown codes are absent). */
  provincesOf(codes: readonly string[]): Promise<Map<string, string>>;
  /** Removes communes from a province (a boundary import the operator confirmed). */
  removeCommunes(province: string, codes: readonly string[]): Promise<void>;
}

/** Stores and looks up the pre-2025 code mapping a deployment loads. */
export interface LegacyCodeStore extends LegacyCodeLookup {
  /** Looks up several old codes at once; unknown codes are absent. */
  getMany(oldCodes: readonly string[]): Promise<Map<string, LegacyCodeEntry>>;
  putAll(entries: Iterable<LegacyCodeEntry>): Promise<void>;
}

/** Per-source ingest budget: readings per fixed window. */
export interface RateLimiter {
  /** Takes `count` from the source's budget; refuses (with when to retry) when it is spent. */
  take(
    sourceId: string,
    count: number,
    limitPerMinute: number,
    now: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

/** A provincial system allowed to push readings. */
export interface Source {
  id: string;
  name: string;
  provinceCode: string;
  /** Metric key prefixes the source may write, e.g. `net.`; `""` allows every metric. */
  metricPrefixes: string[];
  cadenceSeconds: number;
  /** Readings per minute the source may send; over it, ingest answers 429. */
  rateLimitPerMinute: number;
  createdAt?: number;
  /** false refuses every key of the source until re-enabled; absent means enabled. */
  enabled?: boolean;
}

/** An API key's stored record: only its hash, never the key. */
export interface ApiKeyRecord {
  /** A short public id for listing and revoking, e.g. `k_3f9a2c1b`. */
  keyId: string;
  keyHash: string;
  sourceId: string;
  status: "active" | "revoked";
  createdAt: number;
  revokedAt?: number;
  /** The last accepted request with the key, recorded at most about once a minute. */
  lastUsedAt?: number;
}

/** Sources and their keys. */
export interface SourceStore {
  getSource(id: string): Promise<Source | undefined>;
  putSource(source: Source): Promise<void>;
  listSources(): Promise<Source[]>;
  findKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  putKey(record: ApiKeyRecord): Promise<void>;
  listKeys(sourceId: string): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when the source has no such key. */
  revokeKey(sourceId: string, keyId: string, at: number): Promise<boolean>;
  /** Records a key's last use; optional so stores without it still serve ingest. */
  markKeyUsed?(record: ApiKeyRecord, at: number): Promise<void>;
}

/** Answers whether the store is reachable. */
export interface StoreProbe {
  ping(): Promise<void>;
}

/** What the dashboard reads and changes besides the registry: indicators, series, alerts, rules. */
export interface DashboardStore {
  /** The province's indicators as of the given Vietnamese day (epoch ms of its start). */
  getKpis(province: string, dayStart: number): Promise<Record<string, Kpi> | undefined>;
  /** Hourly statistics of a commune's metric for the days in [fromDay, toDay]: day start → hour → stats. */
  getCommuneHours(
    province: string,
    metric: string,
    commune: string,
    fromDay: number,
    toDay: number,
  ): Promise<Map<number, Record<string, HourStats>>>;
  /** Every commune's hourly statistics of a metric on one Vietnamese day: commune → hour → stats. */
  getDayStats(province: string, metric: string, dayStart: number): Promise<Record<string, Record<string, HourStats>>>;
  listAlerts(province: string): Promise<Alert[]>;
  /** Applies `change` to an alert atomically; undefined when there is no such alert. */
  updateAlert(province: string, id: string, change: (alert: Alert) => Alert): Promise<Alert | undefined>;
  /** The rules in force in a province: its own, and the national templates it has not adopted. */
  listRules(province: string): Promise<AlertRule[]>;
  /** Stores a rule under a province (adopting a template of the same id there, and nowhere else). */
  putRule(province: string, rule: AlertRule): Promise<void>;
}

/** Alert rules as the processor and the scheduler read them: per province. */
export interface RuleSource {
  /** The rules in force in a province (see `DashboardStore.listRules`). */
  listFor(province: string): Promise<AlertRule[]>;
}

/** A planner's scenario as saved: who made it, for which province, and its sites. */
export interface SavedScenario {
  /** Random and unguessable: the id is what a shared link carries. */
  id: string;
  /** The `subject` of the user who saved it. */
  owner: string;
  ownerName: string;
  province: string;
  createdAt: number;
  scenario: Scenario;
}

/** Saved scenarios: listed per owner, read by id (shared links). */
export interface ScenarioStore {
  put(scenario: SavedScenario): Promise<void>;
  get(id: string): Promise<SavedScenario | undefined>;
  /** The owner's scenarios, newest first. */
  listByOwner(owner: string): Promise<SavedScenario[]>;
}

/**
 * The State table as the processor, the scheduler and the dashboard see it. Every `merge…` reads
 * the item, applies the pure merge and writes it back if it changed, retrying on a concurrent
 * write; it answers the merged item.
 */
export interface StateStore {
  mergeLatestPanel(province: string, metric: string, merge: Merge<LatestPanel>): Promise<LatestPanel>;
  mergeHourBucket(province: string, metric: string, hourStart: number, merge: Merge<HourBucket>): Promise<HourBucket>;
  mergeFeeds(province: string, merge: Merge<Feeds>): Promise<Feeds>;
  mergeRollup(province: string, dayStart: number, merge: Merge<Rollup>): Promise<Rollup>;
  /** An alert merge may leave no alert (nothing to clear): then it answers undefined. */
  mergeAlert(province: string, alertId: string, merge: Merge<Alert | undefined>): Promise<Alert | undefined>;
  getHourBucket(province: string, metric: string, hourStart: number): Promise<HourBucket | undefined>;
  getFeeds(province: string): Promise<Feeds | undefined>;
  getRollup(province: string, dayStart: number): Promise<Rollup | undefined>;
  listPanels(province: string): Promise<LatestPanel[]>;
  /**
   * The days from `fromDay` to `toDay` (Vietnamese day starts), each with its hours' statistics,
   * read from the hour buckets. With `commune`, only that commune's statistics are fetched.
   */
  listDayBuckets(
    province: string,
    metric: string,
    fromDay: number,
    toDay: number,
    commune?: string,
  ): Promise<DayBucket[]>;
  listAlerts(province: string): Promise<Alert[]>;
  /** The alerts among `ids` that exist, read consistently (the processor decides from them). */
  getAlerts(province: string, ids: readonly string[]): Promise<Map<string, Alert>>;
  /** A province × metric × Vietnamese day of commune daily values (history; see history.ts). */
  mergeDayValues(province: string, metric: string, dayStart: number, merge: Merge<DayValues>): Promise<DayValues>;
  /** A province's daily values of every metric in one month ("YYYY-MM"). */
  mergeProvinceMonth(province: string, month: string, merge: Merge<ProvinceMonth>): Promise<ProvinceMonth>;
}

/**
 * History as its readers see it (trend charts, map playback, target paths and projections) and
 * the historical import writes it. Days are Vietnamese days, given by their start (epoch ms).
 */
export interface HistoryStore {
  /** The province's daily values of a metric for the days in [fromDay, toDay], oldest first. */
  provinceDays(province: string, metric: string, fromDay: number, toDay: number): Promise<HistoryPoint[]>;
  /** Every commune's daily value of a metric on one day (communes without one are absent). */
  communeDay(province: string, metric: string, dayStart: number): Promise<Record<string, CommuneDayValue>>;
  /**
   * One commune's days of a metric in [fromDay, toDay] as series buckets, oldest first (days
   * without a value are absent): the daily history, kept years after the hour buckets expire.
   */
  communeDays(
    province: string,
    metric: string,
    commune: string,
    fromDay: number,
    toDay: number,
  ): Promise<CommuneDayBucket[]>;
  /**
   * Writes validated past rows as imported values of their days, then the province's daily values
   * of those days (from `communes`' populations). A set, so importing the same rows twice is a no-op.
   */
  importRows(
    province: string,
    communes: readonly Pick<Commune, "code" | "population">[],
    rows: readonly HistoryRow[],
    source: "import" | "synthetic",
  ): Promise<{ days: number; values: number }>;
}
