/**
 * The processor: consumes the Readings stream and maintains State (latest value per commune ×
 * metric). Idempotent: applying a record twice, or out of order, leaves the same State, because
 * the write is conditional on the observation being newer.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { LatestValueStore } from "@ioc/core";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

/** What the processor needs. */
export interface ProcessorDeps {
  latest: LatestValueStore;
  clock: () => number;
  /** Powertools' Logger fits; so does the local console logger. */
  logger: { debug(message: string, extra?: Record<string, unknown>): void };
}

/** A malformed Readings record: it can never succeed, so retries will not help. */
export class MalformedReadingRecordError extends Error {
  readonly code = "malformed-reading-record";
}

/** Builds the Readings-stream handler; the Lambda entry point and the local poller both call it. */
export function createProcessor(deps: ProcessorDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const image = newImageOf(record);
    if (!image || image.entity !== "reading") return;
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
    const written = await deps.latest.apply(
      { province, commune, metric, value, observedAt, readingKey: `${String(sourceId)}/${String(readingId)}` },
      deps.clock(),
    );
    if (!written) deps.logger.debug("older than the stored latest value; skipped", { commune, metric });
  };

  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor);
}
