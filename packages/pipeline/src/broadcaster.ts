/**
 * The broadcaster: consumes the State stream and pushes exactly what changed to live clients.
 * Records are handled in stream order so that clients see changes in the order State saw them.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { LiveEvent } from "@ioc/core";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { newImageOf } from "./stream-records.js";

/** Delivers live events to the clients subscribed to a province (a WebSocket hub or API). */
export interface LivePublisher {
  publish(province: string, event: LiveEvent): Promise<void>;
}

/** What the broadcaster needs. */
export interface BroadcasterDeps {
  publisher: LivePublisher;
}

/** Builds the State-stream handler; the Lambda entry point and the local poller both call it. */
export function createBroadcaster(deps: BroadcasterDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const image = newImageOf(record);
    if (image?.entity !== "latest") return;
    const event: LiveEvent = {
      type: "latest",
      province: String(image.province),
      commune: String(image.commune),
      metric: String(image.metric),
      value: Number(image.value),
      observedAt: Number(image.observedAt),
    };
    await deps.publisher.publish(event.province, event);
  };

  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { processInParallel: false });
}
