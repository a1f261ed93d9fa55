/**
 * The processor: consumes the Readings stream and maintains State (latest value per commune ×
 * metric). Idempotent: applying a record twice, or out of order, leaves the same State, because
 * the write is conditional on the observation being newer. A batch is coalesced first: of the
 * records for one commune × metric only the newest is written, so State (and every live client)
 * never sees a value that the same batch already superseded.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { type LatestValue, type LatestValueStore, supersedes } from "@ioc/core";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

/** What the processor needs. */
export interface ProcessorDeps {
  latest: LatestValueStore;
  clock: () => number;
  /** Powertools' Logger fits; so does the local console logger. */
  logger: { debug(message: string, ...extra: unknown[]): void };
}

/** A malformed Readings record: it can never succeed, so retries will not help. */
export class MalformedReadingRecordError extends Error {
  readonly code = "malformed-reading-record";
}

/** Builds the Readings-stream handler; the Lambda entry point and the local poller both call it. */
export function createProcessor(deps: ProcessorDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const toLatest = (record: DynamoDBRecord): LatestValue | undefined => {
    const image = newImageOf(record);
    if (image?.entity !== "reading") return undefined;
    const { province, commune, metric, value, observedAt, sourceId, readingId } = image;
    if (
      typeof province !== "string" ||
      typeof commune !== "string" ||
      typeof metric !== "string" ||
      typeof value !== "number" ||
      typeof observedAt !== "number"
    ) {
      throw new MalformedReadingRecordError(
        `reading ${String(sourceId)}/${String(readingId)} lacks province, commune, metric, value or observedAt`,
      );
    }
    return { province, commune, metric, value, observedAt, readingKey: `${String(sourceId)}/${String(readingId)}` };
  };

  const slot = (v: LatestValue) => `${v.province}|${v.commune}|${v.metric}`;

  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    // The newest observation per commune × metric in this batch; malformed records are left to
    // the per-record pass, which reports them as failures.
    const winners = new Map<string, LatestValue>();
    for (const record of event.Records) {
      let value: LatestValue | undefined;
      try {
        value = toLatest(record);
      } catch {
        continue;
      }
      if (value && supersedes(value, winners.get(slot(value)))) winners.set(slot(value), value);
    }
    const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
      const value = toLatest(record);
      if (!value || winners.get(slot(value))?.readingKey !== value.readingKey) return;
      const written = await deps.latest.apply(value, deps.clock());
      if (!written)
        deps.logger.debug("older than the stored latest value; skipped", {
          commune: value.commune,
          metric: value.metric,
        });
    };
    return processPartialResponse(event, handleRecord, processor);
  };
}
