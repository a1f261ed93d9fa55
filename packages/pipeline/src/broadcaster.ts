/**
 * The broadcaster: consumes the State stream and pushes exactly what changed to live clients —
 * each commune whose latest value changed in a panel, and each alert that changed. Records are
 * handled in stream order so that clients see changes in the order State saw them.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Alert, LiveEvent } from "@ioc/core";
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

type PanelValues = Record<string, { v: number; t: number; k: string }>;

/** The events a State change means for live clients (none for items they do not show). */
export function liveEventsOf(record: DynamoDBRecord): LiveEvent[] {
  const image = newImageOf(record);
  if (!image) return [];
  if (image.entity === "latest-panel") {
    const before = record.dynamodb?.OldImage
      ? ((unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>).values ?? {}) as PanelValues)
      : {};
    const after = (image.values ?? {}) as PanelValues;
    const province = String(image.province);
    const metric = String(image.metric);
    return Object.entries(after)
      .filter(([commune, e]) => before[commune]?.k !== e.k)
      .sort(([, a], [, b]) => a.t - b.t)
      .map(([commune, e]) => ({ type: "latest", province, commune, metric, value: e.v, observedAt: e.t }));
  }
  if (image.entity === "alert") {
    const { pk: _pk, sk: _sk, entity: _e, version: _v, ...alert } = image;
    return [{ type: "alert", province: String(image.province), alert: alert as unknown as Alert }];
  }
  return [];
}

/** Builds the State-stream handler; the Lambda entry point and the local poller both call it. */
export function createBroadcaster(deps: BroadcasterDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    for (const event of liveEventsOf(record)) await deps.publisher.publish(event.province, event);
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { processInParallel: false });
}
