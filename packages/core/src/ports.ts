/**
 * The storage ports the domain needs. DynamoDB adapters implement them in `@ioc/store`; unit
 * tests may use in-memory fakes of these ports (never of DynamoDB itself).
 */
import type { Province } from "./admin-units.js";
import type { ValidReading } from "./readings.js";

/** A commune's latest value of one metric, as the State table holds it. */
export interface LatestValue {
  province: string;
  commune: string;
  metric: string;
  value: number;
  observedAt: number;
  /** `${sourceId}/${readingId}` of the reading that set it; breaks observedAt ties. */
  readingKey: string;
}

/** Where readings are stored exactly once per (source, id). */
export interface ReadingStore {
  /** Stores the reading unless one with the same (source, id) exists. */
  putOnce(reading: ValidReading, receivedAt: number): Promise<"stored" | "duplicate">;
}

/** Latest values per commune × metric. */
export interface LatestValueStore {
  /** Writes `value` unless a newer observation is already stored; true when written. */
  apply(value: LatestValue, updatedAt: number): Promise<boolean>;
  /** Every latest value of a province. */
  listProvince(province: string): Promise<LatestValue[]>;
}

/** The registry of administrative units. */
export interface RegistryStore {
  getProvince(code: string): Promise<Province | undefined>;
  /** Writes a province and all its communes. */
  putProvince(province: Province): Promise<void>;
}

/** A provincial system allowed to push readings. */
export interface Source {
  id: string;
  name: string;
  provinceCode: string;
  /** Metric key prefixes the source may write, e.g. `net.`; `""` allows every metric. */
  metricPrefixes: string[];
  cadenceSeconds: number;
}

/** An API key's stored record: only its hash, never the key. */
export interface ApiKeyRecord {
  keyHash: string;
  sourceId: string;
  status: "active" | "revoked";
  createdAt: number;
}

/** Sources and their keys. */
export interface SourceStore {
  getSource(id: string): Promise<Source | undefined>;
  putSource(source: Source): Promise<void>;
  findKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  putKey(record: ApiKeyRecord): Promise<void>;
}

/** Answers whether the store is reachable. */
export interface StoreProbe {
  ping(): Promise<void>;
}
