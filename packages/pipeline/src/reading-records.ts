/** Readings stream records as the processor folds them, decoded by the store's reading codec. */
import type { BucketReading, PanelReading } from "@ioc/core";
import { ENTITY, readingCodec } from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

/** A Readings record as the processor folds it: the stored reading and its stream position. */
export interface StreamReading extends BucketReading, PanelReading {
  sourceId: string;
  province: string;
  metric: string;
  receivedAt: number;
}

/**
 * Decodes a Readings stream record with the reading codec; undefined for records to skip
 * (removals, TTL expiries, other entities). A malformed image throws `MalformedItemError`.
 */
export function toStreamReading(record: DynamoDBRecord): StreamReading | undefined {
  const image = newImageOf(record);
  if (image?.entity !== ENTITY.reading) return undefined;
  const r = readingCodec.fromImage(image);
  return {
    seq: record.dynamodb?.SequenceNumber ?? "",
    sourceId: r.sourceId,
    readingKey: `${r.sourceId}/${r.readingId}`,
    province: r.province,
    commune: r.commune,
    metric: r.metric,
    value: r.value,
    observedAt: r.observedAt,
    receivedAt: r.receivedAt ?? r.observedAt,
  };
}

/** Decodes a batch's records: the readings to fold, and the records that can never succeed. */
export function decodeReadings(
  records: readonly DynamoDBRecord[],
  onMalformed: (record: DynamoDBRecord, error: unknown) => void,
): { readings: StreamReading[]; failed: Set<string> } {
  const readings: StreamReading[] = [];
  const failed = new Set<string>();
  for (const record of records) {
    try {
      const reading = toStreamReading(record);
      if (reading) readings.push(reading);
    } catch (error) {
      onMalformed(record, error);
      failed.add(record.dynamodb?.SequenceNumber ?? "");
    }
  }
  return { readings, failed };
}
