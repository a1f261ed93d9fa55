/**
 * The broadcaster: consumes the State stream and pushes exactly what changed to live clients —
 * each commune whose latest value changed in a panel, and each alert that changed. Records are
 * handled in stream order so that clients see changes in the order State saw them.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { changedEntries, type LiveEvent } from "@ioc/core";
import { alertCodec, ENTITY, latestPanelCodec } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { entityOf, newImageOf, oldImageOf } from "./stream-records.js";

/** Delivers live events to the clients subscribed to a province (a WebSocket hub or API). */
export interface LivePublisher {
  publish(province: string, event: LiveEvent): Promise<void>;
}

/** What the broadcaster needs. */
export interface BroadcasterDeps {
  publisher: LivePublisher;
}

/** The events a State change means for live clients (none for items they do not show). */
export function liveEventsOf(record: DynamoDBRecord): LiveEvent[] {
  const entity = entityOf(record);
  if (entity !== ENTITY.latestPanel && entity !== ENTITY.alert) return [];
  const image = newImageOf(record);
  if (image?.entity === ENTITY.latestPanel) {
    const after = latestPanelCodec.fromImage(image);
    const old = oldImageOf(record);
    const before = old ? latestPanelCodec.fromImage(old).values : undefined;
    const { province, metric } = after;
    return changedEntries(before, after.values).map(([commune, e]) => ({
      type: "latest",
      province,
      commune,
      metric,
      value: e.v,
      observedAt: e.t,
    }));
  }
  if (image?.entity === ENTITY.alert) {
    const alert = alertCodec.fromImage(image);
    return [{ type: "alert", province: alert.province, alert }];
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
